package io.github.katib4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Katib's own example experiments (v0.19.0), read from {@code ../shared/katib-v0.19.0} beside the repository when
 * that folder exists (CI has it), or from {@code $KATIB_EXAMPLES_DIR}.
 */
public final class Corpus {
  /** Katib v0.19.0 ships this many example experiments under {@code examples/v1beta1}. */
  public static final int KATIB_V0_19_0_EXAMPLES = 33;

  private Corpus() {}

  /** The {@code katib-v0.19.0} folder, if present. */
  public static Optional<Path> katibRoot() {
    String override = System.getenv("KATIB_EXAMPLES_DIR");
    if (override != null && !override.isBlank()) {
      return Optional.of(Path.of(override));
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared").resolve("katib-v0.19.0");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
      dir = dir.getParent();
    }
    return Optional.empty();
  }

  /** Every example experiment file, sorted; empty when the folder is absent. */
  public static List<Path> exampleFiles() {
    return katibRoot().map(root -> yamlFiles(root.resolve("examples").resolve("v1beta1"))).orElse(List.of());
  }

  /** The project's own fixtures under {@code src/test/resources/<folder>}. */
  public static List<Path> fixtures(String folder) {
    return yamlFiles(Path.of("src", "test", "resources", folder).toAbsolutePath());
  }

  private static List<Path> yamlFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")
              || p.toString().endsWith(".json"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
