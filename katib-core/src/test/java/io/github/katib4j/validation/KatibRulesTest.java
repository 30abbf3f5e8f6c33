package io.github.katib4j.validation;

import static io.github.katib4j.validation.Mutations.array;
import static io.github.katib4j.validation.Mutations.assertHas;
import static io.github.katib4j.validation.Mutations.assertNoRule;
import static io.github.katib4j.validation.Mutations.at;
import static io.github.katib4j.validation.Mutations.json;
import static io.github.katib4j.validation.Mutations.problems;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.katib4j.Problem;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One test per rule of Katib's validating webhook: the valid baseline, one mutation, the rule's id, path and words. */
class KatibRulesTest {
  private static JsonObject spec(JsonObject root) {
    return at(root, "spec");
  }

  private static JsonObject template(JsonObject root) {
    return at(root, "spec.trialTemplate");
  }

  private static JsonObject job(JsonObject root) {
    return at(root, "spec.trialTemplate.trialSpec");
  }

  private static JsonObject container(JsonObject root) {
    return at(root, "spec.trialTemplate.trialSpec.spec.template.spec.containers[0]");
  }

  private static JsonObject collector(JsonObject root, String kind) {
    JsonObject mc = new JsonObject();
    mc.add("collector", json("{\"kind\":\"" + kind + "\"}"));
    spec(root).add("metricsCollectorSpec", mc);
    return mc;
  }

  @Test
  void baseline_isValid() {
    assertThat(problems(root -> { })).isEmpty();
  }

  // ---- V ------------------------------------------------------------------------------------------------------

  @Test
  void v1_nameTooLong_isRejected() {
    assertHas(problems(root -> at(root, "metadata").addProperty("name", "a".repeat(41))), "V1", "metadata.name",
        "may not be longer than 40 characters");
  }

  @Test
  void v1_nameStartingWithDigit_isRejected() {
    assertHas(problems(root -> at(root, "metadata").addProperty("name", "1abc")), "V1", "metadata.name",
        "start with an alphabetic character");
  }

  @Test
  void v1_generateNameCountsTheFiveGeneratedCharacters() {
    List<Problem> problems = problems(root -> {
      at(root, "metadata").remove("name");
      at(root, "metadata").addProperty("generateName", "g".repeat(36));
    });
    assertHas(problems, "V1", "metadata.name", "it has 41");
  }

  @Test
  void v2_negativeMaxFailedTrialCount_isRejected() {
    assertHas(problems(root -> spec(root).addProperty("maxFailedTrialCount", -1)), "V2", "spec.maxFailedTrialCount",
        "should not be less than 0");
  }

  @Test
  void v3_zeroMaxTrialCount_isRejected() {
    assertHas(problems(root -> spec(root).addProperty("maxTrialCount", 0)), "V3", "spec.maxTrialCount",
        "must be greater than 0");
  }

  @Test
  void v4_zeroParallelTrialCount_isRejected() {
    assertHas(problems(root -> spec(root).addProperty("parallelTrialCount", 0)), "V4", "spec.parallelTrialCount",
        "must be greater than 0");
  }

  @Test
  void v5_maxFailedAboveMaxTrialCount_isRejected() {
    assertHas(problems(root -> spec(root).addProperty("maxFailedTrialCount", 9)), "V5", "spec.maxFailedTrialCount",
        "less than or equal to spec.maxTrialCount");
  }

  @Test
  void v6_defaultParallelAboveMaxTrialCount_isRejected() {
    List<Problem> problems = problems(root -> {
      spec(root).remove("parallelTrialCount");
      spec(root).addProperty("maxTrialCount", 2);
      spec(root).addProperty("maxFailedTrialCount", 1);
    });
    assertHas(problems, "V6", "spec.parallelTrialCount", "(Katib's default when it is not set)");
  }

