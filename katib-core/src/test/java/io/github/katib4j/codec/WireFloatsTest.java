package io.github.katib4j.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.Experiment;
import org.junit.jupiter.api.Test;

/**
 * Katib's float64 fields (the objective's goal) are written as Go's encoding/json writes a float64, the form
 * {@code kubectl get -o json} shows and {@code katib run -o json} promises.
 */
class WireFloatsTest {
  private static String goalWritten(String goal) {
    Experiment experiment = KatibCodec.create().readExperiment("apiVersion: kubeflow.org/v1beta1\nkind: Experiment\n"
        + "metadata: {name: g}\nspec:\n  objective: {type: minimize, objectiveMetricName: loss, goal: " + goal + "}\n");
    String json = KatibCodec.create().toJson(experiment, false);
    int start = json.indexOf("\"goal\":") + "\"goal\":".length();
    return json.substring(start, json.indexOf(',', start) < 0 ? json.indexOf('}', start)
        : Math.min(json.indexOf(',', start), json.indexOf('}', start)));
  }

  @Test
  void goal_isWrittenAsGosEncoderWritesAFloat64() {
    assertThat(goalWritten("0.0000001")).isEqualTo("1e-7");
    assertThat(goalWritten("1e-7")).isEqualTo("1e-7");
    assertThat(goalWritten("0.001")).isEqualTo("0.001");
    assertThat(goalWritten("0.99")).isEqualTo("0.99");
    assertThat(goalWritten("3")).isEqualTo("3");
    assertThat(goalWritten("3.0")).isEqualTo("3");
    assertThat(goalWritten("1e20")).isEqualTo("100000000000000000000");
    assertThat(goalWritten("1e21")).isEqualTo("1e+21");
    assertThat(goalWritten("-2.5e-10")).isEqualTo("-2.5e-10");
  }

  @Test
  void goal_writtenAsYaml_readsBackTheSame() {
    Experiment experiment = KatibCodec.create().readExperiment("apiVersion: kubeflow.org/v1beta1\nkind: Experiment\n"
        + "metadata: {name: g}\nspec:\n  objective: {type: minimize, objectiveMetricName: loss, goal: 0.0000001}\n");

    String yaml = KatibCodec.create().toYaml(experiment);

    assertThat(yaml).contains("goal: 1e-7\n");
    assertThat(KatibCodec.create().readExperiment(yaml)).isEqualTo(experiment);
  }
}
