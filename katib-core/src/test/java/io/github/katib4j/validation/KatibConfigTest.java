package io.github.katib4j.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibParseException;
import org.junit.jupiter.api.Test;

class KatibConfigTest {
  @Test
  void defaults_areKatibV0190sInstallation() {
    KatibConfig config = KatibConfig.defaults();
    assertThat(config.suggestions().keySet()).containsExactly("random", "tpe", "grid", "hyperband",
        "bayesianoptimization", "cmaes", "sobol", "multivariate-tpe", "enas", "darts", "pbt");
    assertThat(config.suggestionImage("cmaes")).contains("ghcr.io/kubeflow/katib/suggestion-goptuna:v0.19.0");
    assertThat(config.earlyStoppings().keySet()).containsExactly("medianstop");
    assertThat(config.metricsCollectors().keySet()).containsExactly("StdOut", "File", "TensorFlowEvent");
    assertThat(config.metricsCollectorImage("PrometheusMetric")).isEmpty();
  }

  @Test
  void parse_readsTheRuntimeListsLastEntryWinningAndBlankImagesMissing() {
    KatibConfig config = KatibConfig.parse("apiVersion: config.kubeflow.org/v1beta1\nkind: KatibConfig\n"
        + "init: {controller: {webhookPort: 8443}}\nruntime:\n  suggestions:\n"
        + "    - {algorithmName: random, image: a:1}\n    - {algorithmName: random, image: b:2}\n"
        + "    - {algorithmName: tpe, image: \"  \"}\n  metricsCollectors:\n    - kind: PrometheusMetric\n"
        + "      image: prom:1\n      resources: {limits: {memory: 1Gi}}\n");
    assertThat(config.suggestionImage("random")).contains("b:2");
    assertThat(config.suggestionImage("tpe")).isEmpty();
    assertThat(config.metricsCollectorImage("PrometheusMetric")).contains("prom:1");
    assertThat(config.earlyStoppings()).isEmpty();
  }

  @Test
  void parse_wrongShape_throwsWithThePath() {
    assertThatThrownBy(() -> KatibConfig.parse("runtime:\n  suggestions: {random: x}\n"))
        .isInstanceOf(KatibParseException.class)
        .hasMessageContaining("runtime.suggestions")
        .hasMessageContaining("expected a list");
  }

  @Test
  void parse_textThatIsNotAKatibConfig_isRefusedRatherThanReadAsEmpty() {
    assertThatThrownBy(() -> KatibConfig.parse("foo: bar\n", "other.yaml"))
        .isInstanceOf(KatibParseException.class)
        .hasMessageContaining("other.yaml")
        .hasMessageContaining("expected Katib's configuration (apiVersion: config.kubeflow.org/v1beta1, kind: "
            + "KatibConfig, with runtime.suggestions")
        .hasMessageContaining("found only foo");
    assertThatThrownBy(() -> KatibConfig.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: katib-config}\n"))
        .hasMessageContaining("this is a ConfigMap: pass the text of its data[\"katib-config.yaml\"]");
    assertThatThrownBy(() -> KatibConfig.parse("apiVersion: batch/v1\nkind: Job\n"))
        .hasMessageContaining("found kind \"Job\"");
    assertThat(KatibConfig.parse("apiVersion: config.kubeflow.org/v1beta1\nkind: KatibConfig\n").suggestions())
        .isEmpty();
  }

  @Test
  void builder_copiesAreIndependentAndEqualByContent() {
    KatibConfig extended = KatibConfig.defaults().toBuilder().suggestion("my-algo", "x:1").build();
    assertThat(extended.suggestionImage("my-algo")).contains("x:1");
    assertThat(KatibConfig.defaults().suggestionImage("my-algo")).isEmpty();
    assertThat(KatibConfig.defaults().toBuilder().build()).isEqualTo(KatibConfig.defaults());
  }
}