  @Test
  void v6_explicitParallelTrialCountIsNotCalledTheDefault() {
    List<Problem> problems = problems(root -> {
      spec(root).addProperty("parallelTrialCount", 3);
      spec(root).addProperty("maxTrialCount", 2);
      spec(root).addProperty("maxFailedTrialCount", 1);
    });
    assertHas(problems, "V6", "spec.parallelTrialCount", "found 3");
    assertThat(problems).extracting(Problem::message).noneMatch(m -> m.contains("default"));
  }

  // ---- U ------------------------------------------------------------------------------------------------------

  private static Experiment read(JsonObject tree) {
    return KatibCodec.create().fromJsonObject(tree, Experiment.class);
  }

  private static JsonObject completed(String reason, String resumePolicy) {
    JsonObject old = Mutations.baseline();
    spec(old).addProperty("resumePolicy", resumePolicy);
    old.add("status", json("{\"trials\":8,\"conditions\":[{\"type\":\"Succeeded\",\"status\":\"True\",\"reason\":\""
        + reason + "\"}]}"));
    return old;
  }

  private static List<Problem> update(JsonObject old, Consumer<JsonObject> edit) {
    JsonObject updated = old.deepCopy();
    updated.remove("status");
    edit.accept(updated);
    return ExperimentValidator.create().validateUpdate(read(updated), read(old)).problems();
  }

  @Test
  void u1_changingACompletedExperimentThatCannotRestart_isRejected() {
    List<Problem> problems = update(completed("ExperimentGoalReached", "LongRunning"),
        root -> spec(root).addProperty("maxTrialCount", 12));
    assertHas(problems, "U1", "spec.resumePolicy", "can be restarted if it is in succeeded state");
  }

  @Test
  void u1_raisingMaxTrialCountOfARestartableExperiment_isAccepted() {
    List<Problem> problems = update(completed("ExperimentMaxTrialsReached", "LongRunning"),
        root -> spec(root).addProperty("maxTrialCount", 12));
    assertThat(problems).isEmpty();
  }

  @Test
  void u2_maxTrialCountNotAboveTrials_isRejected() {
    List<Problem> problems = update(completed("ExperimentMaxTrialsReached", "FromVolume"),
        root -> spec(root).addProperty("parallelTrialCount", 1));
    assertHas(problems, "U2", "spec.maxTrialCount", "must be greater than status.trials count (8)");
  }

  @Test
  void u3_changingAnythingButTheCounts_isForbidden() {
    JsonObject old = Mutations.baseline();
    List<Problem> problems = update(old, root -> at(root, "spec.objective").addProperty("goal", 0.5));
    assertHas(problems, "U3", "spec", "only spec.parallelTrialCount, spec.maxTrialCount and");
  }

  // ---- O ------------------------------------------------------------------------------------------------------

  @Test
  void o1_missingObjective_isRejectedAndStopsKatibRules() {
    List<Problem> problems = problems(root -> {
      spec(root).remove("objective");
      spec(root).remove("algorithm");
    });
    assertHas(problems, "O1", "spec.objective", "must be specified");
    assertNoRule(problems, "A1");
  }

  @Test
  void o2_unknownObjectiveType_isRejectedWithKatibsRule() {
    assertHas(problems(root -> at(root, "spec.objective").addProperty("type", "maximise")), "O2",
        "spec.objective.type", "\"maximise\" is not one of");
  }

  @Test
  void o2_missingObjectiveType_isRejected() {
    assertHas(problems(root -> at(root, "spec.objective").remove("type")), "O2", "spec.objective.type",
        "must be minimize or maximize");
  }

  @Test
  void o3_missingObjectiveMetricName_isRejected() {
    assertHas(problems(root -> at(root, "spec.objective").remove("objectiveMetricName")), "O3",
        "spec.objective.objectiveMetricName", "must be specified");
  }

  @Test
  void o4_additionalMetricRepeatsTheObjective_isRejected() {
    assertHas(problems(root -> at(root, "spec.objective").add("additionalMetricNames", array("accuracy"))), "O4",
        "spec.objective.additionalMetricNames", "should not contain spec.objective.objectiveMetricName");
  }

