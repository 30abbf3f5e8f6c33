package io.github.katib4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's command transcripts true: each block that starts with {@code $ ./katib ...} is run here as
 * written, from the repository's root, and must print what the README shows.
 */
class ReadmeTranscriptsTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern TRANSCRIPT = Pattern.compile("(?m)^```\\n\\$ \\./katib ([^\\n]*)\\n(.*?)^```$",
      Pattern.DOTALL);

  @Test
  void everyTranscriptOfTheReadme_printsWhatTheReadmeShows() throws IOException {
    Matcher m = TRANSCRIPT.matcher(Files.readString(ROOT.resolve("README.md")));
    List<String> commands = new ArrayList<>();
    while (m.find()) {
      List<String> args = new ArrayList<>();
      Map<String, String> asWritten = new LinkedHashMap<>();
      for (String arg : m.group(1).split(" ")) {
        // Paths are the README's, from the repository's root; the tests run in katib-examples.
        Path fromRoot = ROOT.resolve(arg);
        boolean file = !arg.startsWith("-") && Files.exists(fromRoot);
        assumeTrue(file || !arg.contains("katib-v0.19.0"), "Katib's examples are not at " + fromRoot
            + " (CI has them)");
        args.add(file ? fromRoot.toString() : arg);
        if (file) {
          asWritten.put(fromRoot.toString(), arg);
        }
      }
      CliRun run = CliRun.of(args.toArray(String[]::new));
      String shown = run.out + run.err;
      for (Map.Entry<String, String> path : asWritten.entrySet()) {
        shown = shown.replace(path.getKey(), path.getValue());
      }
      assertThat(shown).as("./katib %s", m.group(1)).isEqualTo(m.group(2));
      commands.add(m.group(1));
    }
    assertThat(commands).isNotEmpty();
  }
}
