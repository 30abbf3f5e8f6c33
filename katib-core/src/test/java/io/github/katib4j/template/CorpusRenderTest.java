package io.github.katib4j.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.TrialParameter;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.internal.codec.YamlTrees;
import io.github.katib4j.testing.Corpus;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every example experiment of Katib v0.19.0 (when the corpus is present) and every fixture at its sample
 * point, and checks the result against the template independently: same structure, placeholders replaced by the
 * values they stand for, nothing left unresolved.
 */
class CorpusRenderTest {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{trialParameters\\.([^}]+)}");

  /**
   * Katib's Tekton example declares trial parameter {@code learningRate} but its PipelineRun never uses
   * {@code ${trialParameters.learningRate}} (it writes {@code $(trialParameters.lr)}), so Katib v0.19.0's webhook
   * rejects it (rule T12).
   */
  private static final String TEKTON = "pipeline-run.yaml";

  private static final ConfigMapLookup CONFIG_MAPS = ConfigMapLookup.fromManifest(
      Path.of("src", "test", "resources", "template", "trial-templates.yaml"));

  private final TrialTemplateRenderer renderer = TrialTemplateRenderer.create().withConfigMaps(CONFIG_MAPS);

  static Stream<Path> experiments() {
    return Stream.of(Corpus.exampleFiles(), Corpus.fixtures("experiments"), Corpus.fixtures("template/kinds"))
        .flatMap(List::stream);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("experiments")
  void renderSample_resolvesEveryPlaceholderAndKeepsTheTemplatesStructure(Path file) {
    Experiment experiment = KatibCodec.create().readExperiment(file);
    if (file.getFileName().toString().equals(TEKTON)) {
      assertThatThrownBy(() -> renderer.renderSample(experiment))
          .isInstanceOf(TemplateRenderException.class)
          .satisfies(e -> assertThat(((TemplateRenderException) e).unusedTrialParameters())
              .containsExactly("learningRate"));
      return;
    }

    RenderedTrial rendered = renderer.renderSample(experiment);

    TrialTemplate template = experiment.spec().trialTemplate().orElseThrow();
    JsonObject templateObject = templateObject(template);
    Map<String, String> values = placeholderValues(experiment, rendered, templateObject);
    JsonObject runSpec = rendered.runSpec().toJsonObject();
    assertThat(runSpec.toString()).doesNotContain("${trialParameters.");
    JsonObject metadata = runSpec.getAsJsonObject("metadata");
    assertThat(metadata.remove("name").getAsString()).isEqualTo(rendered.trial().name());
    assertThat(metadata.remove("namespace").getAsString()).isEqualTo(experiment.namespace());
    if (metadata.size() == 0) {
      runSpec.remove("metadata");
    }
    assertSameStructure("", templateObject, runSpec, values);
    assertThat(rendered.isCorrupted()).as("%s", rendered.injections()).isFalse();
  }

  @Test
  void corpus_whenPresent_includesTheMetadataSubstitutionExample() {
    Corpus.katibRoot().ifPresent(root -> {
      Experiment experiment = KatibCodec.create().readExperiment(root.resolve(
          "examples/v1beta1/trial-template/trial-metadata-substitution.yaml"));

      RenderedTrial rendered = renderer.render(experiment, "trial-metadata-substitution-x7k2m9qd",
          Map.of("lr", "0.02", "momentum", "0.6"));

      Container container = rendered.workload().primaryContainer().orElseThrow();
      assertThat(container.env()).extracting(EnvVar::name, v -> v.value().orElseThrow()).containsExactly(
          tuple("TRIAL_NAME", "trial-metadata-substitution-x7k2m9qd"),
          tuple("TRIAL_NAMESPACE", "kubeflow"),
          tuple("TRIAL_KIND", "Job"),
          tuple("TRIAL_API_VERSION", "batch/v1"),
          tuple("TRIAL_LABEL_CUSTOM", "custom-label"),
          tuple("TRIAL_ANNOTATION_CUSTOM", "custom-annotation"));
    });
  }

  private static JsonObject templateObject(TrialTemplate template) {
    if (template.trialSpec().isPresent()) {
      return template.trialSpec().get().toJsonObject();
    }
    String text = CONFIG_MAPS.data(template.configMap().get().configMapNamespace(),
        template.configMap().get().configMapName()).orElseThrow().get(template.configMap().get().templatePath());
    return YamlTrees.parseSingle(text, "configMap").getAsJsonObject();
  }

  /** What each placeholder stands for, worked out from the experiment without the renderer. */
  private static Map<String, String> placeholderValues(Experiment experiment, RenderedTrial rendered,
      JsonObject template) {
    Map<String, String> values = new HashMap<>();
    Map<String, String> assignments = new HashMap<>();
    rendered.trial().spec().parameterAssignments().forEach(a -> assignments.put(a.name(), a.value()));
    for (TrialParameter p : experiment.spec().trialTemplate().orElseThrow().trialParameters()) {
      String reference = p.reference();
      String value;
      if (reference.equals("${trialSpec.Name}")) {
        value = rendered.trial().name();
      } else if (reference.equals("${trialSpec.Namespace}")) {
        value = experiment.namespace();
      } else if (reference.equals("${trialSpec.Kind}")) {
        value = template.get("kind").getAsString();
      } else if (reference.equals("${trialSpec.APIVersion}")) {
        value = template.get("apiVersion").getAsString();
      } else if (reference.startsWith("${trialSpec.Labels[")) {
        value = template.getAsJsonObject("metadata").getAsJsonObject("labels")
            .get(reference.substring(19, reference.length() - 2)).getAsString();
      } else if (reference.startsWith("${trialSpec.Annotations[")) {
        value = template.getAsJsonObject("metadata").getAsJsonObject("annotations")
            .get(reference.substring(24, reference.length() - 2)).getAsString();
      } else {
        value = assignments.get(reference);
      }
      values.put(p.name(), value);
    }
    return values;
  }

  private static void assertSameStructure(String path, JsonElement template, JsonElement rendered,
      Map<String, String> values) {
    if (template.isJsonObject()) {
      assertThat(rendered.isJsonObject()).as(path).isTrue();
      JsonObject t = template.getAsJsonObject();
      JsonObject r = rendered.getAsJsonObject();
      assertThat(r.keySet()).as(path).isEqualTo(t.keySet());
      t.keySet().forEach(k -> assertSameStructure(path + "." + k, t.get(k), r.get(k), values));
    } else if (template.isJsonArray()) {
      JsonArray t = template.getAsJsonArray();
      assertThat(rendered.isJsonArray()).as(path).isTrue();
      assertThat(rendered.getAsJsonArray().size()).as(path).isEqualTo(t.size());
      for (int i = 0; i < t.size(); i++) {
        assertSameStructure(path + "[" + i + "]", t.get(i), rendered.getAsJsonArray().get(i), values);
      }
    } else if (template.isJsonPrimitive() && template.getAsJsonPrimitive().isString()) {
      Matcher m = PLACEHOLDER.matcher(template.getAsString());
      StringBuilder expected = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(expected, Matcher.quoteReplacement(values.get(m.group(1))));
      }
      m.appendTail(expected);
      assertThat(rendered.getAsString()).as(path).isEqualTo(expected.toString());
    } else {
      assertThat(rendered).as(path).isEqualTo(template);
    }
  }
}
