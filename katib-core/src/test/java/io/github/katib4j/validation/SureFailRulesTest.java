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
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.internal.metrics.TextMetricsParser;
import io.github.katib4j.metrics.MetricReport;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** katib4j's checks for experiments Katib admits but that certainly fail (K- rules). */
class SureFailRulesTest {
  private static Consumer<JsonObject> space(int parameter, String field, String value) {
    return root -> at(root, "spec.parameters[" + parameter + "].feasibleSpace").addProperty(field, value);
  }

  @Test
  void number_boundThatIsNoNumber_isRejected() {
    assertHas(problems(space(0, "max", "0.3.1")), "K-number", "spec.parameters[0].feasibleSpace.max",
        "not a finite number");
    assertHas(problems(space(1, "step", "inf")), "K-number", "spec.parameters[1].feasibleSpace.step", "\"inf\"");
  }

  @Test
  void number_valueWithAControlCharacter_isShownEscaped() {
    List<Problem> problems = problems(space(0, "max", "0.3\u0000"));
    assertHas(problems, "K-number", "spec.parameters[0].feasibleSpace.max", "max is \"0.3\\u0000\"");
    assertThat(problems).extracting(Problem::message).noneMatch(m -> m.contains("\u0000"));
  }

  @Test
  void list_emptyCategoricalList_isRejected() {
    assertHas(problems(root -> at(root, "spec.parameters[2].feasibleSpace").add("list", json("[]"))), "K-list",
        "spec.parameters[2].feasibleSpace.list", "list at least one value");
  }

  @Test
  void duplicateParameter_isRejected() {
    List<Problem> problems = problems(root -> at(root, "spec.parameters[1]").addProperty("name", "learning-rate"));
    assertHas(problems, "K-duplicate-parameter", "spec.parameters[1].name", "defined twice");
  }

  @Test
  void unreferencedParameter_isRejected() {
    List<Problem> problems = problems(root -> Mutations.list(root, "spec.parameters").add(json("{\"name\":\"dropout\","
        + "\"parameterType\":\"double\",\"feasibleSpace\":{\"min\":\"0\",\"max\":\"0.5\"}}")));
    assertHas(problems, "K-unreferenced-parameter", "spec.parameters[3]", "no trial parameter references dropout");
  }

  @Test
  void nasReference_unknownAssignment_isRejected() {
    List<Problem> problems = problems(ExperimentValidator.create(), Mutations.fixture("nas-enas.yaml"),
        root -> at(root, "spec.trialTemplate.trialParameters[1]").addProperty("reference", "nnConfig"));
    assertHas(problems, "K-nas-reference", "spec.trialTemplate.trialParameters[1].reference",
        "enas suggests only architecture, nn_config");
    assertHas(problems, "K-nas-reference", "spec.trialTemplate.trialParameters", "no trial parameter references it");
  }

  @Test
  void metadataReference_labelMissingFromTheTemplate_isRejected() {
    Consumer<JsonObject> edit = root -> {
      Mutations.list(root, "spec.trialTemplate.trialParameters").add(json("{\"name\":\"owner\","
          + "\"reference\":\"${trialSpec.Labels[owner]}\"}"));
      at(root, "spec.trialTemplate.trialSpec.spec.template.spec.containers[0]").add("args",
          array("--owner=${trialParameters.owner}"));
    };
    assertHas(problems(edit), "K-metadata-reference", "spec.trialTemplate.trialParameters[3].reference",
        "needs labels key \"owner\"");
    assertThat(problems(edit.andThen(root -> at(root, "spec.trialTemplate.trialSpec.metadata.labels")
        .addProperty("owner", "me")))).isEmpty();
  }

