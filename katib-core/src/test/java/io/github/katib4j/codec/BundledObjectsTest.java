package io.github.katib4j.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibParseException;
import io.github.katib4j.Problem;
import io.github.katib4j.SourcePosition;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.template.ConfigMapLookup;
import io.github.katib4j.validation.ExperimentValidator;
import io.github.katib4j.validation.ValidationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that bundle an experiment with objects of other kinds, as {@code kubectl apply -f} takes them. */
class BundledObjectsTest {
  private static final String EXPERIMENT = String.join("\n",
      "apiVersion: kubeflow.org/v1beta1",
      "kind: Experiment",
      "metadata:",
      "  name: bundled",
      "  namespace: ml",
      "spec:",
      "  objective:",
      "    type: maximize",
      "    objectiveMetricName: accuracy",
      "  algorithm:",
      "    algorithmName: random",
      "  parallelTrialCount: 2",
      "  maxTrialCount: 4",
      "  maxFailedTrialCount: 1",
      "  parameters:",
      "    - name: lr",
      "      parameterType: double",
      "      feasibleSpace:",
      "        min: \"0.01\"",
      "        max: \"0.1\"",
      "  trialTemplate:",
      "    primaryContainerName: train",
      "    successCondition: status.conditions.#(type==\"Complete\")#|#(status==\"True\")#",
      "    failureCondition: status.conditions.#(type==\"Failed\")#|#(status==\"True\")#",
      "    configMap:",
      "      configMapName: templates",
      "      configMapNamespace: ml",
      "      templatePath: job.yaml",
      "    trialParameters:",
      "      - name: learningRate",
      "        reference: lr",
      "");

  private static String configMap(String placeholder) {
    return String.join("\n",
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        "  name: templates",
        "  namespace: ml",
        "data:",
        "  job.yaml: |",
        "    apiVersion: batch/v1",
        "    kind: Job",
        "    spec:",
        "      template:",
        "        spec:",
        "          restartPolicy: Never",
        "          containers:",
        "            - name: train",
        "              image: example.com/train:1",
        "              command: [python3, train.py, \"--lr=${trialParameters." + placeholder + "}\"]",
        "");
  }

  private static final String BUNDLE = EXPERIMENT + "---\n" + configMap("learningRate");

  @Test
  void readAll_bundleWithConfigMap_readsTheExperimentAndSkipsTheConfigMap() {
    KatibCodec codec = KatibCodec.create();

    List<Experiment> experiments = codec.readAll(BUNDLE, "bundle.yaml", Experiment.class);
    List<OtherObject> others = codec.otherObjects(BUNDLE, "bundle.yaml", Experiment.class);

    assertThat(experiments).extracting(Experiment::name).containsExactly("bundled");
    assertThat(codec.read(BUNDLE, "bundle.yaml", Experiment.class).name()).isEqualTo("bundled");
    assertThat(others).singleElement().satisfies(o -> {
      assertThat(o.kind()).isEqualTo("ConfigMap");
      assertThat(o.name()).isEqualTo("templates");
      assertThat(o.apiVersion()).isEqualTo("v1");
      assertThat(o.source()).isEqualTo("bundle.yaml (document 2)");
      assertThat(o.position()).contains(SourcePosition.of("bundle.yaml (document 2)", 34, 1));
      assertThat(o).hasToString("ConfigMap \"templates\" (v1) in bundle.yaml (document 2), line 34");
    });
  }

  @Test
  void readAll_listWithAConfigMapItem_skipsTheItem() {
    String list = "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [" + Unstructured.parse(EXPERIMENT).toJson()
        + ", " + Unstructured.parse(configMap("learningRate")).toJson() + "]}";

    List<Experiment> experiments = KatibCodec.create().readAll(list, "list.yaml", Experiment.class);

    assertThat(experiments).extracting(Experiment::name).containsExactly("bundled");
    assertThat(KatibCodec.create().otherObjects(list, "list.yaml", Experiment.class))
        .extracting(OtherObject::kind).containsExactly("ConfigMap");
  }

  @Test
  void read_onlyObjectsOfOtherKinds_saysWhatTheFileHolds() {
    assertThatThrownBy(() -> KatibCodec.create().read(configMap("x"), "cm.yaml", Experiment.class))
        .isInstanceOf(KatibParseException.class)
        .hasMessageContaining("expected exactly one Experiment, found 0 (and ConfigMap \"templates\")");
  }

