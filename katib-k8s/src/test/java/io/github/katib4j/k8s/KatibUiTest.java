package io.github.katib4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class KatibUiTest {
  private static final ExperimentRef RANDOM = ExperimentRef.of("kubeflow", "random");

  @Test
  void experiment_hostOnly_addsTheKatibPathTheUiIsServedUnder() {
    assertThat(KatibUi.at(URI.create("http://localhost:8080")).experiment(RANDOM))
        .isEqualTo(URI.create("http://localhost:8080/katib/experiment/kubeflow/random"));
  }

  @Test
  void experiment_baseWithAPath_keepsIt() {
    assertThat(KatibUi.at(URI.create("https://kubeflow.example.com/katib")).experiment(RANDOM))
        .isEqualTo(URI.create("https://kubeflow.example.com/katib/experiment/kubeflow/random"));
    assertThat(KatibUi.at(URI.create("https://example.com/proxy/katib/")).base())
        .isEqualTo(URI.create("https://example.com/proxy/katib/"));
  }

  @Test
  void trial_followsTheUisTrialRoute() {
    assertThat(KatibUi.at(URI.create("http://localhost:8080/")).trial(RANDOM, "random-x7k2lmnp"))
        .isEqualTo(URI.create("http://localhost:8080/katib/experiment/random/trial/random-x7k2lmnp"));
  }

  @Test
  void at_relativeUrl_isRefusedWithAnExample() {
    assertThatThrownBy(() -> KatibUi.at(URI.create("katib/")))
        .isInstanceOf(KatibException.class).hasMessageContaining("http://localhost:8080/katib/");
  }
}