  @Test
  void metadataReference_labelsWithAValueThatIsNoString_saysWhyTheKeyIsMissing() {
    List<Problem> problems = problems(root -> {
      Mutations.list(root, "spec.trialTemplate.trialParameters").add(json("{\"name\":\"owner\","
          + "\"reference\":\"${trialSpec.Labels[owner]}\"}"));
      at(root, "spec.trialTemplate.trialSpec.spec.template.spec.containers[0]").add("args",
          array("--owner=${trialParameters.owner}"));
      at(root, "spec.trialTemplate.trialSpec.metadata.labels").addProperty("owner", "me");
      at(root, "spec.trialTemplate.trialSpec.metadata.labels").addProperty("replicas", 2);
    });
    assertHas(problems, "K-metadata-reference", "spec.trialTemplate.trialParameters[3].reference", "needs labels key"
        + " \"owner\" in the template's own metadata.labels, but the template's metadata.labels[\"replicas\"] is a"
        + " number (2), not a string, so Go reads no labels at all; quote the value");
    assertThat(problems).extracting(Problem::message).noneMatch(m -> m.contains("which has none"));
  }

  @Test
  void configMapParse_templateThatOnlyParsesAfterSubstitution_isRejected() {
    String template = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  labels: {lr: ${trialParameters.lr}}\n"
        + "  annotations:\n    layers: \"${trialParameters.layers}\"\n    act: \"${trialParameters.activation}\"\n";
    ExperimentValidator validator = ExperimentValidator.create().withConfigMaps(source -> Optional.of(template));
    List<Problem> problems = problems(validator, Mutations.baseline(), root -> {
      at(root, "spec.trialTemplate").remove("trialSpec");
      at(root, "spec.trialTemplate").add("configMap", json("{\"configMapName\":\"t\",\"configMapNamespace\":\"n\","
          + "\"templatePath\":\"job.json\"}"));
      at(root, "spec.trialTemplate").addProperty("successCondition", "status.succeeded");
      at(root, "spec.trialTemplate").addProperty("failureCondition", "status.failed");
    });
    assertHas(problems, "K-configmap-parse", "spec.trialTemplate.configMap", "before substituting placeholders");
  }

  @Test
  void semicolon_inAMetricName_isRejectedForCollectorsThatSplitNames() {
    Consumer<JsonObject> edit = root -> at(root, "spec.objective").add("additionalMetricNames", array("loss;val"));
    assertHas(problems(edit), "K-semicolon", "spec.objective.additionalMetricNames[0]", "joined by ';'");
    assertNoRule(problems(edit.andThen(root -> at(root, "spec").add("metricsCollectorSpec",
        json("{\"collector\":{\"kind\":\"Push\"}}")))), "K-semicolon");
  }

  @Test
  void defaultFilter_objectiveNameItCannotCapture_isRejectedForStdOutAndFileText() {
    Consumer<JsonObject> dotted = root -> at(root, "spec.objective").addProperty("objectiveMetricName", "val.acc");
    List<Problem> problems = problems(dotted);
    assertHas(problems, "K-default-filter", "spec.objective.objectiveMetricName", "contains \".\"");
    assertHas(problems, "K-default-filter", "spec.objective.objectiveMetricName", "every trial ends MetricsUnavailable");
    assertHas(problems, "K-default-filter", "spec.objective.objectiveMetricName", "\"val_acc\"");
    assertHas(problems(ExperimentValidator.forLocalRuns(), dotted), "K-default-filter",
        "spec.objective.objectiveMetricName", "never captures");
    for (String name : List.of("train/acc", "acc@1", "précision", "val loss")) {
      assertHas(problems(root -> at(root, "spec.objective").addProperty("objectiveMetricName", name)),
          "K-default-filter", "spec.objective.objectiveMetricName", "never captures");
    }
    Consumer<JsonObject> fileText = root -> at(root, "spec").add("metricsCollectorSpec", json("{\"collector\":"
        + "{\"kind\":\"File\"},\"source\":{\"fileSystemPath\":{\"kind\":\"File\",\"path\":\"/m/m.log\"}}}"));
    assertHas(problems(dotted.andThen(fileText)), "K-default-filter", "spec.objective.objectiveMetricName", "File");
  }

