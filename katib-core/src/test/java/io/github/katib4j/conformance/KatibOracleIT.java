package io.github.katib4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.conformance.OracleCase.Assignment;
import io.github.katib4j.testing.Corpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KatibOracleIT {
  private static final KatibCodec CODEC = KatibCodec.create();
  private static final Pattern META_REFERENCE = Pattern.compile("\\$\\{trialSpec\\.(.+?)}");

  /**
   * Katib's own examples that Katib v0.19.0's webhook rejects, with the fields it names: simple-pbt allows more
   * failed trials (3) than trials (2), and the Tekton example writes {@code $(trialParameters.lr)} where Katib needs
   * {@code ${trialParameters.learningRate}}.
   */
  private static final Map<String, List<String>> EXAMPLES_KATIB_REJECTS = Map.of(
      "hp-tuning/simple-pbt.yaml", List.of("spec.maxFailedTrialCount"),
      "tekton/pipeline-run.yaml", List.of("spec.trialTemplate.trialParameters[0].name"));

  private static KatibOracle oracle;

  @BeforeAll
  static void startOracle() {
    oracle = KatibOracle.start();
  }

  @AfterAll
  static void stopOracle() {
    if (oracle != null) {
      oracle.close();
    }
  }

  @Test
  void examplesAndFixtures_katibDefaultsThemAndAcceptsAndRendersAllButTheKnownBrokenOnes() {
    List<Path> files = Stream.concat(Corpus.exampleFiles().stream(), Corpus.fixtures("experiments").stream())
        .collect(Collectors.toList());
    Corpus.katibRoot().ifPresent(root ->
        assertThat(Corpus.exampleFiles()).hasSize(Corpus.KATIB_V0_19_0_EXAMPLES));
    List<OracleCase> cases = new ArrayList<>();
    for (Path file : files) {
      JsonObject experiment = namedLikeTheApiServer(CODEC.toJsonObject(CODEC.readExperiment(file)));
      cases.add(withTemplateConfigMap(OracleCase.of(file.toString(), experiment)
          .withTrial(name(experiment) + "-x7k2mq9b", null, sampleAssignments(experiment)), experiment));
    }

    List<OracleResult> results = oracle.run(cases);

    SoftAssertions softly = new SoftAssertions();
    for (int i = 0; i < cases.size(); i++) {
      OracleCase sent = cases.get(i);
      OracleResult result = results.get(i);
      String id = sent.id();
      softly.assertThat(result.decodeError()).as("decode error of %s", id).isEmpty();
      softly.assertThat(result.panic()).as("panic of %s", id).isEmpty();
      List<String> rejected = EXAMPLES_KATIB_REJECTS.entrySet().stream()
          .filter(known -> Path.of(id).endsWith(known.getKey()))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(List.of());
      softly.assertThat(result.validationErrors()).as("validation errors of %s", id)
          .extracting(OracleResult.FieldError::field).containsExactlyElementsOf(rejected);

      softly.assertThat(result.defaulted()).as("defaulted %s", id).isPresent();
      result.defaulted().ifPresent(defaulted -> {
        JsonObject spec = defaulted.getAsJsonObject("spec");
        softly.assertThat(spec.has("parallelTrialCount")).as("defaulted parallelTrialCount of %s", id).isTrue();
        softly.assertThat(spec.has("resumePolicy")).as("defaulted resumePolicy of %s", id).isTrue();
        softly.assertThat(spec.getAsJsonObject("metricsCollectorSpec").getAsJsonObject("collector").has("kind"))
            .as("defaulted collector kind of %s", id).isTrue();
        softly.assertThat(spec.getAsJsonObject("objective").getAsJsonArray("metricStrategies"))
            .as("defaulted metric strategies of %s", id).isNotEmpty();
      });

      softly.assertThat(result.renderError()).as("render error of %s", id).isEmpty();
      result.runSpec().ifPresent(runSpec -> {
        JsonObject metadata = runSpec.getAsJsonObject("metadata");
        softly.assertThat(metadata.get("name").getAsString()).as("trial name in %s", id).isEqualTo(sent.trialName());
        softly.assertThat(metadata.get("namespace").getAsString()).as("trial namespace in %s", id)
            .isEqualTo(namespace(sent.experiment().getAsJsonObject()));
        String text = runSpec.toString();
        softly.assertThat(text).as("run spec of %s", id).doesNotContain("${trialParameters.", "${trialSpec.");
        for (Assignment assignment : sent.assignments()) {
          softly.assertThat(text).as("run spec of %s", id).contains(assignment.value());
        }
      });
      softly.assertThat(result.runSpec().isPresent()).as("run spec of %s", id).isEqualTo(rejected.isEmpty());
    }
    softly.assertAll();
  }

  @Test
  void defaulting_fillsInKatibsDefaultsBeforeValidation() {
    JsonObject experiment = fixture("succeeded-with-status.yaml");
    JsonObject spec = experiment.getAsJsonObject("spec");
    spec.remove("parallelTrialCount");
    spec.remove("resumePolicy");
    spec.remove("metricsCollectorSpec");
    spec.getAsJsonObject("objective").remove("metricStrategies");
    spec.getAsJsonArray("parameters").get(0).getAsJsonObject().getAsJsonObject("feasibleSpace")
        .remove("distribution");

    OracleResult result = oracle.run(OracleCase.of("defaults", experiment));

    JsonObject defaulted = result.defaulted().orElseThrow().getAsJsonObject("spec");
    assertThat(defaulted.get("parallelTrialCount")).isEqualTo(new JsonPrimitive(3));
    assertThat(defaulted.get("resumePolicy")).isEqualTo(new JsonPrimitive("Never"));
    assertThat(defaulted.getAsJsonObject("metricsCollectorSpec").getAsJsonObject("collector").get("kind"))
        .isEqualTo(new JsonPrimitive("StdOut"));
    assertThat(defaulted.getAsJsonObject("objective").getAsJsonArray("metricStrategies"))
        .containsExactly(strategy("score", "max"));
    assertThat(defaulted.getAsJsonArray("parameters").get(0).getAsJsonObject().getAsJsonObject("feasibleSpace")
        .get("distribution")).isEqualTo(new JsonPrimitive("uniform"));
    assertThat(result.failingFields()).as("the default parallelTrialCount of 3 exceeds maxTrialCount 2")
        .containsExactly("spec.parallelTrialCount");
  }

  @Test
  void validation_reportsKatibsFieldPathsAndKeepsGoing() {
    JsonObject experiment = fixture("regression-tpe.yaml");
    JsonObject spec = experiment.getAsJsonObject("spec");
    spec.getAsJsonArray("parameters").get(1).getAsJsonObject().getAsJsonObject("feasibleSpace").remove("max");
    spec.addProperty("maxFailedTrialCount", -1);
    spec.getAsJsonObject("algorithm").addProperty("algorithmName", "no-such-algorithm");

    OracleResult result = oracle.run(OracleCase.of("invalid", experiment));

    assertThat(result.accepted()).isFalse();
    assertThat(result.stopped()).isFalse();
    assertThat(result.failingFields()).containsExactly(
        "spec.maxFailedTrialCount", "spec.algorithm.algorithmName", "spec.parameters[1].feasibleSpace.max");
    assertThat(result.validationErrors().get(0).type()).isEqualTo("FieldValueInvalid");
    assertThat(result.validationErrors().get(2).type()).isEqualTo("FieldValueRequired");
  }

  @Test
  void validation_whenTheObjectiveFails_stopsThere() {
    JsonObject experiment = fixture("regression-tpe.yaml");
    experiment.getAsJsonObject("spec").getAsJsonObject("objective").addProperty("type", "minimise");
    experiment.getAsJsonObject("spec").getAsJsonObject("algorithm").addProperty("algorithmName", "");

    OracleResult result = oracle.run(OracleCase.of("objective", experiment));

    assertThat(result.stopped()).isTrue();
    assertThat(result.failingFields()).containsExactly("spec.objective.type");
  }

  @Test
  void decoding_whatKatibsWebhookCannotDecode_isADecodeError() {
    JsonObject badCount = fixture("regression-tpe.yaml");
    badCount.getAsJsonObject("spec").addProperty("maxTrialCount", "twenty");
    JsonObject noKind = fixture("regression-tpe.yaml");
    noKind.getAsJsonObject("spec").getAsJsonObject("trialTemplate").getAsJsonObject("trialSpec").remove("kind");

    List<OracleResult> results = oracle.run(List.of(
        OracleCase.of("count", badCount),
        OracleCase.of("kind", noKind),
        OracleCase.of("string", new JsonPrimitive("not an experiment"))));

    assertThat(results.get(0).decodeError()).hasValueSatisfying(e -> assertThat(e).contains("maxTrialCount"));
    assertThat(results.get(1).decodeError()).hasValueSatisfying(e -> assertThat(e).contains("Kind"));
    assertThat(results.get(2).decodeError()).isPresent();
    assertThat(results).allSatisfy(r -> {
      assertThat(r.defaulted()).isEmpty();
      assertThat(r.validated()).isFalse();
      assertThat(r.panic()).isEmpty();
    });
  }

  @Test
  void configMapTemplate_comesFromTheCasesConfigMaps() {
    JsonObject experiment = namedLikeTheApiServer(fixture("configmap-template.json"));
    OracleCase rendering = OracleCase.of("cm", experiment)
        .withTrial("cm-trial", "ml", List.of(new Assignment("lr", "0.05"), new Assignment("units", "64")));

    List<OracleResult> results = oracle.run(List.of(
        withTemplateConfigMap(rendering, experiment),
        OracleCase.of("cm-missing", experiment)));

    assertThat(results.get(0).accepted()).isTrue();
    assertThat(results.get(0).runSpec().orElseThrow().toString()).contains("--learningRate=0.05", "--units=64");
    assertThat(results.get(1).failingFields()).containsExactly("spec.trialTemplate");
    assertThat(results.get(1).validationErrors().get(0).detail()).contains("configMap not found");
  }

  @Test
  void update_appliesKatibsRulesForChangedExperiments() {
    JsonObject succeeded = fixture("succeeded-with-status.yaml");
    JsonObject moreTrials = succeeded.deepCopy();
    moreTrials.getAsJsonObject("spec").addProperty("maxTrialCount", 5);
    moreTrials.remove("status");
    JsonObject running = fixture("regression-tpe.yaml");
    JsonObject otherAlgorithm = running.deepCopy();
    otherAlgorithm.getAsJsonObject("spec").getAsJsonObject("algorithm").addProperty("algorithmName", "random");
    JsonObject moreParallel = running.deepCopy();
    moreParallel.getAsJsonObject("spec").addProperty("parallelTrialCount", 4);

    List<OracleResult> results = oracle.run(List.of(
        OracleCase.of("restart", moreTrials).withOldExperiment(succeeded),
        OracleCase.of("algorithm", otherAlgorithm).withOldExperiment(running),
        OracleCase.of("parallel", moreParallel).withOldExperiment(running),
        OracleCase.of("unchanged", running).withOldExperiment(running)));

    assertThat(results.get(0).failingFields()).containsExactly("spec.resumePolicy");
    assertThat(results.get(1).failingFields()).containsExactly("spec");
    assertThat(results.get(1).validationErrors().get(0).type()).isEqualTo("FieldValueForbidden");
    assertThat(results.get(2).accepted()).isTrue();
    assertThat(results.get(3).accepted()).isTrue();
  }

  @Test
  void katibConfig_replacesTheDefaultConfiguration() {
    JsonObject experiment = fixture("regression-tpe.yaml");
    String onlyGrid = String.join("\n",
        "apiVersion: config.kubeflow.org/v1beta1",
        "kind: KatibConfig",
        "runtime:",
        "  suggestions:",
        "    - algorithmName: grid",
        "      image: example.com/grid:1",
        "  metricsCollectors:",
        "    - kind: File",
        "      image: example.com/file:1");

    OracleResult result = oracle.run(OracleCase.of("config", experiment).withKatibConfig(onlyGrid));

    assertThat(result.failingFields())
        .containsExactly("spec.algorithm.algorithmName", "spec.earlyStopping.algorithmName");
  }

  @Test
  void largeBatch_answersEveryCaseInOrder() {
    JsonObject experiment = fixture("regression-tpe.yaml");
    List<Assignment> assignments = sampleAssignments(experiment);
    List<OracleCase> cases = IntStream.range(0, 3000)
        .mapToObj(i -> {
          JsonObject copy = experiment.deepCopy();
          copy.getAsJsonObject("spec").addProperty("maxTrialCount", i % 50);
          return OracleCase.of("case-" + i, copy).withTrial("regression-tpe-" + i, "team-a", assignments);
        })
        .collect(Collectors.toList());

    long start = System.nanoTime();
    List<OracleResult> results = oracle.run(cases);
    long millis = (System.nanoTime() - start) / 1_000_000;

    System.out.printf("katib-oracle answered %d cases in %d ms%n", cases.size(), millis);
    assertThat(results).extracting(OracleResult::id)
        .containsExactlyElementsOf(cases.stream().map(OracleCase::id).collect(Collectors.toList()));
    for (int i = 0; i < results.size(); i++) {
      // parallelTrialCount is 2 and maxFailedTrialCount 4, so Katib accepts only maxTrialCount >= 4.
      assertThat(results.get(i).accepted()).as("case %d", i).isEqualTo(i % 50 >= 4);
      assertThat(results.get(i).runSpec().isPresent()).as("case %d", i).isEqualTo(i % 50 >= 4);
    }
  }

  private static JsonObject fixture(String name) {
    return CODEC.toJsonObject(CODEC.readExperiment(Path.of("src", "test", "resources", "experiments", name)));
  }

  /** The API server names an object from its generateName before admission, so Katib's webhook sees a name. */
  private static JsonObject namedLikeTheApiServer(JsonObject experiment) {
    JsonObject metadata = experiment.getAsJsonObject("metadata");
    if (!metadata.has("name") && metadata.has("generateName")) {
      metadata.addProperty("name", metadata.get("generateName").getAsString() + "b8x2q");
    }
    return experiment;
  }

  /** Values a suggestion service could propose: each parameter's minimum or first element, or a NAS stand-in. */
  private static List<Assignment> sampleAssignments(JsonObject experiment) {
    JsonObject spec = experiment.getAsJsonObject("spec");
    Map<String, JsonObject> parameters = new HashMap<>();
    if (spec.has("parameters")) {
      for (JsonElement parameter : spec.getAsJsonArray("parameters")) {
        parameters.put(parameter.getAsJsonObject().get("name").getAsString(), parameter.getAsJsonObject());
      }
    }
    List<Assignment> assignments = new ArrayList<>();
    for (JsonElement trialParameter : spec.getAsJsonObject("trialTemplate").getAsJsonArray("trialParameters")) {
      String reference = trialParameter.getAsJsonObject().get("reference").getAsString();
      if (META_REFERENCE.matcher(reference).matches()) {
        continue;
      }
      JsonObject parameter = parameters.get(reference);
      String value = "nas-" + reference + "-value";
      if (parameter != null) {
        JsonObject space = parameter.getAsJsonObject("feasibleSpace");
        value = space.has("list") ? space.getAsJsonArray("list").get(0).getAsString() : space.get("min").getAsString();
      }
      assignments.add(new Assignment(reference, value));
    }
    return assignments;
  }

  /**
   * Adds, for an experiment whose template lives in a ConfigMap, a Job template of our own in that ConfigMap, using
   * every trial parameter once; Katib's own trial-templates ConfigMap is not part of the examples.
   */
  private static OracleCase withTemplateConfigMap(OracleCase oneCase, JsonObject experiment) {
    JsonObject template = experiment.getAsJsonObject("spec").getAsJsonObject("trialTemplate");
    if (!template.has("configMap")) {
      return oneCase;
    }
    JsonObject source = template.getAsJsonObject("configMap");
    StringBuilder job = new StringBuilder(String.join("\n",
        "apiVersion: batch/v1",
        "kind: Job",
        "spec:",
        "  template:",
        "    spec:",
        "      restartPolicy: Never",
        "      containers:",
        "        - name: " + template.get("primaryContainerName").getAsString(),
        "          image: registry.example.com/train:1",
        "          command:",
        "            - train"));
    for (JsonElement parameter : template.getAsJsonArray("trialParameters")) {
      String name = parameter.getAsJsonObject().get("name").getAsString();
      job.append("\n            - --").append(name).append("=${trialParameters.").append(name).append('}');
    }
    return oneCase.withConfigMap(source.get("configMapNamespace").getAsString(),
        source.get("configMapName").getAsString(), Map.of(source.get("templatePath").getAsString(), job + "\n"));
  }

  private static JsonObject strategy(String name, String value) {
    JsonObject strategy = new JsonObject();
    strategy.addProperty("name", name);
    strategy.addProperty("value", value);
    return strategy;
  }

  private static String name(JsonObject experiment) {
    return experiment.getAsJsonObject("metadata").get("name").getAsString();
  }

  private static String namespace(JsonObject experiment) {
    JsonElement namespace = experiment.getAsJsonObject("metadata").get("namespace");
    return namespace == null ? "" : namespace.getAsString();
  }
}
