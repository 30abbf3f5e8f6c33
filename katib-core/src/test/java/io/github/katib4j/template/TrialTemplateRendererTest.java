package io.github.katib4j.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.ConfigMapSource;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.MetricsCollector;
import io.github.katib4j.experiment.ObjectMeta;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.OwnerReference;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialParameter;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.validation.ExperimentValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialTemplateRendererTest {
  private static final String JOB = "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"labels\":{\"team\":"
      + "\"vision\"}},\"spec\":{\"template\":{\"spec\":{\"restartPolicy\":\"Never\",\"containers\":[{\"name\":"
      + "\"trainer\",\"image\":\"registry.example/train:1\",\"command\":[\"python3\",\"train.py\"],\"args\":"
      + "[\"--lr=${trialParameters.learningRate}\",\"--optimizer=${trialParameters.optimizer}\"],"
      + "\"env\":[{\"name\":\"TRIAL\",\"value\":\"${trialParameters.trialName}\"}]}]}}}}";

  private final TrialTemplateRenderer exact = TrialTemplateRenderer.create();
  private final TrialTemplateRenderer safe = TrialTemplateRenderer.create().withMode(RenderMode.SAFE);

  /** An experiment as given, not validated: some tests need templates Katib's webhook would reject. */
  private static Experiment experiment(String trialSpec, List<TrialParameter> trialParameters) {
    return Experiment.of(ObjectMeta.builder().name("tune").namespace("ml").putLabel("owner", "ana").build(),
        ExperimentSpec.builder()
            .objective(Objective.minimize("loss"))
            .algorithm(Algorithm.random())
            .addParameters(Parameter.doubleRange("lr", 0.001, 0.1), Parameter.categorical("optimizer", "sgd", "adam"))
            .trialTemplate(TrialTemplate.builder()
                .primaryContainerName("trainer")
                .successCondition(TrialKind.JOB.successCondition())
                .failureCondition(TrialKind.JOB.failureCondition())
                .trialSpec(Unstructured.parse(trialSpec))
                .trialParameters(trialParameters)
                .build())
            .metricsCollectorSpec(MetricsCollector.stdOut())
            .maxTrialCount(4).parallelTrialCount(2)
            .build());
  }

  private static Experiment experiment() {
    return experiment(JOB, List.of(TrialParameter.of("learningRate", "lr"), TrialParameter.of("optimizer",
        "optimizer"), TrialParameter.of("trialName", "${trialSpec.Name}")));
  }

  private static Map<String, String> values(String lr, String optimizer) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("lr", lr);
    values.put("optimizer", optimizer);
    return values;
  }

  @Test
  void render_substitutesValuesAndMetadataAndNamesTheJob() {
    RenderedTrial rendered = exact.render(experiment(), "tune-x7k2m9qd", values("0.01", "adam"));

    Container trainer = rendered.workload().primaryContainer().orElseThrow();
    assertThat(trainer.args()).containsExactly("--lr=0.01", "--optimizer=adam");
    assertThat(trainer.envVar("TRIAL").flatMap(EnvVar::value)).contains("tune-x7k2m9qd");
    assertThat(rendered.runSpec().toJsonObject().getAsJsonObject("metadata").toString())
        .isEqualTo("{\"labels\":{\"team\":\"vision\"},\"name\":\"tune-x7k2m9qd\",\"namespace\":\"ml\"}");
    assertThat(rendered.isCorrupted()).isFalse();
    assertThat(rendered.renderedText()).doesNotContain("${trialParameters.");
  }

  @Test
  void render_buildsTheTrialKatibsControllerCreates() {
    Experiment experiment = experiment().withMetadata(ObjectMeta.builder().from(experiment().metadata())
        .uid("4c1f6a0e-0000-4000-8000-000000000001").build());

    Trial trial = exact.render(experiment, "tune-x7k2m9qd", values("0.01", "adam")).trial();

    assertThat(trial.name()).isEqualTo("tune-x7k2m9qd");
    assertThat(trial.metadata().namespace()).isEqualTo("ml");
    assertThat(trial.metadata().labels()).containsExactly(Map.entry("owner", "ana"),
        Map.entry("katib.kubeflow.org/experiment", "tune"));
    assertThat(trial.metadata().ownerReferences()).containsExactly(OwnerReference.builder()
        .apiVersion("kubeflow.org/v1beta1").kind("Experiment").name("tune")
        .uid("4c1f6a0e-0000-4000-8000-000000000001").controller(true).blockOwnerDeletion(true).build());
    assertThat(trial.spec().objective()).isEqualTo(experiment.spec().objective());
    assertThat(trial.spec().parameterAssignments()).containsExactly(ParameterAssignment.of("lr", "0.01"),
        ParameterAssignment.of("optimizer", "adam"));
    assertThat(trial.spec().primaryContainerName()).isEqualTo("trainer");
    assertThat(trial.spec().successCondition()).isEqualTo(TrialKind.JOB.successCondition());
    assertThat(trial.spec().failureCondition()).isEqualTo(TrialKind.JOB.failureCondition());
    assertThat(trial.spec().metricsCollector()).isEqualTo(MetricsCollector.stdOut());
    assertThat(trial.spec().retainRun()).isFalse();
  }

  @Test
  void render_withAssignmentsInAnyOrder_listsThemInTheExperimentsParameterOrder() {
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("optimizer", "adam");
    reversed.put("lr", "0.01");

    Trial trial = exact.render(experiment(), "tune-1", reversed).trial();

    assertThat(trial.spec().parameterAssignments()).containsExactly(ParameterAssignment.of("lr", "0.01"),
        ParameterAssignment.of("optimizer", "adam"));
  }

  @Test
  void render_withEveryKindOfMistake_namesThemAllAtOnce() {
    String job = JOB.replace("--optimizer=${trialParameters.optimizer}", "--seed=${trialParameters.seed}")
        .replace("\"--lr=${trialParameters.learningRate}\"", "\"--lr=${trialParameters.learningRate}\","
            + "\"--x=${trialParameters.x}\"");
    Experiment experiment = experiment(job, List.of(TrialParameter.of("learningRate", "lr"),
        TrialParameter.of("optimizer", "optimizer"), TrialParameter.of("trialName", "${trialSpec.Name}"),
        TrialParameter.of("owner", "${trialSpec.Annotations[owner]}")));
    Map<String, String> values = Map.of("optimizer", "adam", "dropout", "0.5");

    assertThatThrownBy(() -> exact.render(experiment, "tune-1", values))
        .isInstanceOf(TemplateRenderException.class)
        .hasMessageContaining("The trial template of Experiment \"ml/tune\" (rendering trial \"tune-1\") has 6"
            + " problems:\n")
        .satisfies(e -> {
          TemplateRenderException error = (TemplateRenderException) e;
          assertThat(error.unknownPlaceholders()).containsExactly("${trialParameters.x}",
              "${trialParameters.seed}");
          assertThat(error.unusedTrialParameters()).containsExactly("optimizer", "owner");
          assertThat(error.missingAssignments()).containsExactly("lr");
          assertThat(error.unknownAssignments()).containsExactly("dropout");
          assertThat(error.problems()).extracting(Problem::rule)
              .contains("T12", "T13", "K-missing-assignment", "K-unknown-assignment", "K-metadata-reference");
        });
  }

  @Test
  void render_labelReferenceWithoutKey_takesTheKeyOfTheReferenceBeforeAsKatibDoes() {
    String job = JOB.replace("\"env\":[{\"name\":\"TRIAL\",\"value\":\"${trialParameters.trialName}\"}]",
        "\"env\":[{\"name\":\"TEAM\",\"value\":\"${trialParameters.team}\"},"
            + "{\"name\":\"AGAIN\",\"value\":\"${trialParameters.again}\"}]");
    Experiment experiment = experiment(job, List.of(TrialParameter.of("learningRate", "lr"),
        TrialParameter.of("optimizer", "optimizer"), TrialParameter.of("team", "${trialSpec.Labels[team]}"),
        TrialParameter.of("again", "${trialSpec.Labels}")));

    Container trainer = exact.render(experiment, "tune-1", values("0.01", "adam")).workload().primaryContainer()
        .orElseThrow();

    assertThat(trainer.envVar("AGAIN").flatMap(EnvVar::value)).contains("vision");
  }

  @Test
  void render_labelReferenceWhenALabelValueIsNoString_saysWhyGoReadsNoLabels() {
    String job = JOB.replace("{\"team\":\"vision\"}", "{\"team\":\"vision\",\"replicas\":2}")
        .replace("${trialParameters.trialName}", "${trialParameters.team}");
    Experiment experiment = experiment(job, List.of(TrialParameter.of("learningRate", "lr"),
        TrialParameter.of("optimizer", "optimizer"), TrialParameter.of("team", "${trialSpec.Labels[team]}")));

    assertThatThrownBy(() -> exact.render(experiment, "tune-1", values("0.01", "adam")))
        .isInstanceOf(TemplateRenderException.class)
        .hasMessageContaining("the template has no metadata.labels[team] (as a string): its metadata.labels"
            + "[\"replicas\"] is a number (2), not a string, so Go reads no labels at all; quote the value");
  }

  @Test
  void render_withSearchParameterNoTrialParameterReferences_failsAsKatibWould() {
    Experiment experiment = experiment(JOB.replace("--optimizer=${trialParameters.optimizer}", "--optimizer=sgd"),
        List.of(TrialParameter.of("learningRate", "lr"), TrialParameter.of("trialName", "${trialSpec.Name}")));

    assertThatThrownBy(() -> exact.render(experiment, "tune-1", values("0.01", "adam")))
        .isInstanceOf(TemplateRenderException.class)
        .hasMessageContaining("spec.parameters[1]: no trial parameter references \"optimizer\"")
        .satisfies(e -> assertThat(((TemplateRenderException) e).unreferencedParameters())
            .containsExactly("optimizer"));
  }

  @Test
  void render_withQuoteInValue_katibExactChangesTheStructureAndSaysWhich() {
    RenderedTrial rendered = exact.render(experiment(), "tune-1", values("0.01", "adam\",\"--evil=1"));

    assertThat(rendered.workload().primaryContainer().orElseThrow().args())
        .containsExactly("--lr=0.01", "--optimizer=adam", "--evil=1");
    assertThat(rendered.isCorrupted()).isTrue();
    assertThat(rendered.injections()).extracting(Problem::path)
        .contains("runSpec.spec.template.spec.containers[0].args[2]");
    assertThat(rendered.injections().get(0).message())
        .contains("the value of trial parameter \"optimizer\" (\"adam\\\",\\\"--evil=1\") changes the manifest's"
            + " structure");
  }

  @Test
  void render_withQuoteInValue_safeModeKeepsTheValueVerbatim() {
    RenderedTrial rendered = safe.render(experiment(), "tune-1", values("0.01", "adam\",\"--evil=1"));

    assertThat(rendered.workload().primaryContainer().orElseThrow().args())
        .containsExactly("--lr=0.01", "--optimizer=adam\",\"--evil=1");
    assertThat(rendered.isCorrupted()).isTrue();
  }

  @Test
  void render_withValueKatibCannotDecode_exactThrowsAndSafeRenders() {
    Map<String, String> values = values("C:\\data", "adam");

    assertThatThrownBy(() -> exact.render(experiment(), "tune-1", values))
        .isInstanceOf(TemplateRenderException.class)
        .hasMessageContaining("Katib cannot decode the template after substituting the values")
        .hasMessageContaining("the value of trial parameter \"learningRate\" (\"C:\\\\data\")")
        .satisfies(e -> assertThat(((TemplateRenderException) e).renderedText().orElseThrow())
            .contains("\"--lr=C:\\data\""));
    assertThat(safe.render(experiment(), "tune-1", values).workload().primaryContainer().orElseThrow().args())
        .containsExactly("--lr=C:\\data", "--optimizer=adam");
  }

  @Test
  void render_withNewlineBackslashAndPlaceholderInValues_safeModeDeliversEachVerbatim() {
    for (String value : List.of("a\nb", "tab\\there", "${trialParameters.learningRate}", "x\"}]}}}", "}\n---\n")) {
      RenderedTrial rendered = safe.render(experiment(), "tune-1", values("0.01", value));

      assertThat(rendered.workload().primaryContainer().orElseThrow().args())
          .as("value %s", value).containsExactly("--lr=0.01", "--optimizer=" + value);
      assertThat(rendered.isCorrupted()).as("value %s", value).isTrue();
    }
  }

  @Test
  void render_sameExperimentsInTurn_eachTrialGetsItsOwnValuesFromAnUnchangedTemplate() {
    Experiment first = experiment();
    Experiment second = experiment();
    String template = safe.render(first, "tune-0", values("0.5", "sgd")).templateText();

    for (int i = 1; i <= 3; i++) {
      for (Experiment experiment : List.of(first, second)) {
        RenderedTrial rendered = safe.render(experiment, "tune-" + i, values("0.0" + i, "adam\",\"--evil=" + i));

        assertThat(rendered.workload().primaryContainer().orElseThrow().args())
            .containsExactly("--lr=0.0" + i, "--optimizer=adam\",\"--evil=" + i);
        assertThat(rendered.templateText()).isEqualTo(template);
        assertThat(rendered.injections()).extracting(Problem::path)
            .contains("runSpec.spec.template.spec.containers[0].args[2]");
      }
    }
  }

  @Test
  void render_withHarmlessSpecialCharacters_isNotCorrupted() {
    RenderedTrial rendered = exact.render(experiment(), "tune-1", values("0.01", "a<b>&c 'q' $(X) ${HOME} #: -"));

    assertThat(rendered.isCorrupted()).isFalse();
    assertThat(rendered.runSpec()).isEqualTo(safe.render(experiment(), "tune-1", values("0.01",
        "a<b>&c 'q' $(X) ${HOME} #: -")).runSpec());
  }

  @Test
  void render_templateText_isGoJsonWithSortedKeysAndHtmlEscapes() {
    Experiment experiment = experiment(JOB.replace("train.py", "train.py && echo <done>"), experiment().spec()
        .trialTemplate().orElseThrow().trialParameters());

    String text = exact.render(experiment, "tune-1", values("0.01", "adam")).templateText();

    assertThat(text).startsWith("{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":")
        .contains("\"command\":[\"python3\",\"train.py \\u0026\\u0026 echo \\u003cdone\\u003e\"],\"env\"")
        .endsWith("}\n");
  }

  @Test
  void render_configMapTemplateFromFile_readsItThroughTheLookup(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n"
        + "      restartPolicy: Never\n      containers:\n        - name: trainer\n"
        + "          image: registry.example/train:1\n          args: [\"--lr=${trialParameters.learningRate}\"]\n"
        + "          env:\n            - name: RETRIES\n              value: ${trialParameters.retries}\n");
    Experiment experiment = Experiment.builder()
        .name("cm").namespace("ml")
        .objective(Objective.minimize("loss")).algorithm(Algorithm.random())
        .parameters(Parameter.doubleRange("lr", 0.001, 0.1), Parameter.intRange("retries", 0, 3))
        .trialTemplate(TrialTemplate.builder()
            .primaryContainerName("trainer")
            .successCondition(TrialKind.JOB.successCondition()).failureCondition(TrialKind.JOB.failureCondition())
            .configMap(ConfigMapSource.of("templates", "ml", "job.yaml"))
            .trialParameters(List.of(TrialParameter.of("learningRate", "lr"), TrialParameter.of("retries", "retries")))
            .build())
        .maxTrialCount(2).parallelTrialCount(1)
        .build();
    ConfigMapLookup configMaps = ConfigMapLookup.fromFile("ml", "templates", "job.yaml", file);
    TrialTemplateRenderer renderer = exact.withConfigMaps(configMaps);

    RenderedTrial rendered = renderer.render(experiment, "cm-1", Map.of("lr", "0.05", "retries", "2"));

    assertThat(ExperimentValidator.create().withConfigMaps(configMaps::template).validate(experiment)
        .problems()).isEmpty();
    assertThat(rendered.templateText()).isEqualTo(Files.readString(file));
    assertThat(rendered.workload().primaryContainer().orElseThrow().args()).containsExactly("--lr=0.05");
    assertThat(rendered.runSpec().toJson())
        .as("a plain YAML placeholder takes the value's YAML type, here a number Kubernetes rejects as an env value")
        .contains("\"env\":[{\"name\":\"RETRIES\",\"value\":2}]");
    assertThatThrownBy(() -> exact.render(experiment, "cm-1", Map.of("lr", "0.05", "retries", "2")))
        .isInstanceOf(TemplateRenderException.class)
        .hasMessageContaining("ConfigMap \"ml/templates\" was not found; supply its data with a ConfigMapLookup");
  }

  @Test
  void configMapLookup_fromManifest_readsEveryConfigMapDocument(@TempDir Path dir) throws Exception {
    Path manifest = dir.resolve("cms.yaml");
    Files.writeString(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ml\n"
        + "data:\n  job.yaml: |\n    kind: Job\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n"
        + "    kind: ConfigMap\n    metadata:\n      name: b\n    data:\n      x: \"1\"\n");

    ConfigMapLookup lookup = ConfigMapLookup.fromManifest(manifest);

    assertThat(lookup.data("ml", "a")).contains(Map.of("job.yaml", "kind: Job\n"));
    assertThat(lookup.data("default", "b")).contains(Map.of("x", "1"));
    assertThat(lookup.data("ml", "b")).isEmpty();
  }

  @Test
  void renderSample_usesTheSamplePointAndSaysWhich() {
    RenderedTrial rendered = exact.renderSample(experiment());

    assertThat(rendered.samplePoint().orElseThrow().explanations())
        .containsExactly("lr = 0.0505: the midpoint of [0.001, 0.1]", "optimizer = sgd: the first of [sgd, adam]");
    assertThat(rendered.trial().name()).matches("tune-[bcdfghjklmnpqrstvwxz2456789]{8}");
    assertThat(rendered.workload().primaryContainer().orElseThrow().args())
        .containsExactly("--lr=0.0505", "--optimizer=sgd");
  }

  @Test
  void render_withoutTrialName_isRefused() {
    assertThatThrownBy(() -> exact.render(experiment(), "", values("0.01", "adam")))
        .isInstanceOf(KatibException.class)
        .hasMessageContaining("a trial needs a name");
  }

  @Test
  void environment_resolvesLiteralsDownwardApiLabelsAndKatibsTrialName() {
    String job = JOB.replace("[{\"name\":\"TRIAL\",\"value\":\"${trialParameters.trialName}\"}]",
        "[{\"name\":\"TRIAL\",\"value\":\"${trialParameters.trialName}\"},"
            + "{\"name\":\"EXPERIMENT\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":"
            + "\"metadata.labels['katib.kubeflow.org/experiment']\"}}},"
            + "{\"name\":\"POD_NAMESPACE\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.namespace\"}}},"
            + "{\"name\":\"TOKEN\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"s\",\"key\":\"t\"}}}]");
    Experiment experiment = experiment(job, experiment().spec().trialTemplate().orElseThrow().trialParameters());

    RenderedTrial rendered = safe.render(experiment, "tune-1", values("0.01", "adam"));

    assertThat(rendered.environment()).containsExactly(Map.entry("TRIAL", "tune-1"),
        Map.entry("EXPERIMENT", "tune"), Map.entry("POD_NAMESPACE", "ml"), Map.entry("KATIB_TRIAL_NAME", "tune-1"));
    assertThat(rendered.unresolvedEnvironment()).containsExactly("TOKEN");
    assertThat(rendered.podLabels()).containsEntry("katib.kubeflow.org/trial", "tune-1")
        .containsEntry("owner", "ana");
  }

  @Test
  void toYaml_printsTheRenderedJob() {
    String yaml = exact.render(experiment(), "tune-1", values("0.01", "adam")).toYaml();

    assertThat(yaml).startsWith("apiVersion: batch/v1\nkind: Job\nmetadata:\n")
        .contains("      - --lr=0.01\n");
  }
}