  @Test
  void defaultFilter_namesItCaptures_customFiltersJsonAndFunctionTrials_areAccepted() {
    for (String name : List.of("accuracy", "Val_Acc-1", "a|b")) {
      assertNoRule(problems(root -> at(root, "spec.objective").addProperty("objectiveMetricName", name)),
          "K-default-filter");
    }
    Consumer<JsonObject> dotted = root -> at(root, "spec.objective").addProperty("objectiveMetricName", "val.acc");
    assertNoRule(problems(dotted.andThen(root -> at(root, "spec").add("metricsCollectorSpec", json("{\"collector\":"
        + "{\"kind\":\"StdOut\"},\"source\":{\"filter\":{\"metricsFormat\":[\"([\\\\w.]+)=([\\\\d.]+)\"]}}}")))),
        "K-default-filter");
    assertNoRule(problems(dotted.andThen(root -> at(root, "spec").add("metricsCollectorSpec", json("{\"collector\":"
        + "{\"kind\":\"File\"},\"source\":{\"fileSystemPath\":{\"kind\":\"File\",\"path\":\"/m/m.json\","
        + "\"format\":\"JSON\"}}}")))), "K-default-filter");
    assertNoRule(problems(dotted.andThen(root -> at(root, "spec").add("metricsCollectorSpec", json("{\"collector\":"
        + "{\"kind\":\"Push\"}}")))), "K-default-filter");
    assertNoRule(problems(ExperimentValidator.forLocalFunctionRuns(), dotted), "K-default-filter");
    assertNoRule(problems(ExperimentValidator.forBuilders(), dotted), "K-default-filter");
    // An additional metric only loses its values; the objective decides the trial.
    assertNoRule(problems(root -> at(root, "spec.objective").add("additionalMetricNames", array("val.loss"))),
        "K-default-filter");
  }

  @Test
  void defaultFilter_suggestedFilter_readsTheNameAndPassesM13() {
    for (String name : List.of("val.acc", "train/acc", "a[b]^c\\d", "val loss")) {
      Problem problem = problems(root -> at(root, "spec.objective").addProperty("objectiveMetricName", name)).stream()
          .filter(p -> p.rule().equals("K-default-filter")).findFirst().orElseThrow();
      String filter = problem.message().substring(problem.message().lastIndexOf("such as ") + "such as ".length());
      TextMetricsParser parser = TextMetricsParser.create(List.of(name), List.of(filter));
      assertThat(parser.accept("epoch 1 " + name + "=0.5")).as(filter).extracting(MetricReport::value)
          .containsExactly("0.5");
      String escaped = filter.replace("\\", "\\\\").replace("\"", "\\\"");
      assertNoRule(problems(root -> {
        at(root, "spec.objective").addProperty("objectiveMetricName", name);
        at(root, "spec").add("metricsCollectorSpec", json("{\"collector\":{\"kind\":\"StdOut\"},\"source\":"
            + "{\"filter\":{\"metricsFormat\":[\"" + escaped + "\"]}}}"));
      }), "M13");
    }
  }

  @Test
  void manifest_valueWithAQuote_isRejectedForClustersOnly() {
    Consumer<JsonObject> edit = root -> at(root, "spec.parameters[2].feasibleSpace").add("list",
        array("relu", "leaky\"relu"));
    assertHas(problems(edit), "K-manifest", "spec.parameters[2].feasibleSpace.list[1]", "without escaping");
    assertNoRule(problems(ExperimentValidator.forLocalRuns(), edit), "K-manifest");
    assertNoRule(problems(ExperimentValidator.forBuilders(), edit), "K-manifest");
  }

