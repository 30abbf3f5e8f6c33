package io.github.katib4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.Unstructured;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {
  private static final String RANDOM = ValidateCommandTest.RANDOM.toString();

  @TempDir
  Path dir;

  @Test
  void render_withoutAssignments_rendersTheSamplePointAndSaysWhich() {
    CliRun run = CliRun.of("render", RANDOM);

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.err).contains("sample point").contains("lr = 0.03: the midpoint of [0.01, 0.05]");
    Unstructured job = Unstructured.parse(run.out);
    assertThat(job.kind()).isEqualTo("Job");
    assertThat(run.out).contains("--lr=0.03").contains("--momentum=0.7").matches("(?s).*name: random-\\w{8}\\n.*")
        .doesNotContain("${trialParameters");
  }

  @Test
  void render_withAssignmentsAndName_substitutesExactlyAsKatib() {
    CliRun run = CliRun.of("render", "-a", "lr=0.0123", "--assign", "momentum=0.61", "--trial-name", "random-abc",
        "-o", "json", RANDOM);

    assertThat(run.exitCode).as(run.toString()).isZero();
    Map<String, Object> job = Unstructured.parse(run.out).toMap();
    assertThat(job.get("metadata")).isEqualTo(Map.of("name", "random-abc", "namespace", "kubeflow"));
    assertThat(run.out).contains("\"--lr=0.0123\"").contains("\"--momentum=0.61\"");
    assertThat(run.err).isEmpty();
  }

  @Test
  void render_valuesNoAlgorithmWouldAssign_renderedWithAWarningEach() {
    CliRun run = CliRun.of("render", "-a", "lr=0.5", "-a", "momentum=fast", RANDOM);

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).contains("--lr=0.5").contains("--momentum=fast");
    assertThat(run.err.lines()).containsExactly(
        "katib: warning: lr=0.5 is outside the search space, lr (double [0.01, 0.05], uniform); Katib's algorithms "
            + "would not assign it",
        "katib: warning: parameter momentum got \"fast\", which is not a number; Katib's algorithms would not "
            + "assign it");
  }

  @Test
  void render_wholeTrial_printsTheTrialResourceWithKatibsLabel() {
    CliRun run = CliRun.of("render", "--trial", "-a", "lr=0.02", "-a", "momentum=0.6", RANDOM);

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).contains("kind: Trial").contains("katib.kubeflow.org/experiment: random")
        .contains("runSpec:");
  }

  @Test
  void render_unknownAndMissingAssignments_exitOneNamingTheParameters() {
    CliRun run = CliRun.of("render", "-a", "lr=0.02", "-a", "beta=3", RANDOM);

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).contains("no value was assigned to \"momentum\"").contains("\"beta\"")
        .contains("[K-missing-assignment]").contains("[K-unknown-assignment]");
    assertThat(run.out).isEmpty();
  }

  @Test
  void render_valueThatWouldBreakTheManifest_isReportedExactlyButKeptVerbatimWhenSafe() {
    CliRun exact = CliRun.of("render", "-a", "lr=0.02", "-a", "momentum=0.5\"", RANDOM);
    CliRun safe = CliRun.of("render", "--safe", "-a", "lr=0.02", "-a", "momentum=0.5\"", RANDOM);

    assertThat(exact.exitCode).isEqualTo(1);
    assertThat(exact.err).contains("[K-injection]");
    assertThat(safe.exitCode).as(safe.toString()).isZero();
    assertThat(safe.out).contains("- --momentum=0.5\"");
    assertThat(safe.err).contains("note (on a cluster): ").contains("[K-injection]");
  }

  @Test
  void render_parameterAssignedTwice_isAUsageError() {
    CliRun run = CliRun.of("render", "-a", "lr=0.02", "-a", "momentum=0.6", "-a", "lr=0.03", RANDOM);

    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.err).isEqualTo("katib: --assign gives parameter lr twice (lr=0.02 and lr=0.03); give each parameter"
        + " one value\n");
    assertThat(run.out).isEmpty();
  }

  @Test
  void render_assignmentWithoutEquals_isAUsageError() {
    CliRun run = CliRun.of("render", "-a", "lr", RANDOM);

    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.err).contains("--assign takes NAME=VALUE, such as --assign lr=0.01, not lr");
  }

  @Test
  void render_valuesWithQuotes_arriveAsTypedWithoutPicocliWarnings() {
    // picocli warns on the JVM's standard error, not on the command line's.
    ByteArrayOutputStream jvmErr = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    CliRun run;
    System.setErr(new PrintStream(jvmErr, true, StandardCharsets.UTF_8));
    try {
      run = CliRun.of("render", "--safe", "-a", "lr=\"0.02\"", "-a", "momentum=0.5\"x", "-o", "json", RANDOM);
    } finally {
      System.setErr(saved);
    }

    assertThat(jvmErr.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(run.err).doesNotContain("picocli");
    assertThat(run.out).contains("\"--lr=\\\"0.02\\\"\"").contains("\"--momentum=0.5\\\"x\"");
  }

  @Test
  void render_templateProblem_isPrintedOnceWhatTheRendererAddsToo() throws Exception {
    Path misspelt = Files.writeString(dir.resolve("misspelt.yaml"),
        Files.readString(ValidateCommandTest.RANDOM).replace("trialParameters.momentum}", "trialParameters.momentumm}"));

    CliRun run = CliRun.of("render", "-a", "lr=0.02", "-a", "momentum=0.6", misspelt.toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.err.lines()).filteredOn(line -> line.contains("[T12]")).singleElement()
        .satisfies(line -> assertThat(line).contains("spec.trialTemplate.trialParameters[1].name").contains("(line "));
    assertThat(run.err.lines()).filteredOn(line -> line.contains("[T13]")).singleElement()
        .satisfies(line -> assertThat(line).contains("${trialParameters.momentumm}"));
  }

  @Test
  void render_configMapTemplate_usesTheGivenManifest() throws Exception {
    Path experiment = Path.of("../katib-core/src/test/resources/experiments/configmap-template.json");
    Path configMap = Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\n"
        + "metadata: {name: trial-templates, namespace: ml}\ndata:\n  job.yaml: |\n    apiVersion: batch/v1\n"
        + "    kind: Job\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n"
        + "          containers:\n          - name: training-container\n            image: x\n"
        + "            args: [\"--lr=${trialParameters.learningRate}\", \"--units=${trialParameters.units}\"]\n");

    CliRun run = CliRun.of("render", "--configmap", configMap.toString(), "-a", "lr=0.01", "-a", "units=32",
        experiment.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).contains("--lr=0.01").contains("--units=32").contains("namespace: ml");
  }
}
