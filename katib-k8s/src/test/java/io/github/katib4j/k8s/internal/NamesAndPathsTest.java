package io.github.katib4j.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import java.util.List;
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

  @Test
  void objectName_dns1123Subdomains_passAndAnythingElseSaysWhatItFound() {
    assertThat(Names.objectName("name", "random-1.v2")).isEmpty();
    assertThat(Names.objectName("name", "a".repeat(253))).isEmpty();
    for (String bad : List.of("e1/status", "", "E1", "-e1", "e1-", "e1..v2", "a".repeat(254), "..")) {
      assertThat(Names.objectName("name", bad)).as(bad).hasValueSatisfying(p -> {
        assertThat(p.path()).isEqualTo("name");
        assertThat(p.rule()).isEqualTo("K-name");
        assertThat(p.message()).startsWith("must be a lowercase RFC 1123 subdomain")
            .endsWith(bad.isEmpty() ? "found an empty name" : "found \"" + bad + "\"");
      });
    }
  }

  @Test
  void namespace_dns1123Labels_passAndAnythingElseSaysWhatItFound() {
    assertThat(Names.namespace("namespace", "team-a")).isEmpty();
    assertThat(Names.namespace("namespace", "a".repeat(63))).isEmpty();
    for (String bad : List.of("", "team.a", "team/a", "Team", "a".repeat(64))) {
      assertThat(Names.namespace("namespace", bad)).as(bad).hasValueSatisfying(p ->
          assertThat(p.message()).startsWith("must be a lowercase RFC 1123 label"));
    }
  }

  @Test
  void require_anyProblem_throwsThemAllForTheSubject() {
    assertThatThrownBy(() -> Names.require("Experiment reference \"/e1/status\"", Names.namespace("namespace", ""),
        Names.objectName("name", "e1/status")))
        .isInstanceOfSatisfying(KatibValidationException.class, e ->
            assertThat(e.problems()).extracting(Problem::path).containsExactly("namespace", "name"))
        .hasMessageStartingWith("Experiment reference \"/e1/status\" has 2 problems:");
  }
}