  @Test
  void manifest_valueThatChangesTheYamlOfAConfigMapTemplate_isRejectedWhenTheTemplateIsKnown() {
    String template = "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n"
        + "      containers:\n        - name: train\n          image: example.com/mlp:1.4\n          args:\n"
        + "            - --lr=${trialParameters.lr}\n            - --layers=${trialParameters.layers}\n"
        + "            - ${trialParameters.activation}\n";
    Consumer<JsonObject> edit = configMapTemplate().andThen(root -> at(root, "spec.parameters[2].feasibleSpace")
        .add("list", array("a: b", "#c", "[1]", "x")));
    List<Problem> problems = problems(ExperimentValidator.create().withConfigMaps(source -> Optional.of(template)),
        edit);
    assertHas(problems, "K-manifest", "spec.parameters[2].feasibleSpace.list[0]", "\"a: b\" changes the structure of"
        + " the ConfigMap's YAML where ${trialParameters.activation} stands");
    assertHas(problems, "K-manifest", "spec.parameters[2].feasibleSpace.list[1]", "\"#c\"");
    assertHas(problems, "K-manifest", "spec.parameters[2].feasibleSpace.list[2]", "\"[1]\"");
    assertThat(problems).extracting(Problem::path).doesNotContain("spec.parameters[2].feasibleSpace.list[3]");
    assertNoRule(problems(ExperimentValidator.forLocalRuns().withConfigMaps(source -> Optional.of(template)), edit),
        "K-manifest");
  }

  /** The baseline with its template moved to ConfigMap team-b/templates, key job.yaml. */
  private static Consumer<JsonObject> configMapTemplate() {
    return root -> {
      at(root, "spec.trialTemplate").remove("trialSpec");
      at(root, "spec.trialTemplate").add("configMap", json("{\"configMapName\":\"templates\","
          + "\"configMapNamespace\":\"team-b\",\"templatePath\":\"job.yaml\"}"));
      at(root, "spec.trialTemplate").addProperty("successCondition", "status.succeeded");
      at(root, "spec.trialTemplate").addProperty("failureCondition", "status.failed");
    };
  }

  @Test
  void primaryContainer_matchingNoContainerOfTheJob_isRejected() {
    Consumer<JsonObject> edit = root -> at(root, "spec.trialTemplate").addProperty("primaryContainerName", "trainer");
    assertHas(problems(edit), "K-primary-container", "spec.trialTemplate.primaryContainerName", "the trial's Job has"
        + " no container named \"trainer\"; its containers are \"train\" (at spec.template.spec.containers[0]), so"
        + " Katib's pod webhook rejects every pod");
    assertHas(problems(ExperimentValidator.forBuilders(), edit), "K-primary-container",
        "spec.trialTemplate.primaryContainerName", "no container named");
  }

  @Test
  void primaryContainer_isNotJudgedWhereContainersAreNamedElsewhereOrByAPlaceholder() {
    Consumer<JsonObject> rename = root -> at(root, "spec.trialTemplate").addProperty("primaryContainerName", "main");
    assertNoRule(problems(rename.andThen(root -> {
      at(root, "spec.trialTemplate.trialSpec").addProperty("apiVersion", "argoproj.io/v1alpha1");
      at(root, "spec.trialTemplate.trialSpec").addProperty("kind", "Workflow");
    })), "K-primary-container");
    assertNoRule(problems(rename.andThen(root -> at(root, "spec.trialTemplate.trialSpec.spec.template.spec"
        + ".containers[0]").addProperty("name", "${trialParameters.activation}"))), "K-primary-container");
  }

  @Test
  void jobRestartPolicy_missingOrAlways_isRejectedForClusters() {
    String podSpec = "spec.trialTemplate.trialSpec.spec.template.spec";
    Consumer<JsonObject> missing = root -> at(root, podSpec).remove("restartPolicy");
    assertHas(problems(missing), "K-job-restart-policy", podSpec, "is not set, so Kubernetes makes it Always, which a"
        + " Job does not allow: the API server rejects every trial's Job");
    assertHas(problems(root -> at(root, podSpec).addProperty("restartPolicy", "Always")), "K-job-restart-policy",
        podSpec + ".restartPolicy", "is Always");
    assertHas(problems(root -> {
      at(root, podSpec).addProperty("restartPolicy", "OnFailure");
      at(root, "spec.trialTemplate.trialSpec.spec").add("podFailurePolicy", json("{\"rules\":[{\"action\":"
          + "\"FailJob\",\"onExitCodes\":{\"operator\":\"In\",\"values\":[42]}}]}"));
    }), "K-job-restart-policy", podSpec + ".restartPolicy", "a Job with a podFailurePolicy does not allow");
    assertNoRule(problems(root -> at(root, podSpec).addProperty("restartPolicy", "OnFailure")), "K-job-restart-policy");
    assertNoRule(problems(ExperimentValidator.forLocalRuns(), missing), "K-job-restart-policy");
  }