  @Test
  void readAll_misspeltOrMissingKind_isStillReadAsAnExperimentAndReported() {
    KatibCodec codec = KatibCodec.create();
    String misspelt = EXPERIMENT.replace("kind: Experiment", "kind: Experimnt");
    String missing = EXPERIMENT.replace("kind: Experiment\n", "");

    assertThat(codec.otherObjects(misspelt, "a.yaml", Experiment.class)).isEmpty();
    assertThatThrownBy(() -> codec.readAll(misspelt, "a.yaml", Experiment.class))
        .isInstanceOf(KatibParseException.class)
        .hasMessageContaining("kind: expected \"Experiment\", found \"Experimnt\"");
    assertThat(codec.otherObjects(missing, "b.yaml", Experiment.class)).isEmpty();
    assertThatThrownBy(() -> codec.readAll(missing, "b.yaml", Experiment.class))
        .isInstanceOf(KatibParseException.class)
        .hasMessageContaining("kind: missing; expected \"Experiment\" with apiVersion \"kubeflow.org/v1beta1\"");
    assertThat(codec.otherObjects(EXPERIMENT.replace("kind: Experiment", "kind: ExperimentSpec"), "c.yaml",
        Experiment.class)).isEmpty();
  }

  @Test
  void validateSource_bundle_checksTheExperimentWithTheBundledTemplateAndNothingElse() {
    List<ValidationResult> valid = ExperimentValidator.create().validateSource(BUNDLE, "bundle.yaml");
    List<ValidationResult> unknownPlaceholder = ExperimentValidator.create()
        .validateSource(EXPERIMENT + "---\n" + configMap("momentum"), "bundle.yaml");

    assertThat(valid).singleElement().satisfies(r -> assertThat(r.problems()).isEmpty());
    assertThat(unknownPlaceholder).singleElement().satisfies(r -> assertThat(r.problems())
        .as("the bundled ConfigMap's template is checked").extracting(Problem::message)
        .anySatisfy(m -> assertThat(m).contains("learningRate in spec.trialParameters not found in")));
  }

  @Test
  void validateSource_bundledConfigMapComesBeforeTheGivenLookup() {
    ExperimentValidator withOther = ExperimentValidator.create()
        .withConfigMaps(ConfigMapLookup.of("ml", "templates", Map.of("job.yaml", "kind: Job\n"))::template);

    List<ValidationResult> results = withOther.validateSource(BUNDLE, "bundle.yaml");

    assertThat(results).singleElement().satisfies(r -> assertThat(r.problems()).isEmpty());
  }

  @Test
  void configMapLookup_fromManifest_takesTheConfigMapsOfABundle(@TempDir Path dir) throws Exception {
    Path bundle = Files.writeString(dir.resolve("bundle.yaml"), BUNDLE);

    ConfigMapLookup lookup = ConfigMapLookup.fromManifest(bundle);

    assertThat(lookup.data("ml", "templates").orElseThrow()).containsKey("job.yaml");
  }

  @Test
  void configMapLookup_fromManifest_withoutConfigMapsOrWithAKindlessDocument_saysWhereAndWhat(@TempDir Path dir)
      throws Exception {
    Path experimentOnly = Files.writeString(dir.resolve("experiment.yaml"), EXPERIMENT);
    Path kindless = Files.writeString(dir.resolve("kindless.yaml"), configMap("x") + "---\nmetadata:\n  name: y\n");

    assertThatThrownBy(() -> ConfigMapLookup.fromManifest(experimentOnly))
        .isInstanceOf(KatibParseException.class)
        .hasMessageContaining("holds no ConfigMap; expected documents with kind: ConfigMap");
    assertThatThrownBy(() -> ConfigMapLookup.fromManifest(kindless))
        .isInstanceOf(KatibParseException.class)
        .satisfies(e -> assertThat(((KatibParseException) e).problems()).singleElement().satisfies(p -> {
          assertThat(p.message()).contains("expected a ConfigMap (a Kubernetes object with kind: ConfigMap), found an"
              + " object without a kind");
          assertThat(p.position().orElseThrow().source()).isEqualTo(kindless + " (document 2)");
          assertThat(p.position().orElseThrow().line()).isEqualTo(19);
        }));
  }
}
