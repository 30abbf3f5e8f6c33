package io.github.katib4j.report;

import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Condition;
import io.github.katib4j.experiment.ConditionStatus;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.ExperimentStatus;
import io.github.katib4j.experiment.Metric;
import io.github.katib4j.experiment.ObjectMeta;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Observation;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialConditionType;
import io.github.katib4j.experiment.TrialSpec;
import io.github.katib4j.experiment.TrialStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A small finished experiment and its trials, as either engine would report them. */
final class ReportFixtures {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private ReportFixtures() {}

  static Experiment experiment() {
    ExperimentSpec spec = ExperimentSpec.builder()
        .addParameter(Parameter.doubleRange("lr", 0.0001, 0.1).logUniform())
        .addParameter(Parameter.categorical("optimizer", "sgd", "adam"))
        .objective(Objective.minimize("loss").additionalMetrics("accuracy"))
        .algorithm(Algorithm.tpe())
        .maxTrialCount(5)
        .build();
    ExperimentStatus status = ExperimentStatus.builder()
        .addCondition(Condition.builder().type("Succeeded").status(ConditionStatus.TRUE)
            .reason("ExperimentMaxTrialsReached")
            .message("Experiment has succeeded because max trial count has reached").build())
        .trials(5).trialsSucceeded(3).trialsFailed(1).trialsEarlyStopped(1)
        .build();
    return Experiment.of(ObjectMeta.builder().name("demo").namespace("team").build(), spec).withStatus(status);
  }

  static List<Trial> trials() {
    List<Trial> trials = new ArrayList<>();
    trials.add(trial(1, "0.01", "sgd", TrialConditionType.SUCCEEDED, "0.50", "0.80"));
    trials.add(trial(2, "0.001", "adam", TrialConditionType.SUCCEEDED, "0.25", "0.90"));
    trials.add(trial(3, "0.05", "sgd", TrialConditionType.FAILED, null, null));
    trials.add(trial(4, "0.0005", "<script>alert(1)</script>", TrialConditionType.EARLY_STOPPED, "0.70", "0.60"));
    trials.add(trial(5, "0.002", "adam", TrialConditionType.SUCCEEDED, "0.31", "0.88"));
    return trials;
  }

  static Trial trial(int n, String lr, String optimizer, TrialConditionType state, String loss, String accuracy) {
    TrialStatus.Builder status = TrialStatus.builder()
        .startTime(T0.plusSeconds(60L * n))
        .completionTime(T0.plusSeconds(60L * n + 30))
        .addCondition(Condition.builder().type(state.wireName()).status(ConditionStatus.TRUE).build());
    if (loss != null) {
      status.observation(Observation.builder()
          .addMetric(Metric.builder().name("loss").min(loss).max("0.9").latest(loss).build())
          .addMetric(Metric.builder().name("accuracy").min("0.1").max(accuracy).latest(accuracy).build())
          .build());
    }
    return Trial.builder()
        .metadata(ObjectMeta.builder().name("demo-trial" + n).namespace("team")
            .creationTimestamp(T0.plusSeconds(60L * n)).build())
        .spec(TrialSpec.builder()
            .addParameterAssignment(ParameterAssignment.of("lr", lr))
            .addParameterAssignment(ParameterAssignment.of("optimizer", optimizer))
            .build())
        .status(status.build())
        .build();
  }
}
