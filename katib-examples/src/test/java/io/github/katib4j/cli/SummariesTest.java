package io.github.katib4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Metric;
import io.github.katib4j.experiment.ParameterAssignment;
import java.util.List;
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

  @Test
  void valuesAndMessages_fromTrialsAndTheCluster_areShownOnOneLineWithControlCharactersEscaped() {
    assertThat(Summaries.condition(withConditions("[{type: Failed, status: 'True', reason: TrialFailed, "
        + "message: \"diverged\\n\\e[2Jat step 3\"}]")))
        .isEqualTo("Failed (TrialFailed: diverged\\n\\u001b[2Jat step 3)");
    assertThat(Summaries.assignments(List.of(ParameterAssignment.of("optimizer", "sgd\nadam"))))
        .isEqualTo("optimizer=sgd\\nadam");
    assertThat(Summaries.metrics(List.of(Metric.builder().name("loss").min("1").max("1").latest("1\r").build())))
        .isEqualTo("loss=1\\r");
  }

  @Test
  void metrics_withoutALatestValue_showAPlaceholder_notAnEmptyWord() {
    // An old Katib stored {name: loss, value: "0.123"}; Katib v0.19.0 reads no min, max or latest from it.
    Experiment old = KatibCodec.create().lenient().readAll(String.join("\n",
        "apiVersion: kubeflow.org/v1beta1",
        "kind: Experiment",
        "metadata: {name: e, namespace: team}",
        "spec: {maxTrialCount: 3}",
        "status: {currentOptimalTrial: {bestTrialName: e-abc, parameterAssignments: [{name: lr, value: '0.02'}], "
            + "observation: {metrics: [{name: loss, value: '0.123'}, {name: acc, latest: '0.9'}]}}}",
        ""), "test", Experiment.class).get(0);

    assertThat(Summaries.optimal(old.status().orElseThrow().optimalTrial().orElseThrow()))
        .isEqualTo("e-abc  loss=- acc=0.9  lr=0.02");
    assertThat(Summaries.metrics(List.of(Metric.builder().name("loss").build()))).isEqualTo("loss=-");
  }
}