  // ---- A, E, R ------------------------------------------------------------------------------------------------

  @Test
  void a1_missingAlgorithm_isRejected() {
    assertHas(problems(root -> spec(root).remove("algorithm")), "A1", "spec.algorithm", "must be specified");
  }

  @Test
  void a2_emptyAlgorithmName_isRejected() {
    assertHas(problems(root -> at(root, "spec.algorithm").addProperty("algorithmName", "")), "A2",
        "spec.algorithm.algorithmName", "must be specified");
  }

  @Test
  void a3_algorithmNotInKatibConfig_isRejectedOnlyWhenTheClusterIsKnown() {
    Consumer<JsonObject> edit = root -> at(root, "spec.algorithm").add("algorithmSettings", json("[]"));
    Consumer<JsonObject> rename = edit.andThen(root -> at(root, "spec.algorithm").addProperty("algorithmName",
        "my-bandit"));
    assertHas(problems(rename), "A3", "spec.algorithm.algorithmName", "unable to get Suggestion config data");
    assertNoRule(problems(ExperimentValidator.forBuilders(), rename), "A3");
    KatibConfig custom = KatibConfig.defaults().toBuilder().suggestion("my-bandit", "example.com/bandit:1").build();
    assertThat(problems(ExperimentValidator.create(custom), rename)).isEmpty();
  }

  @Test
  void e1_emptyEarlyStoppingName_isRejected() {
    assertHas(problems(root -> spec(root).add("earlyStopping", json("{\"algorithmName\":\"\"}"))), "E1",
        "spec.earlyStopping.algorithmName", "must be specified");
  }

  @Test
  void e2_earlyStoppingNotInKatibConfig_isRejected() {
    assertHas(problems(root -> spec(root).add("earlyStopping", json("{\"algorithmName\":\"hyperstop\"}"))), "E2",
        "spec.earlyStopping.algorithmName", "unable to get EarlyStopping config data");
  }

  @Test
  void r1_unknownResumePolicy_isRejected() {
    assertHas(problems(root -> spec(root).addProperty("resumePolicy", "Always")), "R1", "spec.resumePolicy",
        "\"Always\" is not one of");
  }

  // ---- T ------------------------------------------------------------------------------------------------------

  @Test
  void t1_missingTrialTemplate_isRejected() {
    assertHas(problems(root -> spec(root).remove("trialTemplate")), "T1", "spec.trialTemplate", "must be specified");
  }

  @Test
  void t2_missingPrimaryContainerName_isRejected() {
    assertHas(problems(root -> template(root).remove("primaryContainerName")), "T2",
        "spec.trialTemplate.primaryContainerName", "must be specified");
  }

  @Test
  void t3_conditionsAreRequiredForKindsKatibDoesNotDefault() {
    assertHas(problems(root -> job(root).addProperty("kind", "Workflow")), "T3", "spec.trialTemplate",
        "successCondition and failureCondition must be specified");
  }

  @Test
  void t4_emptyTrialParameters_isRejected() {
    assertHas(problems(root -> template(root).add("trialParameters", json("[]"))), "T4",
        "spec.trialTemplate.trialParameters", "must be specified");
  }

  @Test
  void t5_neitherTrialSpecNorConfigMap_isRejected() {
    assertHas(problems(root -> template(root).remove("trialSpec")), "T5", "spec.trialTemplate.TrialSource",
        "trialSpec or spec.trialTemplate.configMap must be specified");
  }

  @Test
  void t5_bothTrialSpecAndConfigMap_isRejected() {
    assertHas(problems(root -> template(root).add("configMap", json("{\"configMapName\":\"t\","
        + "\"configMapNamespace\":\"n\",\"templatePath\":\"p\"}"))), "T5", "spec.trialTemplate", "only one of");
  }

