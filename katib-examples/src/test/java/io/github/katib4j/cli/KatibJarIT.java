package io.github.katib4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the packaged {@code target/katib.jar} as a user would: {@code java -jar katib.jar ...}. */
class KatibJarIT {
  private static final Path JAR = Path.of("target", "katib.jar");

  static Result runJar(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  static final class Result {
    final int exitCode;
    final String out;
    final String err;

    Result(int exitCode, String out, String err) {
      this.exitCode = exitCode;
      this.out = out;
      this.err = err;
    }
  }

  @Test
  void jar_exists_andPrintsHelp() throws Exception {
    assertThat(Files.exists(JAR)).as("mvn package builds %s", JAR).isTrue();

    Result result = runJar("--help");

    assertThat(result.exitCode).isZero();
    assertThat(result.out).contains("Usage: katib").contains("convert");
  }

  @Test
  void jar_convertsTheProjectsV1alpha3Fixture() throws Exception {
    Result result = runJar("convert", "../katib-core/src/test/resources/v1alpha3/job-random.yaml");

    assertThat(result.exitCode).as(result.err).isZero();
    assertThat(result.out).contains("apiVersion: kubeflow.org/v1beta1").contains("--lr=${trialParameters.lr}");
  }
}
