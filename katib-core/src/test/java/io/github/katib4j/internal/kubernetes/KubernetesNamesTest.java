package io.github.katib4j.internal.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubernetesNamesTest {
  @Test
  void nameProblem_dns1123Subdomains_passAndAnythingElseSaysWhatItFound() {
    assertThat(KubernetesNames.nameProblem("name", "random-1.v2")).isEmpty();
    assertThat(KubernetesNames.nameProblem("name", "a".repeat(253))).isEmpty();
    for (String bad : List.of("e1/status", "", "E1", "-e1", "e1-", "e1..v2", "a".repeat(254), "..")) {
      assertThat(KubernetesNames.nameProblem("name", bad)).as(bad).hasValueSatisfying(p -> {
        assertThat(p.path()).isEqualTo("name");
        assertThat(p.rule()).isEqualTo("K-name");
        assertThat(p.message()).startsWith("must be a lowercase RFC 1123 subdomain")
            .endsWith(bad.isEmpty() ? "found an empty name" : "found \"" + bad + "\"");
      });
    }
  }

  @Test
  void namespaceProblem_dns1123Labels_passAndAnythingElseSaysWhatItFound() {
    assertThat(KubernetesNames.namespaceProblem("namespace", "team-a")).isEmpty();
    assertThat(KubernetesNames.namespaceProblem("namespace", "a".repeat(63))).isEmpty();
    for (String bad : List.of("", "team.a", "team/a", "Team", "a".repeat(64))) {
      assertThat(KubernetesNames.namespaceProblem("namespace", bad)).as(bad).hasValueSatisfying(p -> {
        assertThat(p.rule()).isEqualTo("K-namespace");
        assertThat(p.message()).startsWith("must be a lowercase RFC 1123 label");
      });
    }
  }

  @Test
  void require_anyProblem_throwsThemAllForTheSubject() {
    assertThatThrownBy(() -> KubernetesNames.require("Experiment reference \"/e1/status\"",
        KubernetesNames.namespaceProblem("namespace", ""), KubernetesNames.nameProblem("name", "e1/status")))
        .isInstanceOfSatisfying(KatibValidationException.class, e ->
            assertThat(e.problems()).extracting(Problem::path).containsExactly("namespace", "name"))
        .hasMessageStartingWith("Experiment reference \"/e1/status\" has 2 problems:");
  }
}
