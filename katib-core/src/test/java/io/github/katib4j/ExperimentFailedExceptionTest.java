package io.github.katib4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.Condition;
import io.github.katib4j.experiment.ConditionStatus;
import io.github.katib4j.experiment.ObjectMeta;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentFailedExceptionTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void trialFailures_namesTheLastTrialToFail_withItsConditionMessage_andCountsFailedAndMetricsUnavailable() {
    List<Trial> trials = List.of(
        trial("a", "Failed", "Trial has failed. Job message: out of memory", 30),
        trial("b", "Succeeded", "Trial has succeeded", 50),
        trial("c", "MetricsUnavailable", "Metrics are not available", 40),
        trial("d", "Failed", "Trial has failed", 10));

    assertThat(ExperimentFailedException.trialFailures(trials))
        .hasValue("3 trials failed; the last, c: Metrics are not available");
  }

  @Test
  void trialFailures_trialsThatEndedInTheSameSecond_namesTheLaterCreated() {
    // Katib's times have whole seconds, so trials that failed together cannot be told apart by them.
    List<Trial> trials = List.of(trial("a", "Failed", "first", 30), trial("b", "Failed", "second", 30));

    assertThat(ExperimentFailedException.trialFailures(trials)).hasValue("2 trials failed; the last, b: second");
  }

  @Test
  void trialFailures_oneFailedTrial_saysSoWithoutLast() {
    assertThat(ExperimentFailedException.trialFailures(List.of(trial("a", "Failed", "Trial has failed", 3))))
        .hasValue("1 trial failed: a: Trial has failed");
  }

  @Test
  void trialFailures_noFailedTrial_isEmpty() {
    assertThat(ExperimentFailedException.trialFailures(List.of(trial("a", "Succeeded", "ok", 3),
        Trial.builder().metadata(ObjectMeta.builder().name("pending").build()).build()))).isEmpty();
  }

  private static Trial trial(String name, String state, String message, long endSecond) {
    return Trial.builder()
        .metadata(ObjectMeta.builder().name(name).build())
        .status(TrialStatus.builder()
            .completionTime(T0.plusSeconds(endSecond))
            .addCondition(Condition.builder().type(state).status(ConditionStatus.TRUE).reason(state)
                .message(message).build())
            .build())
        .build();
  }
}
