package io.github.katib4j.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibParseException;
import io.github.katib4j.Problem;
import io.github.katib4j.SourcePosition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidateSourceTest {
  private static String baselineYaml() throws Exception {
    return Files.readString(Path.of("src/test/resources/experiments/validation-baseline.yaml"));
  }

  @Test
  void validateSource_locatesReadingAndRuleProblemsTogether() throws Exception {
    String text = baselineYaml().replace("maxTrialCount: 8", "maxTrialCount: 0")
        .replace("parameterType: int", "parameterType: integer").replace("\nspec:\n", "\nspec:\n  colour: blue\n");
    List<ValidationResult> results = ExperimentValidator.create().validateSource(text, "exp.yaml");

    assertThat(results).hasSize(1);
    List<Problem> problems = results.get(0).problems();
    assertThat(problems).extracting(Problem::rule).containsExactly("schema", "V6", "V3", "V5", "P3");
    assertThat(problems.get(0).position()).contains(SourcePosition.of("exp.yaml", 8, 11));
    assertThat(problems.get(4).path()).isEqualTo("spec.parameters[1].parameterType");
    assertThat(problems.get(4).position().orElseThrow().line()).isEqualTo(30);
    assertThat(results.get(0).experiment()).isPresent();
    assertThat(results.get(0).source()).isEqualTo("exp.yaml");
  }

  @Test
  void validateSource_givesOneResultPerDocument() throws Exception {
    String text = baselineYaml() + "---\n" + baselineYaml().replace("name: baseline", "name: Second");
    List<ValidationResult> results = ExperimentValidator.create().validateSource(text, "two.yaml");

    assertThat(results).hasSize(2);
    assertThat(results.get(0).isValid()).isTrue();
    assertThat(results.get(1).source()).isEqualTo("two.yaml (document 2)");
    assertThat(results.get(1).problems()).singleElement().satisfies(p -> {
      assertThat(p.rule()).isEqualTo("V1");
      assertThat(p.position().orElseThrow().source()).isEqualTo("two.yaml (document 2)");
    });
  }

  @Test
  void validateSource_onSyntaxErrors_throws() {
    assertThatThrownBy(() -> ExperimentValidator.create().validateSource("spec: [unclosed", "bad.yaml"))
        .isInstanceOf(KatibParseException.class)
        .hasMessageContaining("bad.yaml");
  }

  @Test
  void validateSource_notAnObject_isAReadingProblem() {
    List<ValidationResult> results = ExperimentValidator.create().validateSource("just text", "t.yaml");
    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.experiment()).isEmpty();
      assertThat(r.problems()).extracting(Problem::rule).containsExactly("schema");
    });
  }
}
