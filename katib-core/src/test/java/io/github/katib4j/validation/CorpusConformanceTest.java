package io.github.katib4j.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.Problem;
import io.github.katib4j.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Katib's own examples and katib4j's fixtures validate clean for a cluster with Katib's default configuration,
 * except the examples Katib v0.19.0 itself rejects or that certainly fail there, each named with the rules that say so.
 */
class CorpusConformanceTest {
  /** Example (relative to examples/v1beta1) to the rules that reject it, and why. */
  private static final Map<String, Set<String>> EXCEPTIONS = Map.of(
      // maxFailedTrialCount 3 > maxTrialCount 2: Katib's webhook rejects it.
      "hp-tuning/simple-pbt.yaml", Set.of("V5"),
      // The template uses $(trialParameters.lr) instead of ${...}: Katib's webhook rejects it (T12).
      "tekton/pipeline-run.yaml", Set.of("T12"),
      // skip_connection has no parameters, which Katib's DARTS service rejects in ValidateAlgorithmSettings.
      "nas/darts-gpu.yaml", Set.of("S-darts"));

  static Stream<Path> files() {
    return Stream.concat(Corpus.exampleFiles().stream(), Corpus.fixtures("experiments").stream());
  }

  @ParameterizedTest
  @MethodSource("files")
  void validate_acceptsEveryExampleKatibAccepts(Path file) throws Exception {
    List<ValidationResult> results = ExperimentValidator.create().validateSource(Files.readString(file),
        file.getFileName().toString());
    Set<String> rules = results.stream().flatMap(r -> r.problems().stream()).map(Problem::rule)
        .collect(Collectors.toSet());
    Set<String> expected = Corpus.katibRoot()
        .map(root -> root.resolve("examples").resolve("v1beta1").relativize(file).toString().replace('\\', '/'))
        .filter(EXCEPTIONS::containsKey).map(EXCEPTIONS::get).orElse(Set.of());
    assertThat(rules).as("%s: %s", file, results).isEqualTo(expected);
  }
}