  private static Consumer<JsonObject> configMapSource(String name) {
    return root -> {
      template(root).remove("trialSpec");
      template(root).add("configMap", json("{\"configMapName\":\"" + name + "\",\"configMapNamespace\":\"team-b\","
          + "\"templatePath\":\"job.yaml\"}"));
      template(root).addProperty("successCondition", "status.succeeded");
      template(root).addProperty("failureCondition", "status.failed");
    };
  }

  @Test
  void t6_incompleteConfigMapSource_isRejected() {
    assertHas(problems(configMapSource("")), "T6", "spec.trialTemplate.configMap",
        "configMapName, configMapNamespace and templatePath must be specified");
  }

  @Test
  void t7_missingConfigMap_isRejectedWhenConfigMapsAreKnown() {
    ExperimentValidator validator = ExperimentValidator.create().withConfigMaps(source -> Optional.empty());
    assertHas(problems(validator, configMapSource("templates")), "T7", "spec.trialTemplate",
        "ConfigMap team-b/templates with key job.yaml was not found");
    assertThat(problems(ExperimentValidator.create(), configMapSource("templates"))).isEmpty();
  }

  @Test
  void t7_configMapTemplateWithoutLookup_isNamedAsUnread() {
    JsonObject tree = Mutations.baseline();
    configMapSource("templates").accept(tree);
    ValidationResult unread = ExperimentValidator.create().validateSource(tree.toString(), "test.json").get(0);
    assertThat(unread.isValid()).isTrue();
    assertThat(unread.unreadTemplate()).hasValueSatisfying(c -> assertThat(c.configMapNamespace() + "/"
        + c.configMapName() + " " + c.templatePath()).isEqualTo("team-b/templates job.yaml"));
    Experiment experiment = read(tree);
    assertThat(ExperimentValidator.create().validate(experiment).unreadTemplate()).isPresent();
    assertThat(ExperimentValidator.create().withConfigMaps(source -> Optional.empty()).validate(experiment)
        .unreadTemplate()).isEmpty();
    assertThat(ExperimentValidator.create().validate(Mutations.baselineExperiment()).unreadTemplate()).isEmpty();
  }

  @Test
  void t8_trialParameterWithoutReference_isRejected() {
    assertHas(problems(root -> at(root, "spec.trialTemplate.trialParameters[1]").remove("reference")), "T8",
        "spec.trialTemplate.trialParameters[1]", "name and reference must be specified");
  }

  @Test
  void t9_duplicateTrialParameterName_isRejected() {
    assertHas(problems(root -> at(root, "spec.trialTemplate.trialParameters[1]").addProperty("name", "lr")), "T9",
        "spec.trialTemplate.trialParameters[1].name", "can't be duplicated");
  }

  @Test
  void t10_duplicateTrialParameterReference_isRejected() {
    assertHas(problems(root -> at(root, "spec.trialTemplate.trialParameters[1]").addProperty("reference",
        "learning-rate")), "T10", "spec.trialTemplate.trialParameters[1].reference", "can't be duplicated");
  }

  @Test
  void t11_referenceToAnUnknownParameter_isRejected() {
    assertHas(problems(root -> at(root, "spec.trialTemplate.trialParameters[1]").addProperty("reference", "depth")),
        "T11", "spec.trialTemplate.trialParameters[1].reference", "does not exist in spec.parameters");
  }

  @Test
  void t12_trialParameterMissingFromTheTemplate_isRejected() {
    List<Problem> problems = problems(root -> container(root).add("command", array("python3", "train.py")));
    assertHas(problems, "T12", "spec.trialTemplate.trialParameters[0].name", "not found in spec.trialTemplate");
    assertNoRule(problems, "T13");
  }

