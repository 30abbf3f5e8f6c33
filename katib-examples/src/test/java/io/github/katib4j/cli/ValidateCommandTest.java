package io.github.katib4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  static final Path RANDOM = Path.of("experiments/random.yaml");

  @TempDir
  Path dir;

  private Path variant(String name, String from, String to) throws Exception {
    String text = Files.readString(RANDOM);
    assertThat(text).contains(from);
    return Files.writeString(dir.resolve(name), text.replace(from, to));
  }

  @Test
  void validate_validExperiment_exitsZero() {
    CliRun run = CliRun.of("validate", RANDOM.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).isEqualTo(RANDOM + ": valid\n");
  }

  @Test
  void validate_invalidExperiments_printsEveryProblemWithFileAndPathAndExitsOne() throws Exception {
    Path swapped = variant("swapped.yaml", "maxTrialCount: 12", "maxTrialCount: 2");
    Path typo = variant("typo.yaml", "parameterType: double", "parameterType: float");

    CliRun run = CliRun.of("validate", RANDOM.toString(), swapped.toString(), typo.toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.out)
        .contains(RANDOM + ": valid")
        .contains(swapped + ": spec.parallelTrialCount: ")
        .contains("[V6] (line 15, column 3)")
        .contains(swapped + ": spec.maxFailedTrialCount: ")
        .contains(typo + ": spec.parameters[0].parameterType: \"float\" is not one of");
  }

  @Test
  void validate_unparseableFile_exitsTwoWithLineAndColumnButStillChecksTheOthers() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "spec:\n  parameters: [\n");

    CliRun run = CliRun.of("validate", broken.toString(), RANDOM.toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("broken.yaml:3:1").contains("not valid YAML");
    assertThat(run.out).contains(RANDOM + ": valid");
  }

  @Test
  void commands_fileWithoutAnExperiment_exitTwoWithOneMessage() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
    Path comments = Files.writeString(dir.resolve("comments.yaml"), "# nothing yet\n---\n---\n");

    CliRun validate = CliRun.of("validate", empty.toString(), comments.toString(), RANDOM.toString());

    assertThat(validate.exitCode).as(validate.toString()).isEqualTo(2);
    String none = " holds no experiment (it is empty, or only comments); expected an Experiment (apiVersion: "
        + "kubeflow.org/v1beta1, kind: Experiment) in YAML or JSON\n";
    assertThat(validate.err).isEqualTo("katib: " + empty + none + "katib: " + comments + none);
    assertThat(validate.out).isEqualTo(RANDOM + ": valid\n");
    for (String command : List.of("defaults", "render", "convert", "run", "submit")) {
      CliRun run = CliRun.of(command, comments.toString());

      assertThat(run.exitCode).as(command + ": " + run).isEqualTo(2);
      assertThat(run.err).as(command).isEqualTo("katib: " + comments + none);
      assertThat(run.out).as(command).isEmpty();
    }
  }

  @Test
  void validate_withoutFiles_isAUsageError() {
    CliRun run = CliRun.of("validate");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("Missing required parameter: 'FILE'");
  }

  @Test
  void validate_againstAClusterKatibConfigWithoutTheAlgorithm_reportsA3() throws Exception {
    Path config = Files.writeString(dir.resolve("katib-config.yaml"), "runtime:\n  suggestions:\n"
        + "    - algorithmName: tpe\n      image: example/tpe\n  metricsCollectors:\n"
        + "    - kind: StdOut\n      image: example/collector\n");

    CliRun run = CliRun.of("validate", "--katib-config", config.toString(), RANDOM.toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out).contains("spec.algorithm.algorithmName").contains("[A3]");
  }

  @Test
  void validate_katibConfigThatIsNotOne_isRefusedSayingWhatWasExpected() throws Exception {
    Path unrelated = Files.writeString(dir.resolve("unrelated.yaml"), "foo: bar\n");

    CliRun run = CliRun.of("validate", "--katib-config", unrelated.toString(), RANDOM.toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.err).contains(unrelated.toString()).contains("expected Katib's configuration (apiVersion: "
        + "config.kubeflow.org/v1beta1, kind: KatibConfig").contains("found only foo");
    assertThat(run.out).doesNotContain("none installed");
  }

  @Test
  void commands_folderAsFile_sayItIsAFolderAndWhatToPass() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "");

    for (String command : List.of("validate", "defaults", "render", "convert", "run", "submit")) {
      CliRun run = CliRun.of(command, dir.toString());

      assertThat(run.exitCode).as(command + ": " + run).isEqualTo(2);
      assertThat(run.err).as(command).isEqualTo("katib: cannot read " + dir + ": it is a folder; pass an experiment "
          + "file (YAML or JSON) such as " + dir.resolve("a.yaml") + ", or - to read one from standard input\n");
    }
    CliRun configMap = CliRun.of("validate", "--configmap", dir.toString(), RANDOM.toString());
    assertThat(configMap.exitCode).as(configMap.toString()).isEqualTo(2);
    assertThat(configMap.err).isEqualTo("katib: cannot read " + dir + ": it is a folder; pass a file in it\n");
  }

  @Test
  void commands_dashAsFile_readStandardInput() throws Exception {
    String random = Files.readString(RANDOM);

    CliRun validate = CliRun.withInput(random, "validate", "-");
    CliRun defaults = CliRun.withInput(random, "defaults", "-");
    CliRun render = CliRun.withInput(random, "render", "-a", "lr=0.02", "-a", "momentum=0.6", "-");
    CliRun invalid = CliRun.withInput(random.replace("maxTrialCount: 12", "maxTrialCount: 2"), "validate", "-");

    assertThat(validate.exitCode).as(validate.toString()).isZero();
    assertThat(validate.out).isEqualTo("<stdin>: valid\n");
    assertThat(defaults.exitCode).as(defaults.toString()).isZero();
    assertThat(defaults.out).contains("resumePolicy: Never");
    assertThat(render.exitCode).as(render.toString()).isZero();
    assertThat(render.out).contains("--lr=0.02");
    assertThat(invalid.exitCode).isEqualTo(1);
    assertThat(invalid.out).contains("<stdin>: spec.parallelTrialCount: ").contains("(line 15, column 3)");
  }

  @Test
  void validate_dashTwice_isAUsageError() {
    CliRun run = CliRun.withInput("", "validate", "-", "-");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("- (standard input) is given more than once");
  }

  @Test
  void help_ofTheCommandsThatReadAnExperiment_saysDashIsStandardInput() {
    for (String command : List.of("validate", "defaults", "render", "convert", "run", "submit")) {
      CliRun run = CliRun.of(command, "--help");

      assertThat(run.out).as(command).contains("standard input");
    }
  }

  @Test
  void validate_configMapTemplateGivenAsAManifest_checksTheTemplateContent() throws Exception {
    Path experiment = Path.of("../katib-core/src/test/resources/experiments/configmap-template.json");
    Path configMap = Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\n"
        + "metadata: {name: trial-templates, namespace: ml}\ndata:\n  job.yaml: |\n    apiVersion: batch/v1\n"
        + "    kind: Job\n    spec:\n      template:\n        spec:\n          containers:\n"
        + "          - name: training-container\n            image: x\n"
        + "            args: [\"--lr=${trialParameters.learningRate}\"]\n");

    CliRun run = CliRun.of("validate", "--configmap", configMap.toString(), experiment.toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.out).contains("units").contains("[T12]");
    assertThat(run.err).doesNotContain("note:");
  }

  @Test
  void validate_configMapTemplateNotGiven_isValidWithANoteThatTheTemplateWasNotChecked() {
    Path experiment = Path.of("../katib-core/src/test/resources/experiments/configmap-template.json");

    CliRun run = CliRun.of("validate", experiment.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).isEqualTo(experiment + ": valid\n");
    assertThat(run.err).isEqualTo("note: " + experiment + ": spec.trialTemplate.configMap: the trial template is in"
        + " ConfigMap ml/trial-templates (key job.yaml), which was not given, so the rules that read the template (T7,"
        + " T12-T17 and K- rules such as K-primary-container) were not applied; pass its manifest with --configmap"
        + " FILE to check it\n");
  }

  @Test
  void defaults_printsKatibsDefaultedExperiment() {
    CliRun run = CliRun.of("defaults", RANDOM.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    Experiment defaulted = KatibCodec.create().readExperiment(run.out);
    assertThat(defaulted.spec().resumePolicy()).hasValueSatisfying(p -> assertThat(p.wireName()).isEqualTo("Never"));
    assertThat(defaulted.spec().metricsCollectorSpec().orElseThrow().kind().orElseThrow().wireName())
        .isEqualTo("StdOut");
    assertThat(defaulted.spec().trialTemplate().orElseThrow().successCondition())
        .isEqualTo("status.conditions.#(type==\"Complete\")#|#(status==\"True\")#");
    assertThat(run.out).contains("distribution: uniform");
  }

  @Test
  void defaults_invalidExperiment_stillPrintsItButReportsAndExitsOne() throws Exception {
    Path swapped = variant("swapped.yaml", "maxTrialCount: 12", "maxTrialCount: 2");

    CliRun run = CliRun.of("defaults", "-o", "json", swapped.toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out).contains("\"parallelTrialCount\": 3");
    assertThat(run.err).contains("[V6]");
  }
}