  @Test
  void filter_stdOutFilterGoCannotCompile_isRejected() {
    Consumer<JsonObject> edit = root -> at(root, "spec").add("metricsCollectorSpec", json("{\"collector\":{\"kind\":"
        + "\"StdOut\"},\"source\":{\"filter\":{\"metricsFormat\":[\"(\\\\w+)=(\\\\d+)\","
        + "\"(\\\\w+: ([\\\\d.]+\"]}}}"));
    List<Problem> problems = problems(edit);
    assertHas(problems, "K-filter", "spec.metricsCollectorSpec.source.filter.metricsFormat[1]", "Go cannot compile"
        + " this filter");
    assertThat(problems).extracting(Problem::rule).containsExactly("K-filter");
    assertHas(problems(ExperimentValidator.forBuilders(), edit), "K-filter",
        "spec.metricsCollectorSpec.source.filter.metricsFormat[1]", "panics");
  }

  @Test
  void tfeventEarlyStopping_isRejectedForClustersUnlessNoTrialCanGetRules() {
    Consumer<JsonObject> edit = root -> {
      at(root, "spec").add("metricsCollectorSpec", json("{\"collector\":{\"kind\":\"TensorFlowEvent\"},"
          + "\"source\":{\"fileSystemPath\":{\"path\":\"/logs\",\"kind\":\"Directory\"}}}"));
      at(root, "spec").add("earlyStopping", json("{\"algorithmName\":\"medianstop\"}"));
    };
    assertHas(problems(edit), "K-tfevent-early-stopping", "spec.earlyStopping", "exits with status 2");
    assertNoRule(problems(ExperimentValidator.forLocalRuns(), edit), "K-tfevent-early-stopping");
    // medianstop has rules only once min_trials_required (3 by default) trials have succeeded.
    assertNoRule(problems(edit.andThen(root -> {
      at(root, "spec").addProperty("maxTrialCount", 3);
      at(root, "spec").addProperty("parallelTrialCount", 1);
    })), "K-tfevent-early-stopping");
  }

  @Test
  void name_thatKatibsUnanchoredCheckPassesButTheApiServerRefuses_isRejectedForClusters() {
    for (String name : List.of("ran_dom", "random-", "rändom")) {
      Consumer<JsonObject> edit = root -> at(root, "metadata").addProperty("name", name);
      List<Problem> problems = problems(edit);
      assertHas(problems, "K-name", "metadata.name", "the API server refuses name \"" + name + "\": an object's name"
          + " must be a lowercase RFC 1123 subdomain");
      assertNoRule(problems, "V1");
      // The local engine keeps the experiment in a folder of that name.
      assertHas(problems(ExperimentValidator.forLocalRuns(), edit), "K-name", "metadata.name", "the local engine"
          + " refuses, as the API server does, name \"" + name + "\": an object's name must be a lowercase RFC 1123"
          + " subdomain");
    }
    assertHas(problems(ExperimentValidator.forLocalFunctionRuns(), root -> at(root, "metadata").addProperty("name",
        "abc/def")), "K-name", "metadata.name", "use for example \"abc-def\"");
    assertHas(problems(root -> at(root, "metadata").addProperty("name", "ran_dom")), "K-name", "metadata.name",
        "use for example \"ran-dom\"");
    assertNoRule(problems(root -> at(root, "metadata").addProperty("name", "a.b-1")), "K-name");
    // Katib's V1 already says it, in the same words.
    List<Problem> upper = problems(root -> at(root, "metadata").addProperty("name", "Random"));
    assertHas(upper, "V1", "metadata.name", "lower case");
    assertNoRule(upper, "K-name");
  }

