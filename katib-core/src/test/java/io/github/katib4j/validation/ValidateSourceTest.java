package io.github.katib4j.validation;

import static io.github.katib4j.validation.Mutations.assertHas;
import static io.github.katib4j.validation.Mutations.assertNoRule;
import static io.github.katib4j.validation.Mutations.at;
import static io.github.katib4j.validation.Mutations.json;
import static io.github.katib4j.validation.Mutations.list;
import static io.github.katib4j.validation.Mutations.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.KatibParseException;
import io.github.katib4j.Problem;
import io.github.katib4j.SourcePosition;
import io.github.katib4j.testing.BillionLaughs;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    assertThat(problems.get(0).position()).contains(SourcePosition.of("exp.yaml", 8, 3));
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
  void validateSource_emptyDocuments_holdNothing_asKubectlReadsThem() throws Exception {
    String text = "---\n" + baselineYaml() + "---\n---\n";

    assertThat(ExperimentValidator.create().validateSource(text, "one.yaml")).singleElement()
        .satisfies(r -> assertThat(r.source()).isEqualTo("one.yaml"));
    assertThat(ExperimentValidator.create().validateSource("---\n---\n", "none.yaml")).isEmpty();
    assertThat(ExperimentValidator.create().validateSource("", "empty.yaml")).isEmpty();
  }

  @Test
  void validateSource_billionLaughs_isRefusedAtTheAliasThatExpandsTooFar() {
    String text = BillionLaughs.yaml() + "kind: Experiment\n";

    assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
        assertThatThrownBy(() -> ExperimentValidator.create().validateSource(text, "laughs.yaml"))
            .isInstanceOf(KatibParseException.class)
            .hasMessageContaining("the document expands to more than 1000000 values, most likely through aliases")
            .hasMessageContaining("laughs.yaml:"));
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

  @Test
  void validateSource_nullListItem_isAZeroValueAsInGo() {
    List<Problem> problems = problems(root -> list(root, "spec.parameters").set(0, JsonNull.INSTANCE));

    assertHas(problems, "P3", "spec.parameters[0].parameterType", "is not supported");
    assertNoRule(problems, "P1");
  }

  @Test
  void validateSource_nullLabelValue_isAnEmptyLabelAsInGo() throws Exception {
    JsonObject tree = Mutations.baseline();
    at(tree, "metadata").add("labels", json("{\"team\": null}"));

    ValidationResult result = ExperimentValidator.create().validateSource(tree.toString(), "t.json").get(0);

    assertThat(result.experiment().orElseThrow().metadata().labels()).containsEntry("team", "");
  }

  @Test
  void validateSource_numberBeyondFloat64InTheTrialSpec_isAReadingProblem() {
    List<Problem> problems = problems(root -> at(root, "spec.trialTemplate.trialSpec.spec")
        .add("backoffLimit", new JsonPrimitive(new BigDecimal("1e400"))));

    assertHas(problems, "schema", "spec.trialTemplate.trialSpec.spec.backoffLimit", "range of a 64-bit float");
  }

  @Test
  void validateSource_goalBeyondFloat64_saysItIsOutOfRange() {
    List<Problem> problems = problems(root -> at(root, "spec.objective")
        .add("goal", new JsonPrimitive(new BigDecimal("1e400"))));

    assertHas(problems, "schema", "spec.objective.goal", "expected a number within the range of a 64-bit float (about"
        + " 1.8e308 either side of zero), found a number (1E+400)");
    assertThat(problems).hasSize(1);
  }

  @Test
  void validateSource_valueOfTheWrongType_isReportedOnceNotAlsoJudgedAsItsZeroValue() {
    List<Problem> problems = problems(root -> at(root, "spec.algorithm.algorithmSettings[0]")
        .add("value", new JsonPrimitive(1)));

    assertHas(problems, "schema", "spec.algorithm.algorithmSettings[0].value", "expected a string, found a number");
    assertThat(problems).hasSize(1);
  }

  @Test
  void validateSource_customCollectorThatGoCannotDecodeAsAContainer_isAReadingProblem() {
    List<Problem> problems = problems(root -> at(root, "spec").add("metricsCollectorSpec", json("{\"collector\":"
        + "{\"kind\":\"Custom\",\"customCollector\":{\"name\":\"c\",\"args\":[{\"a\":1}],\"x\":1}}}")));

    assertHas(problems, "schema", "spec.metricsCollectorSpec.collector.customCollector.args[0]",
        "must be a string, found an object, as Kubernetes' Container has it");
  }

  @Test
  void validateSource_metadataFieldsKeptVerbatim_stillDecodeAsKubernetesObjectMeta() {
    List<Problem> problems = problems(root -> at(root, "metadata").add("managedFields",
        json("[{\"manager\":\"kubectl\",\"apiVersion\":{}}]")));

    assertHas(problems, "schema", "metadata.managedFields[0].apiVersion", "must be a string");
  }
}
