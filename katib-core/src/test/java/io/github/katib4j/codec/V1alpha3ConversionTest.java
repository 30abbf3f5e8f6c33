package io.github.katib4j.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibException;
import io.github.katib4j.KatibParseException;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.codec.YamlTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class V1alpha3ConversionTest {
  private static final Path DIR = Path.of("src/test/resources/v1alpha3");

  private final KatibCodec codec = KatibCodec.create();

  @Test
  void convert_jobWithFlagParameters_expandsTheRangeLoopAndRenamesParameters() throws Exception {
    V1alpha3Conversion conversion = V1alpha3Conversion.convert(DIR.resolve("job-random.yaml"));

    assertSameTree(conversion.experiment(), DIR.resolve("job-random.expected.yaml"));
    assertThat(conversion.notes())
        .anySatisfy(n -> assertThat(n).contains("renamed parameter \"--lr\" to \"lr\""))
        .anySatisfy(n -> assertThat(n).contains("resource_name now names parameter \"num-epochs\""))
        .anySatisfy(n -> assertThat(n).contains("resumePolicy: LongRunning"))
        .anySatisfy(n -> assertThat(n).contains("metadata.name and metadata.namespace"))
        .anySatisfy(n -> assertThat(n).contains("\"training-container\""));
  }

  @Test
  void convert_pytorchJob_keepsThePytorchContainerAsPrimaryAndMapsTrialNameToMetadata() throws Exception {
    V1alpha3Conversion conversion = V1alpha3Conversion.convert(DIR.resolve("pytorchjob-env.yaml"));

    assertSameTree(conversion.experiment(), DIR.resolve("pytorchjob-env.expected.yaml"));
    assertThat(conversion.notes()).anySatisfy(n -> assertThat(n).contains("None became Push"));
    assertThat(conversion.notes()).noneSatisfy(n -> assertThat(n).contains("resumePolicy"));
  }

  @Test
  void convert_trialTemplateFieldsOfTheWrongTypeOrUnknown_areErrorsWithTheirPath() throws Exception {
    String text = Files.readString(DIR.resolve("configmap.yaml"))
        .replace("  trialTemplate:\n", "  trialTemplate:\n    retain: \"yes\"\n")
        .replace("templatePath: job.yaml", "templatePath: job.yaml\n        configMapNamspace: x");

    assertThatThrownBy(() -> V1alpha3Conversion.convert(text, "old.yaml"))
        .isInstanceOf(KatibParseException.class)
        .satisfies(e -> assertThat(((KatibParseException) e).problems()).extracting(Object::toString).containsExactly(
            "old.yaml:18:5: spec.trialTemplate.retain: expected true or false, found a string (\"yes\") [schema]",
            "old.yaml:24:9: spec.trialTemplate.goTemplate.templateSpec.configMapNamspace: unknown field"
                + " \"configMapNamspace\", which Katib would silently drop; did you mean \"configMapNamespace\"?"
                + " [schema]"));
  }

  @Test
  void convert_retainTrue_isKept() throws Exception {
    String text = Files.readString(DIR.resolve("configmap.yaml"))
        .replace("  trialTemplate:\n", "  trialTemplate:\n    retain: true\n");

    assertThat(V1alpha3Conversion.convert(text, "old.yaml").experiment().spec().trialTemplate().orElseThrow()
        .retain()).isTrue();
  }

  @Test
  void convert_enas_usesTheNasAssignmentsAsHyperParameters() {
    Experiment experiment = V1alpha3Conversion.convert(DIR.resolve("enas.yaml")).experiment();

    Unstructured trialSpec = experiment.spec().trialTemplate().orElseThrow().trialSpec().orElseThrow();
    assertThat(trialSpec.toJson())
        .contains("\"--architecture=\\\"${trialParameters.architecture}\\\"\"")
        .contains("\"--nn_config=\\\"${trialParameters.nn_config}\\\"\"")
        .doesNotContain("{{");
    assertThat(experiment.spec().trialTemplate().orElseThrow().trialParameters())
        .extracting(p -> p.name() + "<-" + p.reference())
        .containsExactly("architecture<-architecture", "nn_config<-nn_config");
    assertThat(experiment.spec().nasConfig().orElseThrow().graphConfig().inputSizes()).containsExactly(32, 32, 3);
  }

  @Test
  void convert_configMapTemplate_pointsAtTheConfigMapAndSaysWhatRemainsToDo() {
    V1alpha3Conversion conversion = V1alpha3Conversion.convert(DIR.resolve("configmap.yaml"));

    var template = conversion.experiment().spec().trialTemplate().orElseThrow();
    assertThat(template.configMap().orElseThrow().configMapName()).isEqualTo("my-templates");
    assertThat(template.configMap().orElseThrow().templatePath()).isEqualTo("job.yaml");
    assertThat(template.trialParameters()).extracting(p -> p.name() + "<-" + p.reference()).containsExactly("lr<-lr");
    assertThat(conversion.experiment().spec().algorithm().orElseThrow().algorithmSettings()).isEmpty();
    assertThat(conversion.notes())
        .anySatisfy(n -> assertThat(n).contains("dropped algorithm.earlyStopping"))
        .anySatisfy(n -> assertThat(n).contains("ConfigMap template is still a v1alpha3 Go template"));
  }

  @Test
  void convert_noTrialTemplate_usesKatibsOldDefaultConfigMapExplicitly() {
    String text = "apiVersion: kubeflow.org/v1alpha3\nkind: Experiment\nmetadata: {name: d}\n"
        + "spec:\n  objective: {type: minimize, objectiveMetricName: loss}\n  algorithm: {algorithmName: random}\n"
        + "  parameters:\n  - {name: x, parameterType: int, feasibleSpace: {min: \"1\", max: \"3\"}}\n";

    V1alpha3Conversion conversion = V1alpha3Conversion.convert(text, "inline");

    var template = conversion.experiment().spec().trialTemplate().orElseThrow();
    assertThat(template.retain()).isTrue();
    assertThat(template.configMap().orElseThrow().configMapName()).isEqualTo("trial-template");
    assertThat(template.configMap().orElseThrow().templatePath()).isEqualTo("defaultTrialTemplate.yaml");
  }

  @Test
  void convert_unsupportedGoTemplateActions_reportsEachWithItsLine() {
    assertThatThrownBy(() -> V1alpha3Conversion.convert(DIR.resolve("unsupported.yaml")))
        .isInstanceOf(KatibException.class)
        .hasMessageContaining("convert these by hand")
        .hasMessageContaining("rawTemplate line 11 (src/test/resources/v1alpha3/unsupported.yaml line 26): "
            + "{{if eq .Name \"lr\"}}")
        .hasMessageContaining("rawTemplate line 15 (src/test/resources/v1alpha3/unsupported.yaml line 30): "
            + "{{printf \"%s\" .Trial}}");
  }

  @Test
  void convert_v1beta1Input_isRejectedWithTheApiVersion() {
    assertThatThrownBy(() -> V1alpha3Conversion.convert("apiVersion: kubeflow.org/v1beta1\nkind: Experiment\n", "x"))
        .isInstanceOf(KatibParseException.class)
        .hasMessageContaining("apiVersion: expected \"kubeflow.org/v1alpha3\", found \"kubeflow.org/v1beta1\"");
  }

  @Test
  void convert_misspeltV1alpha3Field_isReportedWithItsLine() {
    String text = "apiVersion: kubeflow.org/v1alpha3\nkind: Experiment\nmetadata: {name: d}\n"
        + "spec:\n  maxTrialCounts: 3\n";

    assertThatThrownBy(() -> V1alpha3Conversion.convert(text, "old.yaml"))
        .isInstanceOf(KatibParseException.class)
        .hasMessageContaining("old.yaml:5:3: spec.maxTrialCounts: unknown field")
        .hasMessageContaining("did you mean \"maxTrialCount\"?");
  }

  @Test
  void readingV1alpha3WithTheV1beta1Codec_pointsAtTheConversion() {
    assertThatThrownBy(() -> codec.readExperiment(DIR.resolve("job-random.yaml")))
        .isInstanceOf(KatibParseException.class)
        .hasMessageContaining("katib convert");
  }

  private void assertSameTree(Experiment actual, Path expectedFile) throws Exception {
    assertThat(codec.toJsonObject(actual))
        .isEqualTo(YamlTrees.parseSingle(Files.readString(expectedFile), expectedFile.toString()));
  }
}