  @Test
  void name_generateNameIsCheckedAsAPrefix() {
    Consumer<JsonObject> prefix = root -> at(root, "metadata").remove("name");
    assertNoRule(problems(prefix.andThen(root -> at(root, "metadata").addProperty("generateName", "random-"))),
        "K-name");
    assertHas(problems(prefix.andThen(root -> at(root, "metadata").addProperty("generateName", "ran_dom-"))),
        "K-name", "metadata.generateName", "use for example \"ran-dom-\"");
  }

  @Test
  void suggestionName_withADot_isRejectedForClusters_sinceKatibNamesItsServiceAfterTheExperiment() {
    // Both the API server and Katib's webhook admit "a.b", but the Service "a.b-random" cannot exist.
    List<Problem> problems = problems(root -> at(root, "metadata").addProperty("name", "a.b"));
    assertNoRule(problems, "K-name");
    assertNoRule(problems, "V1");
    assertHas(problems, "K-suggestion-name", "metadata.name", "Katib names the suggestion's Deployment and Service"
        + " \"a.b-random\"");
    assertHas(problems, "K-suggestion-name", "metadata.name", "a Service's name must be a DNS-1035 label");
    assertHas(problems, "K-suggestion-name", "metadata.name", "found name \"a.b\", with '.': use a name without"
        + " dots, for example \"a-b\"");
    Consumer<JsonObject> generated = root -> {
      at(root, "metadata").remove("name");
      at(root, "metadata").addProperty("generateName", "team.b-");
    };
    assertHas(problems(generated), "K-suggestion-name", "metadata.generateName", "\"team.b-<5 random characters>"
        + "-random\"");
    assertHas(problems(generated), "K-suggestion-name", "metadata.generateName", "for example \"team-b-\"");
    // Only a cluster builds the Service; the local engine runs the experiment and notes it (LocalKatibTest).
    assertNoRule(problems(ExperimentValidator.forLocalRuns(), root -> at(root, "metadata").addProperty("name",
        "a.b")), "K-suggestion-name");
    // Not repeated where K-name already refuses the name.
    List<Problem> both = problems(root -> at(root, "metadata").addProperty("name", "a.b_c"));
    assertHas(both, "K-name", "metadata.name", "RFC 1123 subdomain");
    assertNoRule(both, "K-suggestion-name");
  }

  @Test
  void suggestionName_longerThan63Characters_isRejected_namingTheAlgorithmFromTheClustersConfig() {
    KatibConfig config = KatibConfig.parse(String.join("\n",
        "runtime:",
        "  suggestions:",
        "    - algorithmName: a-very-long-custom-algorithm-name",
        "      image: example.com/suggestion:1",
        "    - algorithmName: My_Algo",
        "      image: example.com/suggestion:1"));
    String forty = "a" + "b".repeat(39);
    List<Problem> problems = problems(ExperimentValidator.create(config), root -> {
      at(root, "metadata").addProperty("name", forty);
      at(root, "spec.algorithm").addProperty("algorithmName", "a-very-long-custom-algorithm-name");
      at(root, "spec.algorithm").remove("algorithmSettings");
    });
    assertHas(problems, "K-suggestion-name", "metadata.name", "with algorithm \"a-very-long-custom-algorithm-name\""
        + " it has 74 characters: shorten the name by at least 11 characters");
    List<Problem> badAlgorithm = problems(ExperimentValidator.create(config), root -> {
      at(root, "spec.algorithm").addProperty("algorithmName", "My_Algo");
      at(root, "spec.algorithm").remove("algorithmSettings");
    });
    assertHas(badAlgorithm, "K-suggestion-name", "spec.algorithm.algorithmName", "found algorithm \"My_Algo\"");
    // Katib's default algorithms all fit after a name of V1's 40 characters.
    assertNoRule(problems(root -> at(root, "metadata").addProperty("name", forty)), "K-suggestion-name");
  }

