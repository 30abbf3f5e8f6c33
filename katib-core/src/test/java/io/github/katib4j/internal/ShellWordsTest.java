package io.github.katib4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Commands printed for a user to paste, read back by a real POSIX shell. */
class ShellWordsTest {
  @Test
  void everyWord_reachesTheCommandAsItIs_throughARealShell() throws Exception {
    List<String> words = List.of("katib", "run", "/tmp/run's $dir HUP/exp.yaml", "--dir", "a b", "", "`id`",
        "$(id)", "\"q\"", "*", "~", "back\\slash", "new\nline", "ünï 日本", "x;y", "a&b", "#c", "!h", "''",
        "plain-1.0_/x:y=z@h%p+q,r");

    String command = ShellWords.join(words);

    Process shell = new ProcessBuilder("sh", "-c", "printf '%s\\0' " + command).redirectErrorStream(true).start();
    String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Arrays.asList(out.split("\0", -1)).subList(0, words.size())).as(command)
        .containsExactlyElementsOf(words);
  }

  @Test
  void plainWords_areLeftAsTheyAre_othersAreSingleQuoted() {
    assertThat(ShellWords.join(List.of("katib", "run", "exp.yaml", "--dir", "runs/a-1", "--resume")))
        .isEqualTo("katib run exp.yaml --dir runs/a-1 --resume");
    assertThat(ShellWords.quote("run's $dir")).isEqualTo("'run'\\''s $dir'");
    assertThat(ShellWords.quote("")).isEqualTo("''");
  }
}
