package io.github.katib4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs katib-examples/jshell/tune.jsh in JShell with the packaged jar, as the README's command does. */
class JShellScriptIT {
  @Test
  void script_definesAndRunsAnExperimentInJShell() throws Exception {
    Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
    Process process = new ProcessBuilder(jshell.toString(), "--class-path", Path.of("target/katib.jar").toString(),
        Path.of("jshell/tune.jsh").toString())
        .redirectErrorStream(true)
        .start();
    process.getOutputStream().write("/exit\n".getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(output).doesNotContain("Error:").doesNotContain("Exception")
        .contains("best: [{\"name\":\"x\",\"value\":\"").contains("* optimal trial");
  }
}
