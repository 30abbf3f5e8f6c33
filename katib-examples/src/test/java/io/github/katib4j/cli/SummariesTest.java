package io.github.katib4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import org.junit.jupiter.api.Test;

class SummariesTest {
  /** An experiment whose status has {@code conditions} (YAML flow sequence). */
  private static Experiment withConditions(String conditions) {
    return KatibCodec.create().readAll(String.join("\n",
        "apiVersion: kubeflow.org/v1beta1",
        "kind: Experiment",
        "metadata: {name: e, namespace: team}",
        "spec: {maxTrialCount: 3}",
        "status: {conditions: " + conditions + "}",
        ""), "test", Experiment.class).get(0);
  }

  @Test
  void condition_onlyATrueConditionIsShown_theLastOne() {
    assertThat(Summaries.condition(withConditions("[{type: Created, status: 'True', reason: ExperimentCreated, "
        + "message: Experiment is created}, {type: Succeeded, status: Unknown, reason: Pending, message: not yet}]")))
        .isEqualTo("Created (ExperimentCreated: Experiment is created)");
    assertThat(Summaries.condition(withConditions("[{type: Succeeded, status: Unknown, reason: Pending, message: not yet}]")))
        .isEqualTo("none holds yet");
  }

  @Test
  void condition_emptyReasonOrMessage_isLeftOut() {
    assertThat(Summaries.condition(withConditions("[{type: Failed, status: 'True'}]"))).isEqualTo("Failed");
    assertThat(Summaries.condition(withConditions("[{type: Failed, status: 'True', reason: ExperimentFailed}]")))
        .isEqualTo("Failed (ExperimentFailed)");
    assertThat(Summaries.condition(withConditions("[{type: Failed, status: 'True', message: out of quota}]")))
        .isEqualTo("Failed (out of quota)");
  }
}
