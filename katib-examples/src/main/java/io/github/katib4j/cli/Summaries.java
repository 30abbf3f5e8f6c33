package io.github.katib4j.cli;

import io.github.katib4j.experiment.Condition;
import io.github.katib4j.experiment.ConditionStatus;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentStatus;
import io.github.katib4j.experiment.Metric;
import io.github.katib4j.experiment.OptimalTrial;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.internal.ControlCharacters;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One-line texts for experiments and trials, as the cluster commands print them. What comes from trials and the
 * cluster (names, values, condition messages) is shown with control characters escaped: a newline would break a line
 * or a table row, and an escape sequence would act on the terminal.
 */
final class Summaries {
  /** What stands for a value there is none of, as in the trials table's METRICS column for a trial without metrics. */
  static final String NO_VALUE = "-";

  private Summaries() {}

  /**
   * The condition that holds (status True) and changed last, as {@code kubectl get experiment} shows it, with its
   * reason and message when it has them.
   */
  static String condition(Experiment experiment) {
    ExperimentStatus status = experiment.status().orElse(null);
    if (status == null || status.conditions().isEmpty()) {
      return "no status yet (Katib's controller has not reconciled it)";
    }
    return status.conditions().stream().filter(c -> c.status() == ConditionStatus.TRUE).reduce((a, b) -> b)
        .map(Summaries::condition).orElse("none holds yet");
  }

  /** {@code Type (reason: message)}, leaving out what is empty. */
  static String condition(Condition condition) {
    String why = condition.reason().isEmpty() ? condition.message() : condition.message().isEmpty()
        ? condition.reason() : condition.reason() + ": " + condition.message();
    return condition.type() + (why.isEmpty() ? "" : " (" + shown(why) + ")");
  }

  /** Why there is no optimal trial: none has reported the objective metric, yet or at all. */
  static String noBest(Experiment experiment) {
    boolean completed = experiment.status().map(ExperimentStatus::isCompleted).orElse(false);
    return completed ? "none, as no trial reported the objective metric"
        : "none yet, as no trial has reported the objective metric";
  }

  static String trials(Experiment experiment) {
    ExperimentStatus status = experiment.status().orElse(null);
    if (status == null) {
      return "none yet";
    }
    String max = experiment.spec().maxTrialCount().isPresent()
        ? " of " + experiment.spec().maxTrialCount().getAsInt() : "";
    return status.trials() + max + " (" + status.trialsSucceeded() + " succeeded, " + status.trialsRunning()
        + " running, " + status.trialsPending() + " pending, " + status.trialsFailed() + " failed, "
        + status.trialsEarlyStopped() + " early stopped, " + status.trialMetricsUnavailable()
        + " without metrics)";
  }

  static String budget(Experiment experiment) {
    var spec = experiment.spec();
    return "maxTrialCount " + (spec.maxTrialCount().isPresent() ? spec.maxTrialCount().getAsInt() : "unset")
        + ", parallelTrialCount " + (spec.parallelTrialCount().isPresent() ? spec.parallelTrialCount().getAsInt()
        : "3 (default)") + ", maxFailedTrialCount " + (spec.maxFailedTrialCount().isPresent()
        ? spec.maxFailedTrialCount().getAsInt() : "unset");
  }

  /** {@code name  loss=0.0123 (min)  lr=0.03 momentum=0.7}. */
  static String optimal(OptimalTrial best) {
    return shown(best.bestTrialName()) + "  " + metrics(best.observation().metrics()) + "  "
        + assignments(best.parameterAssignments());
  }

  static String assignments(List<ParameterAssignment> assignments) {
    return assignments.stream().map(a -> shown(a.name() + "=" + a.value())).collect(Collectors.joining(" "));
  }

  /**
   * {@code loss=0.0123 accuracy=0.91}: each metric's latest value, or {@value #NO_VALUE} for one that has none (an
   * old Katib kept a single {@code value}, which Katib v0.19.0, and so katib4j, does not read), so that every metric
   * has a word after its {@code =}.
   */
  static String metrics(List<Metric> metrics) {
    return metrics.stream().map(m -> shown(m.name() + "=" + (m.latest().isEmpty() ? NO_VALUE : m.latest())))
        .collect(Collectors.joining(" "));
  }

  /** {@code text} on one line, its control characters escaped. */
  static String shown(String text) {
    return ControlCharacters.oneLine(text);
  }

  /** Pending, Running, Succeeded, ... */
  static String state(Trial trial) {
    return trial.status().flatMap(s -> s.state()).map(Object::toString).orElse("Pending");
  }
}