  @Test
  void t12_aNameGoEscapesIsNotFoundInAnInlineTemplate() {
    List<Problem> problems = problems(root -> {
      at(root, "spec.trialTemplate.trialParameters[0]").addProperty("name", "a&b");
      container(root).add("command", array("--lr=${trialParameters.a&b}", "${trialParameters.layers}",
          "${trialParameters.activation}"));
    });
    assertHas(problems, "T12", "spec.trialTemplate.trialParameters[0].name", "a&b in spec.trialParameters not found in"
        + " spec.trialTemplate; Katib serializes an inline trialSpec as Go JSON, which escapes \" \\ < > & and control"
        + " characters, so this name can never match; rename the trial parameter");
    assertThat(problems).extracting(Problem::message).noneMatch(m -> m.contains("in the template or remove"));
  }

  @Test
  void t13_placeholderWithoutTrialParameter_isRejected() {
    assertHas(problems(root -> container(root).add("args", array("--seed=${trialParameters.seed}"))), "T13",
        "spec.trialTemplate", "[${trialParameters.seed}] in spec.trialTemplate not found in spec.trialParameters");
  }

  @Test
  void t14_inlineTemplateWithoutKind_isRejected() {
    assertHas(problems(root -> job(root).remove("kind")), "T14", "spec.trialTemplate.trialSpec",
        "has no kind");
  }

  @Test
  void t14_inlineTemplateWithoutKind_isReportedEvenWhereKatibsRulesStopEarlier() {
    List<Problem> problems = problems(root -> {
      job(root).addProperty("kind", "");
      spec(root).remove("objective");
      template(root).remove("trialParameters");
    });

    assertHas(problems, "T14", "spec.trialTemplate.trialSpec", "has no kind");
  }

  @Test
  void t14_inlineTemplateWithAnApiVersionOfThreeParts_cannotBeDecoded() {
    assertHas(problems(root -> job(root).addProperty("apiVersion", "batch/v1/x")), "T14",
        "spec.trialTemplate.trialSpec", "apiVersion that is not <group>/<version> (\"batch/v1/x\")");
  }

  @Test
  void t14_configMapTemplateWithAnApiVersionOfThreeParts_cannotBeConverted() {
    ExperimentValidator validator = ExperimentValidator.create().withConfigMaps(source -> Optional.of(
        "apiVersion: a/b/c\nkind: Job\nargs: [${trialParameters.lr}, ${trialParameters.layers},"
            + " ${trialParameters.activation}]\n"));
    assertHas(problems(validator, configMapSource("templates")), "T14", "spec.trialTemplate", "unable to convert");
  }

  @Test
  void t14_configMapTemplateThatIsNotAnObject_isRejected() {
    ExperimentValidator validator = ExperimentValidator.create()
        .withConfigMaps(source -> Optional.of("- ${trialParameters.lr}\n- ${trialParameters.layers}\n"
            + "- ${trialParameters.activation}\n"));
    assertHas(problems(validator, configMapSource("templates")), "T14", "spec.trialTemplate", "unable to convert");
  }

  @Test
  void t15_templateWithName_isRejected() {
    assertHas(problems(root -> at(root, "spec.trialTemplate.trialSpec.metadata").addProperty("name", "fixed")),
        "T15", "spec.trialTemplate", "metadata.name and metadata.namespace in spec.trialTemplate must be omitted");
  }

  @Test
  void t16_templateWithoutApiVersion_isRejected() {
    assertHas(problems(root -> job(root).remove("apiVersion")), "T16", "spec.trialTemplate",
        "APIVersion and Kind in spec.trialTemplate must be specified");
  }

  @Test
  void t17_unknownJobField_isRejected() {
    assertHas(problems(root -> container(root).addProperty("imagePullPolicyy", "Always")), "T17",
        "spec.trialTemplate", "imagePullPolicyy is not a field of Container");
  }

  @Test
  void t17_placeholderInAnIntegerField_isRejected() {
    assertHas(problems(root -> at(root, "spec.trialTemplate.trialSpec.spec").addProperty("parallelism",
        "${trialParameters.layers}")), "T17", "spec.trialTemplate", "parallelism must be an integer");
  }

