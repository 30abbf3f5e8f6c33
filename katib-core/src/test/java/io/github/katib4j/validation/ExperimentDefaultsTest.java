package io.github.katib4j.validation;

import static io.github.katib4j.validation.Mutations.at;
import static io.github.katib4j.validation.Mutations.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.katib4j.template.TrialKind;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.internal.codec.YamlTrees;
import io.github.katib4j.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ExperimentDefaultsTest {
  private static final KatibCodec CODEC = KatibCodec.create();

  private static JsonObject defaulted(Consumer<JsonObject> edit) {
    JsonObject tree = Mutations.baseline();
    edit.accept(tree);
    return CODEC.toJsonObject(ExperimentDefaults.apply(CODEC.fromJsonObject(tree, Experiment.class)));
  }

  @Test
  void parallelTrialCountAndResumePolicy_getKatibsDefaults() {
    JsonObject spec = at(defaulted(root -> at(root, "spec").remove("parallelTrialCount")), "spec");
    assertThat(spec.get("parallelTrialCount").getAsInt()).isEqualTo(3);
    assertThat(spec.get("resumePolicy").getAsString()).isEqualTo("Never");
  }

  @Test
  void metricStrategies_followTheObjectiveTypeForAdditionalMetricsToo() {
    JsonObject objective = at(defaulted(root -> { }), "spec.objective");
    assertThat(objective.get("metricStrategies")).isEqualTo(json(
        "[{\"name\":\"accuracy\",\"value\":\"max\"},{\"name\":\"loss\",\"value\":\"max\"}]"));
    JsonObject minimize = at(defaulted(root -> at(root, "spec.objective").addProperty("type", "minimize")),
        "spec.objective");
    assertThat(minimize.get("metricStrategies").toString()).contains("\"min\"").doesNotContain("\"max\"");
  }

  @Test
  void metricStrategies_keepExplicitOnesAndUseLatestWithoutType() {
    JsonObject objective = at(defaulted(root -> {
      at(root, "spec.objective").remove("type");
      at(root, "spec.objective").add("metricStrategies", json("[{\"name\":\"loss\",\"value\":\"min\"}]"));
    }), "spec.objective");
    assertThat(objective.get("metricStrategies")).isEqualTo(json(
        "[{\"name\":\"loss\",\"value\":\"min\"},{\"name\":\"accuracy\",\"value\":\"latest\"}]"));
  }

  @Test
  void jobTemplate_getsJobConditionsButNoPodLabels() {
    JsonObject template = at(defaulted(root -> { }), "spec.trialTemplate");
    assertThat(template.get("successCondition").getAsString()).isEqualTo(TrialKind.JOB.successCondition());
    assertThat(template.get("failureCondition").getAsString()).isEqualTo(TrialKind.JOB.failureCondition());
    assertThat(template.has("primaryPodLabels")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"TFJob", "PyTorchJob", "XGBoostJob", "MPIJob"})
  void kubeflowJobTemplate_getsSucceededConditionAndMasterPodLabel(String kind) {
    JsonObject template = at(defaulted(root -> at(root, "spec.trialTemplate.trialSpec").addProperty("kind", kind)),
        "spec.trialTemplate");
    assertThat(template.get("successCondition").getAsString())
        .isEqualTo(TrialKind.PYTORCH_JOB.successCondition());
    assertThat(template.get("primaryPodLabels")).isEqualTo(json("{\"training.kubeflow.org/job-role\":\"master\"}"));
  }

  @Test
  void trainJobTemplate_getsCompleteConditionAndJobSetPodLabels() {
    JsonObject template = at(defaulted(root -> at(root, "spec.trialTemplate.trialSpec").addProperty("kind",
        "TrainJob")), "spec.trialTemplate");
    assertThat(template.get("successCondition").getAsString()).isEqualTo(TrialKind.JOB.successCondition());
    assertThat(template.get("primaryPodLabels")).isEqualTo(json("{\"jobset.sigs.k8s.io/replicatedjob-name\":\"node\","
        + "\"batch.kubernetes.io/job-completion-index\":\"0\"}"));
  }

  @Test
  void otherKindsAndConfigMapTemplates_getNoConditions() {
    JsonObject workflow = at(defaulted(root -> at(root, "spec.trialTemplate.trialSpec").addProperty("kind",
        "Workflow")), "spec.trialTemplate");
    assertThat(workflow.has("successCondition")).isFalse();
    JsonObject configMap = at(defaulted(root -> {
      at(root, "spec.trialTemplate").remove("trialSpec");
      at(root, "spec.trialTemplate").add("configMap", json("{\"configMapName\":\"a\"}"));
    }), "spec.trialTemplate");
    assertThat(configMap.has("successCondition")).isFalse();
  }

  @Test
  void metricsCollector_defaultsToStdOut() {
    assertThat(at(defaulted(root -> { }), "spec.metricsCollectorSpec")).isEqualTo(json(
        "{\"collector\":{\"kind\":\"StdOut\"}}"));
  }

  @Test
  void fileCollector_getsPathKindAndFormat() {
    JsonObject mc = at(defaulted(root -> at(root, "spec").add("metricsCollectorSpec",
        json("{\"collector\":{\"kind\":\"File\"}}"))), "spec.metricsCollectorSpec");
    assertThat(mc.get("source")).isEqualTo(json("{\"fileSystemPath\":{\"path\":\"/var/log/katib/metrics.log\","
        + "\"kind\":\"File\",\"format\":\"TEXT\"}}"));
  }

  @Test
  void tensorFlowEventCollector_getsDirectoryWithoutFormat() {
    JsonObject mc = at(defaulted(root -> at(root, "spec").add("metricsCollectorSpec",
        json("{\"collector\":{\"kind\":\"TensorFlowEvent\"}}"))), "spec.metricsCollectorSpec");
    assertThat(mc.get("source")).isEqualTo(json("{\"fileSystemPath\":{\"path\":\"/var/log/katib/tfevent/\","
        + "\"kind\":\"Directory\"}}"));
  }

  @Test
  void prometheusCollector_getsPathAndPortIncludingForTheNamedPortZero() {
    JsonObject mc = at(defaulted(root -> at(root, "spec").add("metricsCollectorSpec",
        json("{\"collector\":{\"kind\":\"PrometheusMetric\"},\"source\":{\"httpGet\":{\"port\":\"0\"}}}"))),
        "spec.metricsCollectorSpec");
    assertThat(mc.get("source")).isEqualTo(json("{\"httpGet\":{\"path\":\"/metrics\",\"port\":8080}}"));
  }

  @Test
  void distribution_defaultsToUniformForEveryParameterButNotNasOperations() {
    JsonObject spec = at(defaulted(root -> { }), "spec");
    spec.getAsJsonArray("parameters").forEach(p -> assertThat(p.getAsJsonObject().getAsJsonObject("feasibleSpace")
        .get("distribution").getAsString()).isEqualTo("uniform"));
    Experiment nas = CODEC.fromJsonObject(Mutations.fixture("nas-enas.yaml"), Experiment.class);
    assertThat(ExperimentDefaults.apply(nas).spec().nasConfig()).isEqualTo(nas.spec().nasConfig());
  }

  @Test
  void defaults_leaveTheGivenExperimentAlone() {
    Experiment before = Mutations.baselineExperiment();
    ExperimentDefaults.apply(before);
    assertThat(before).isEqualTo(Mutations.baselineExperiment());
  }

  @ParameterizedTest
  @ValueSource(strings = {"validation-baseline", "hyperband-pytorchjob", "regression-tpe"})
  void defaults_giveTheExpectedExperiment(String fixture) throws Exception {
    Experiment experiment = CODEC.readExperiment(Path.of("src/test/resources/experiments/" + fixture + ".yaml"));
    Path expected = Path.of("src/test/resources/defaulted/" + fixture + ".yaml");
    assertThat(CODEC.toJsonObject(ExperimentDefaults.apply(experiment)))
        .isEqualTo(YamlTrees.parseSingle(Files.readString(expected), expected.toString()));
  }

  static Stream<Path> experiments() {
    return Stream.concat(Corpus.exampleFiles().stream(), Corpus.fixtures("experiments").stream());
  }

  @ParameterizedTest
  @MethodSource("experiments")
  void defaults_areIdempotent(Path file) {
    Experiment once = ExperimentDefaults.apply(CODEC.readExperiment(file));
    assertThat(ExperimentDefaults.apply(once)).isEqualTo(once);
  }

  @Test
  void defaults_whereKatibIsNotIdempotent_addAStrategyForEachAdditionalMetricRepeatingTheObjectiveEachTime() {
    JsonObject tree = Mutations.baseline();
    at(tree, "spec.objective").add("additionalMetricNames", Mutations.array("accuracy", "accuracy"));
    Experiment once = ExperimentDefaults.apply(CODEC.fromJsonObject(tree, Experiment.class));
    // Katib's one application: the objective's strategy, then one per repeated additional name.
    assertThat(once.spec().objective().orElseThrow().metricStrategies()).hasSize(3);
    assertThat(ExperimentDefaults.apply(once).spec().objective().orElseThrow().metricStrategies()).hasSize(5);
  }

  @Test
  void defaults_additionalMetricRepeatingTheObjective_getsAStrategyEvenWhenTheObjectiveHasTwo() {
    JsonObject tree = Mutations.baseline();
    at(tree, "spec.objective").add("additionalMetricNames", Mutations.array("accuracy"));
    at(tree, "spec.objective").add("metricStrategies", json("[{\"name\":\"accuracy\",\"value\":\"min\"},"
        + "{\"name\":\"accuracy\",\"value\":\"latest\"}]"));

    Experiment once = ExperimentDefaults.apply(CODEC.fromJsonObject(tree, Experiment.class));

    assertThat(CODEC.toJsonObject(once).getAsJsonObject("spec").getAsJsonObject("objective").get("metricStrategies"))
        .isEqualTo(json("[{\"name\":\"accuracy\",\"value\":\"min\"},{\"name\":\"accuracy\",\"value\":\"latest\"},"
            + "{\"name\":\"accuracy\",\"value\":\"max\"}]"));
  }
}
