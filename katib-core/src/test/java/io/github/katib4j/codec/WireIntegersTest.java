package io.github.katib4j.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibParseException;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Suggestion;
import io.github.katib4j.experiment.Trial;
import org.junit.jupiter.api.Test;

/** Integers are read at the width Katib's Go types have: out of range is an error, never a wrapped value. */
class WireIntegersTest {
  private static final KatibCodec CODEC = KatibCodec.create();

  private static String prometheusPort(String port) {
    return "apiVersion: kubeflow.org/v1beta1\nkind: Experiment\nmetadata: {name: p}\nspec:\n"
        + "  metricsCollectorSpec:\n    collector: {kind: PrometheusMetric}\n"
        + "    source:\n      httpGet: {path: /metrics, port: " + port + "}\n";
  }

  @Test
  void read_httpGetPortBeyondInt32_isAnErrorAtItsPath() {
    assertThatThrownBy(() -> CODEC.read(prometheusPort("99999999999"), "p.yaml", Experiment.class))
        .isInstanceOf(KatibParseException.class)
        .hasMessageContaining("spec.metricsCollectorSpec.source.httpGet.port: expected a port number (a 32-bit "
            + "integer) or name, found 99999999999, which is out of range");
    assertThatThrownBy(() -> CODEC.read(prometheusPort("-2147483649"), "p.yaml", Experiment.class))
        .hasMessageContaining("found -2147483649, which is out of range");
  }

  @Test
  void read_httpGetPortWithinInt32_keepsIt() {
    Experiment read = CODEC.read(prometheusPort("2147483647"), "p.yaml", Experiment.class);

    assertThat(read.spec().metricsCollectorSpec().orElseThrow().source().orElseThrow().httpGet().orElseThrow()
        .port()).hasValue(2147483647);
  }

  @Test
  void read_startStepBeyondInt32_keepsTheGoInt64AndWritesItBack() {
    String trial = "apiVersion: kubeflow.org/v1beta1\nkind: Trial\nmetadata: {name: t}\nspec:\n"
        + "  earlyStoppingRules:\n    - {name: accuracy, value: \"0.5\", comparison: less, startStep: 5000000000}\n";
    String suggestion = "apiVersion: kubeflow.org/v1beta1\nkind: Suggestion\nmetadata: {name: s}\nspec:\n"
        + "  requests: 1\nstatus:\n  suggestions:\n    - name: t\n      earlyStoppingRules:\n"
        + "        - {name: accuracy, value: \"0.5\", comparison: less, startStep: 9223372036854775807}\n";

    Trial readTrial = CODEC.read(trial, "t.yaml", Trial.class);
    Suggestion readSuggestion = CODEC.read(suggestion, "s.yaml", Suggestion.class);

    assertThat(readTrial.spec().earlyStoppingRules().get(0).startStep()).isEqualTo(5_000_000_000L);
    assertThat(CODEC.toJson(readTrial, false)).contains("\"startStep\":5000000000");
    assertThat(readSuggestion.status().orElseThrow().suggestions().get(0).earlyStoppingRules().get(0).startStep())
        .isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> CODEC.read(trial.replace("5000000000", "9223372036854775808"), "t.yaml", Trial.class))
        // kubectl reads 2^63 in YAML as the float64 it is nearest to, as the message shows.
        .hasMessageContaining("spec.earlyStoppingRules[0].startStep: expected a 64-bit integer, found "
            + "9223372036854776000, which is out of range");
  }
}