  @Test
  void t17_zeroValueKubernetesOmits_isRejected() {
    assertHas(problems(root -> at(root, "spec.trialTemplate.trialSpec.spec.template.spec")
        .addProperty("hostNetwork", false)), "T17", "spec.trialTemplate", "hostNetwork is the boolean false");
  }

  @Test
  void t17_quantitiesUnderResourcesAndOtherKinds_areNotChecked() {
    assertThat(problems(root -> at(root, "spec.trialTemplate.trialSpec.spec.template.spec.containers[0].resources")
        .add("limits", json("{\"nvidia.com/gpu\": 1, \"memory\": \"2048Mi\"}")))).isEmpty();
    assertNoRule(problems(root -> {
      job(root).addProperty("apiVersion", "batch/v2");
      container(root).addProperty("imagePullPolicyy", "Always");
    }), "T17");
  }

  // ---- P ------------------------------------------------------------------------------------------------------

  @Test
  void p1_noParametersAndNoNasConfig_isRejected() {
    assertHas(problems(root -> spec(root).remove("parameters")), "P1", "spec",
        "spec.parameters or spec.nasConfig must be specified");
  }

  @Test
  void p2_parametersAndNasConfig_isRejected() {
    assertHas(problems(root -> spec(root).add("nasConfig", json("{\"graphConfig\":{\"numLayers\":2}}"))), "P2",
        "spec", "only one of spec.parameters and spec.nasConfig");
  }

  @Test
  void p3_missingParameterType_isRejected() {
    assertHas(problems(root -> at(root, "spec.parameters[1]").remove("parameterType")), "P3",
        "spec.parameters[1].parameterType", "is not supported");
  }

  @Test
  void p3_unknownParameterType_isRejectedWithKatibsRule() {
    assertHas(problems(root -> at(root, "spec.parameters[1]").addProperty("parameterType", "integer")), "P3",
        "spec.parameters[1].parameterType", "\"integer\" is not one of");
  }

  @Test
  void p4_unknownDistribution_isRejected() {
    assertHas(problems(root -> at(root, "spec.parameters[0].feasibleSpace").addProperty("distribution", "gauss")),
        "P4", "spec.parameters[0].feasibleSpace.distribution", "\"gauss\" is not one of");
  }

  @Test
  void p4_unknownDistributionAfterAnObjectiveError_isAReadingProblemAsKatibStopsBeforeP4() {
    List<Problem> problems = problems(root -> {
      spec(root).remove("objective");
      at(root, "spec.parameters[0].feasibleSpace").addProperty("distribution", "gaussian");
    });

    assertHas(problems, "schema", "spec.parameters[0].feasibleSpace.distribution", "\"gaussian\" is not one of");
    assertNoRule(problems, "P4");
  }

  @Test
  void p5_emptyFeasibleSpace_isRejectedOnlyBeforeDefaulting() {
    // Katib's defaulter always sets a distribution, so P5 cannot fire on what its validator sees.
    assertNoRule(problems(root -> at(root, "spec.parameters[0]").add("feasibleSpace", json("{}"))), "P5");
    assertHas(problems(root -> at(root, "spec.parameters[0]").add("feasibleSpace", json("{}"))), "P6",
        "spec.parameters[0].feasibleSpace.max", "must be specified");
  }

  @Test
  void p6_listOnANumericParameter_isRejected() {
    assertHas(problems(root -> at(root, "spec.parameters[1].feasibleSpace").add("list", array("1", "2"))), "P6",
        "spec.parameters[1].feasibleSpace.list", "feasibleSpace.list is not supported for parameterType: int");
  }

  @Test
  void p6_missingMin_isReportedAtMax() {
    assertHas(problems(root -> at(root, "spec.parameters[1].feasibleSpace").remove("min")), "P6",
        "spec.parameters[1].feasibleSpace.max", "feasibleSpace.max or feasibleSpace.min must be specified");
  }

  @Test
  void p7_boundsOnACategoricalParameter_isRejected() {
    assertHas(problems(root -> at(root, "spec.parameters[2].feasibleSpace").addProperty("min", "1")), "P7",
        "spec.parameters[2].feasibleSpace", "is not supported for parameterType: categorical");
  }

