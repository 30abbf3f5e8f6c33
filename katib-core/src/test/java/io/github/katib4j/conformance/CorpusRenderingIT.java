package io.github.katib4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.conformance.OracleCase.Assignment;
import io.github.katib4j.experiment.ConfigMapSource;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.template.ConfigMapLookup;
import io.github.katib4j.template.RenderedTrial;
import io.github.katib4j.template.SamplePoint;
import io.github.katib4j.template.TemplateRenderException;
import io.github.katib4j.template.TrialTemplateRenderer;
import io.github.katib4j.testing.Corpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Renders every Katib example and every fixture at its {@link SamplePoint} with katib4j and with Katib's own
 * generator, and compares the template text and the rendered trial resource.
 */
class CorpusRenderingIT {
  private static final KatibCodec CODEC = KatibCodec.create();
  private static final ConfigMapLookup CONFIG_MAPS =
      ConfigMapLookup.fromManifest(Path.of("src", "test", "resources", "template", "trial-templates.yaml"));

  @Test
  void everyExampleAndFixture_rendersAsKatibRendersIt() {
    List<Path> files = Stream.concat(Corpus.exampleFiles().stream(), Corpus.fixtures("experiments").stream())
        .collect(Collectors.toList());
    Corpus.katibRoot().ifPresent(root ->
        assertThat(Corpus.exampleFiles()).hasSize(Corpus.KATIB_V0_19_0_EXAMPLES));
    List<Experiment> experiments = new ArrayList<>();
    List<OracleCase> cases = new ArrayList<>();
    for (Path file : files) {
      Experiment experiment = CODEC.readExperiment(file);
      SamplePoint point = SamplePoint.of(experiment);
      List<Assignment> assignments = point.assignments().entrySet().stream()
          .map(e -> new Assignment(e.getKey(), e.getValue()))
          .collect(Collectors.toList());
      OracleCase oneCase = OracleCase.of(file.toString(), CODEC.toJsonObject(experiment))
          .withTrial(point.trialName(), null, assignments)
          .withRenderInvalid();
      experiments.add(experiment);
      cases.add(withConfigMap(oneCase, experiment));
    }

    List<OracleResult> results;
    try (KatibOracle oracle = KatibOracle.start()) {
      results = oracle.run(cases);
    }

    SoftAssertions softly = new SoftAssertions();
    int identical = 0;
    for (int i = 0; i < cases.size(); i++) {
      String id = files.get(i).toString();
      OracleResult katib = results.get(i);
      softly.assertThat(katib.decodeError()).as("Katib's decode error of %s", id).isEmpty();
      softly.assertThat(katib.panic()).as("Katib's panic on %s", id).isEmpty();
      RenderedTrial ours;
      try {
        ours = TrialTemplateRenderer.create().withConfigMaps(CONFIG_MAPS).renderSample(experiments.get(i));
      } catch (TemplateRenderException e) {
        // The renderer is stricter than Katib's generator, but only about templates Katib's webhook rejects.
        softly.assertThat(katib.accepted() && katib.renderError().isEmpty())
            .as("katib4j refuses %s (%s), which Katib admits and renders", id, e.getMessage()).isFalse();
        continue;
      }
      softly.assertThat(katib.renderError()).as("Katib's render error for %s", id).isEmpty();
      softly.assertThat(katib.templateText()).as("template text of %s", id).contains(ours.templateText());
      softly.assertThat(katib.runSpec()).as("run spec of %s", id).contains(ours.runSpec().toJsonObject());
      identical++;
    }
    System.out.printf("Corpus rendering: %d of %d experiments rendered identically by katib4j and Katib%n",
        identical, cases.size());
    softly.assertAll();
  }

  /** Adds the ConfigMap a ConfigMap-sourced template names, as the test resources hold it. */
  private static OracleCase withConfigMap(OracleCase oneCase, Experiment experiment) {
    Optional<ConfigMapSource> source = experiment.spec().trialTemplate().flatMap(TrialTemplate::configMap);
    if (source.isEmpty()) {
      return oneCase;
    }
    String namespace = source.get().configMapNamespace();
    String name = source.get().configMapName();
    return CONFIG_MAPS.data(namespace, name).map(data -> oneCase.withConfigMap(namespace, name, data))
        .orElse(oneCase);
  }
}