  @Test
  void namespace_thatIsNoDns1123Label_isRejectedForClusters() {
    assertHas(problems(root -> at(root, "metadata").addProperty("namespace", "Kube_flow")), "K-namespace",
        "metadata.namespace", "a namespace must be a lowercase RFC 1123 label");
    assertHas(problems(root -> at(root, "metadata").addProperty("namespace", "team.b")), "K-namespace",
        "metadata.namespace", "use for example \"team-b\"");
  }
  @Test
  void namespace_thatIsNoDns1123Label_isRejectedForLocalRuns_whoseFoldersItWouldName() {
    for (String namespace : List.of("Bad_NS", "..", "a/b", "/tmp/x")) {
      Consumer<JsonObject> edit = root -> at(root, "metadata").addProperty("namespace", namespace);
      assertHas(problems(ExperimentValidator.forLocalRuns(), edit), "K-namespace", "metadata.namespace",
          "the local engine refuses, as the API server does, namespace");
      assertHas(problems(ExperimentValidator.forLocalFunctionRuns(), edit), "K-namespace", "metadata.namespace",
          "a namespace must be a lowercase RFC 1123 label");
    }
    // Labels and annotations name no folder: only a cluster checks them.
    assertNoRule(problems(ExperimentValidator.forLocalRuns(), root -> at(root, "metadata").add("labels",
        json("{\"a b\": \"c\"}"))), "K-label");
  }


  @Test
  void label_keysAndValuesTheApiServerRefuses_areRejectedForClusters() {
    List<Problem> problems = problems(root -> at(root, "metadata").add("labels", json("{\"a b\":\"x\","
        + "\"example.com/team\":\"b\",\"ok\":\"not ok\",\"/x\":\"\",\"a/b/c\":\"" + "v".repeat(64) + "\"}")));
    assertHas(problems, "K-label", "metadata.labels[a b]", "label key \"a b\"");
    assertHas(problems, "K-label", "metadata.labels[ok]", "label value \"not ok\"");
    assertHas(problems, "K-label", "metadata.labels[/x]", "its prefix is not");
    assertHas(problems, "K-label", "metadata.labels[a/b/c]", "more than one '/'");
    assertHas(problems, "K-label", "metadata.labels[a/b/c]", "a label value must be empty or at most 63");
    assertThat(problems).extracting(Problem::path).doesNotContain("metadata.labels[example.com/team]");
  }

  @Test
  void annotation_keysAndTotalSizeTheApiServerRefuses_areRejectedForClusters() {
    assertHas(problems(root -> at(root, "metadata").add("annotations", json("{\"Example.com/Note\":\"x\","
        + "\"bad key\":\"free text: ok\"}"))), "K-annotation", "metadata.annotations[bad key]", "annotation key");
    assertNoRule(problems(root -> at(root, "metadata").add("annotations", json("{\"Example.COM/Note\":\"\"}"))),
        "K-annotation");
    List<Problem> large = problems(root -> {
      JsonObject annotations = new JsonObject();
      annotations.addProperty("a", "x".repeat(128 * 1024));
      annotations.addProperty("b", "x".repeat(128 * 1024));
      at(root, "metadata").add("annotations", annotations);
    });
    assertHas(large, "K-annotation", "metadata.annotations", "262146 bytes, more than Kubernetes' limit of 262144");
  }

  @Test
  void goal_notFinite_isRejected() {
    Experiment experiment = Experiment.of(Mutations.baselineExperiment().metadata(),
        Mutations.baselineExperiment().spec().withObjective(Objective.maximize("accuracy").goal(Double.NaN)));
    assertHas(ExperimentValidator.create().validate(experiment).problems(), "K-goal", "spec.objective.goal",
        "finite number");
  }

  @Test
  void sureFailRules_runEvenWhenKatibStopsAtTheObjective() {
    List<Problem> problems = problems(root -> {
      at(root, "spec.objective").remove("type");
      at(root, "spec.parameters[2].feasibleSpace").add("list", json("[]"));
    });
    assertHas(problems, "O2", "spec.objective.type", "must be");
    assertHas(problems, "K-list", "spec.parameters[2].feasibleSpace.list", "empty");
  }
}