  // ---- M ------------------------------------------------------------------------------------------------------

  @Test
  void m1_collectorNotInKatibConfig_isRejected() {
    assertHas(problems(root -> collector(root, "PrometheusMetric")), "M1", "spec.metricsCollectorSpec.collector.kind",
        "GetMetricsCollectorConfigData failed");
    assertNoRule(problems(ExperimentValidator.forBuilders(), root -> collector(root, "PrometheusMetric")), "M1");
  }

  @Test
  void m2_stdOutFiltersAreNotCheckedByKatib() {
    assertThat(problems(root -> collector(root, "StdOut").add("source",
        json("{\"filter\":{\"metricsFormat\":[\"no groups\"]}}")))).isEmpty();
  }

  @Test
  void m3_relativeFilePath_isRejected() {
    assertHas(problems(root -> collector(root, "File").add("source",
        json("{\"fileSystemPath\":{\"path\":\"metrics.txt\"}}"))), "M3",
        "spec.metricsCollectorSpec.source.fileSystemPath.path", "file path where metrics file exists is required");
  }

  @Test
  void m3_directoryKindForFile_isRejected() {
    assertHas(problems(root -> collector(root, "File").add("source",
        json("{\"fileSystemPath\":{\"path\":\"/m\",\"kind\":\"Directory\"}}"))), "M3",
        "spec.metricsCollectorSpec.source.fileSystemPath.path", "file path");
  }

  @Test
  void m4_unknownFileFormat_isRejected() {
    assertHas(problems(root -> collector(root, "File").add("source",
        json("{\"fileSystemPath\":{\"path\":\"/m\",\"format\":\"CSV\"}}"))), "M4",
        "spec.metricsCollectorSpec.source.fileSystemPath.format", "\"CSV\" is not one of");
  }

  @Test
  void m5_filterWithJsonFormat_isRejected() {
    assertHas(problems(root -> collector(root, "File").add("source",
        json("{\"fileSystemPath\":{\"path\":\"/m.json\",\"format\":\"JSON\"},\"filter\":{}}"))), "M5",
        "spec.metricsCollectorSpec.source.filter", "filter must be nil when format of metrics file is json");
  }

  @Test
  void m6_fileKindForTensorFlowEvent_isRejected() {
    assertHas(problems(root -> collector(root, "TensorFlowEvent").add("source",
        json("{\"fileSystemPath\":{\"path\":\"/logs\",\"kind\":\"File\"}}"))), "M6",
        "spec.metricsCollectorSpec.source", "directory path where tensorflow event files exist is required");
  }

  @Test
  void m7_formatForTensorFlowEvent_isRejected() {
    assertHas(problems(root -> collector(root, "TensorFlowEvent").add("source",
        json("{\"fileSystemPath\":{\"format\":\"TEXT\"}}"))), "M7",
        "spec.metricsCollectorSpec.source.fileSystemPath.format", "must be empty");
  }

  private static KatibConfig withPrometheus() {
    return KatibConfig.defaults().toBuilder().metricsCollector("PrometheusMetric", "example.com/prom:1").build();
  }

  @Test
  void m8_namedPrometheusPort_isRejected() {
    assertHas(problems(ExperimentValidator.create(withPrometheus()), root -> collector(root, "PrometheusMetric")
        .add("source", json("{\"httpGet\":{\"port\":\"metrics\"}}"))), "M8",
        "spec.metricsCollectorSpec.source.httpGet.port", "must be a positive integer");
  }

  @Test
  void m9_relativePrometheusPath_isRejected() {
    assertHas(problems(ExperimentValidator.create(withPrometheus()), root -> collector(root, "PrometheusMetric")
        .add("source", json("{\"httpGet\":{\"path\":\"metrics\",\"port\":9090}}"))), "M9",
        "spec.metricsCollectorSpec.source.httpGet.path", "path is invalid");
  }

