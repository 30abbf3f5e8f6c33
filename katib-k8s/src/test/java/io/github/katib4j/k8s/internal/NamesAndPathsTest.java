package io.github.katib4j.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.ExperimentRef;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NamesAndPathsTest {
  @Test
  void generate_appendsFiveCharactersOfTheApiServersAlphabet() {
    Random random = new Random(1);

    String name = Names.generate("tune-", random::nextDouble);

    assertThat(name).startsWith("tune-").hasSize(10);
    assertThat(name.substring(5)).matches("[bcdfghjklmnpqrstvwxz2456789]{5}");
  }

  @Test
  void generate_longPrefix_isCutSoTheNameStaysWithin63Characters() {
    assertThat(Names.generate("p".repeat(80), () -> 0.0)).hasSize(63).endsWith("bbbbb");
  }

  @Test
  void experimentPath_isKatibsRestPath() {
    assertThat(Paths.experiment(ExperimentRef.of("team-a", "random")))
        .isEqualTo("/apis/kubeflow.org/v1beta1/namespaces/team-a/experiments/random");
    assertThat(Paths.configMap("kubeflow", "katib-config"))
        .isEqualTo("/api/v1/namespaces/kubeflow/configmaps/katib-config");
  }

  @Test
  void segment_aNameThatCouldLeaveItsPath_isEncoded() {
    assertThat(Paths.segment("../secrets")).isEqualTo("..%2Fsecrets");
    assertThat(Paths.segment("..")).isEqualTo("%2E%2E");
    assertThat(Paths.segment("a b?c")).isEqualTo("a%20b%3Fc");
    assertThat(Paths.segment("random-1.v2")).isEqualTo("random-1.v2");
  }
}
