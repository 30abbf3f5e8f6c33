package io.github.katib4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {
  private static final String V1ALPHA3 = "apiVersion: kubeflow.org/v1alpha3\nkind: Experiment\nmetadata: {name: old}\n"
      + "spec:\n  objective: {type: minimize, objectiveMetricName: loss}\n  algorithm: {algorithmName: random}\n"
      + "  parameters:\n  - {name: --lr, parameterType: double, feasibleSpace: {min: \"0.1\", max: \"0.2\"}}\n"
      + "  trialTemplate:\n    goTemplate:\n      rawTemplate: |\n        apiVersion: batch/v1\n        kind: Job\n"
      + "        metadata: {name: '{{.Trial}}', namespace: '{{.NameSpace}}'}\n        spec:\n          template:\n"
      + "            spec:\n              containers:\n              - name: main\n                image: x\n"
      + "                args:\n                {{- range .HyperParameters}}\n"
      + "                - \"{{.Name}}={{.Value}}\"\n                {{- end}}\n";

  @TempDir
  Path dir;

  @Test
  void convert_v1alpha3File_printsV1beta1YamlAndNotes() throws Exception {
    Path file = Files.writeString(dir.resolve("old.yaml"), V1ALPHA3);

    CliRun run = CliRun.of("convert", file.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    Experiment converted = KatibCodec.create().readExperiment(run.out);
    assertThat(converted.spec().parameters()).extracting(p -> p.name()).containsExactly("lr");
    assertThat(converted.spec().trialTemplate().orElseThrow().trialSpec().orElseThrow().toJson())
        .contains("\"--lr=${trialParameters.lr}\"");
    assertThat(run.err).contains("note: renamed parameter \"--lr\" to \"lr\"");
  }

  @Test
  void convert_v1alpha3ExperimentWithAConfigMap_convertsTheExperimentAndNotesTheConfigMap() throws Exception {
    Path file = Files.writeString(dir.resolve("bundle.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n"
        + "data: {x: \"1\"}\n---\n" + V1ALPHA3);

    CliRun run = CliRun.of("convert", file.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(KatibCodec.create().readExperiment(run.out).name()).isEqualTo("old");
    assertThat(run.err).contains("katib: note: skipped ConfigMap \"cm\" (v1) in " + file + " (document 1), line 2: "
        + "not an Experiment");
  }

  @Test
  void convert_jsonOutput_isKatibJson() throws Exception {
    Path file = Files.writeString(dir.resolve("old.yaml"), V1ALPHA3);

    CliRun run = CliRun.of("convert", "-o", "json", file.toString());

    assertThat(run.exitCode).isZero();
    assertThat(run.out).startsWith("{").contains("\"apiVersion\": \"kubeflow.org/v1beta1\"");
  }

  @Test
  void convert_missingFile_exitsTwoNamingTheFile() {
    CliRun run = CliRun.of("convert", dir.resolve("missing.yaml").toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("missing.yaml: no such file");
  }

  @Test
  void convert_unparseableFile_exitsTwoWithLineAndColumn() throws Exception {
    Path file = Files.writeString(dir.resolve("broken.yaml"), "spec: [1, 2\n");

    CliRun run = CliRun.of("convert", file.toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("broken.yaml:2:1").contains("not valid YAML");
  }

  @Test
  void unknownCommand_exitsTwoWithUsage() {
    CliRun run = CliRun.of("frobnicate");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("Unmatched argument at index 0: 'frobnicate'");
  }
}