  @Test
  void m10_customWithoutContainer_isRejected() {
    assertHas(problems(root -> collector(root, "Custom")), "M10",
        "spec.metricsCollectorSpec.collector.customCollector", "metrics collector kind: Custom is required");
  }

  @Test
  void m11_customWithRelativePath_isRejected() {
    assertHas(problems(root -> {
      JsonObject mc = collector(root, "Custom");
      at(mc, "collector").add("customCollector", json("{\"name\":\"c\",\"image\":\"i\"}"));
      mc.add("source", json("{\"fileSystemPath\":{\"path\":\"out\",\"kind\":\"File\"}}"));
    }), "M11", "spec.metricsCollectorSpec.source.fileSystemPath", ".spec.metricsCollectorSpec.source is invalid");
  }

  @Test
  void m12_collectorWithoutKind_isRejected() {
    assertHas(problems(root -> spec(root).add("metricsCollectorSpec", json("{\"collector\":{}}"))), "M12",
        "spec.metricsCollectorSpec.collector.kind", "invalid metrics collector kind");
  }

  @Test
  void m13_filterThatGoCannotCompile_isRejected() {
    assertHas(problems(root -> collector(root, "File").add("source", json("{\"fileSystemPath\":{\"path\":\"/m\"},"
        + "\"filter\":{\"metricsFormat\":[\"(?<=x)(\\\\w+)=(\\\\d+)\"]}}"))), "M13",
        "spec.metricsCollectorSpec.source.filter.metricsFormat", "invalid filter");
  }

  @Test
  void m13_filterWithUnicodeClassesAndTheUngreedyFlag_isAcceptedAsGoCompilesIt() {
    assertNoRule(problems(root -> collector(root, "File").add("source", json("{\"fileSystemPath\":{\"path\":\"/m\"},"
        + "\"filter\":{\"metricsFormat\":[\"(\\\\p{L}+)=(\\\\d+)\", \"(?U)(\\\\w+)=(\\\\pN+)\"]}}"))), "M13");
  }

  @Test
  void m13_filterWithOneGroup_isRejected() {
    assertHas(problems(root -> collector(root, "File").add("source", json("{\"fileSystemPath\":{\"path\":\"/m\"},"
        + "\"filter\":{\"metricsFormat\":[\"{metric: (\\\\w+)}\"]}}"))), "M13",
        "spec.metricsCollectorSpec.source.filter.metricsFormat", "two top subexpressions are required");
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void m13_filterOfManyEscapedParentheses_isCheckedInLinearTime() {
    // 5,000 took two minutes when the test was a backtracking java.util.regex match; the scan takes microseconds.
    // More would measure RE2/J's compilation, which grows with the square of a literal's length (0.6 s at 30,000 on
    // a quiet machine, and over the timeout on a busy one).
    String format = "\\(".repeat(5_000);
    assertHas(problems(root -> {
      JsonObject source = json("{\"fileSystemPath\":{\"path\":\"/m\"},\"filter\":{}}").getAsJsonObject();
      at(source, "filter").add("metricsFormat", array(format));
      collector(root, "File").add("source", source);
    }), "M13", "spec.metricsCollectorSpec.source.filter.metricsFormat", "two top subexpressions are required in \""
        + "\\\\(".repeat(28) + "\\\\...\": group 1");
  }

  @Test
  void problems_areReportedAllAtOnceInFieldOrder() {
    List<Problem> problems = problems(root -> {
      at(root, "metadata").addProperty("name", "Bad");
      spec(root).addProperty("maxFailedTrialCount", -1);
      template(root).remove("primaryContainerName");
    });
    assertThat(problems).extracting(Problem::rule).containsExactly("V1", "V2", "T2");
    assertThat(problems).extracting(Problem::path)
        .containsExactly("metadata.name", "spec.maxFailedTrialCount", "spec.trialTemplate.primaryContainerName");
  }
}
