package io.github.katib4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's Java code true: every {@code // readme:NAME {} ... {@code // }} region of the example sources
 * must appear verbatim (dedented) in a java block of README.md, and every java block of the README must be such a
 * region, so no README code exists that a test does not compile and run.
 */
class ReadmeSnippetsTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Pattern REGION = Pattern.compile("(?m)^([ \\t]*)// readme:([\\w-]+) \\{\\n(.*?)^[ \\t]*// }$",
      Pattern.DOTALL);
  private static final Pattern JAVA_BLOCK = Pattern.compile("(?m)^```java\\n(.*?)^```$", Pattern.DOTALL);

  static Map<String, String> regions() throws IOException {
    Map<String, String> regions = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
        Matcher m = REGION.matcher(Files.readString(file));
        while (m.find()) {
          regions.put(m.group(2), dedent(m.group(3), m.group(1).length()));
        }
      }
    }
    return regions;
  }

  private static String dedent(String text, int indent) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      lines.add(line.length() >= indent && line.substring(0, indent).isBlank() ? line.substring(indent)
          : line.strip().isEmpty() ? "" : line);
    }
    return String.join("\n", lines);
  }

  @Test
  void everyReadmeRegion_appearsVerbatimInTheReadme() throws IOException {
    String readme = Files.readString(README);
    Map<String, String> regions = regions();

    assertThat(regions).isNotEmpty();
    regions.forEach((name, code) -> assertThat(readme).as("README region %s", name).contains(code));
  }

  @Test
  void everyJavaBlockOfTheReadme_isARegionOfATestedExample() throws IOException {
    String readme = Files.readString(README);
    List<String> regions = new ArrayList<>(regions().values());
    Matcher block = JAVA_BLOCK.matcher(readme);
    int blocks = 0;
    while (block.find()) {
      blocks++;
      String code = block.group(1);
      assertThat(regions).as("README java block #%d must come from an example source:%n%s", blocks, code)
          .anySatisfy(region -> assertThat(code).contains(region));
    }
    assertThat(blocks).isPositive();
  }
}
