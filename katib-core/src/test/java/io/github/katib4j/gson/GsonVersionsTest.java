package io.github.katib4j.gson;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * katib-core on the Gson versions other stacks pin (the Spring Boot 3.2 and 3.3 BOMs: 2.10.1) and the oldest it
 * supports: it loads, and reads, writes and rejects JSON exactly as on the Gson of this build. Maven copies the old
 * Gson jars to target/old-gson (maven-dependency-plugin in katib-core's pom).
 */
class GsonVersionsTest {
  private static final Path EXAMPLES = Path.of("src/test/resources/experiments");

  @ParameterizedTest
  @ValueSource(strings = {"2.10.1", "2.8.9"})
  void katibCore_onOldGson_behavesAsOnThisBuildsGson(String version) throws Exception {
    Path oldGson = Path.of("target/old-gson/gson-" + version + ".jar");
    assertThat(oldGson).as("Gson %s for this test: run it through Maven (mvn -pl katib-core test), which copies it"
        + " there", version).exists();
    List<URL> classPath = new ArrayList<>(List.of(oldGson.toUri().toURL()));
    String entries = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    for (String entry : entries.split(File.pathSeparator)) {
      if (!entry.isEmpty() && !Path.of(entry).getFileName().toString().startsWith("gson-")) {
        classPath.add(Path.of(entry).toUri().toURL());
      }
    }
    List<String> here = new GsonProbe().apply(EXAMPLES);
    List<String> there;
    try (URLClassLoader loader = new URLClassLoader(classPath.toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader())) {
      @SuppressWarnings("unchecked")
      Function<Path, List<String>> probe = (Function<Path, List<String>>) loader
          .loadClass(GsonProbe.class.getName()).getConstructor().newInstance();
      there = probe.apply(EXAMPLES);
    }

    assertThat(there.get(0)).isEqualTo("mode: own strictness checks, own nesting limit");
    assertThat(there.get(1)).isEqualTo("gson: gson-" + version + ".jar");
    assertThat(here.get(1)).isNotEqualTo(there.get(1));
    assertThat(there.subList(2, there.size())).containsExactlyElementsOf(here.subList(2, here.size()));
    assertThat(Files.list(EXAMPLES).count()).isGreaterThan(3);
  }
}
