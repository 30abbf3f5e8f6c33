package io.github.katib4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Experiment files that bundle other objects, such as a trial template's ConfigMap, for kubectl apply -f. */
class BundledFilesTest {
  private static final Path RANDOM = ValidateCommandTest.RANDOM;
  private static final String CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {x: \"1\"}\n";
  private static final Path CONFIG_MAP_EXPERIMENT =
      Path.of("../katib-core/src/test/resources/experiments/configmap-template.json");

  @TempDir
  Path dir;

  private Path randomWithConfigMap() throws Exception {
    return Files.writeString(dir.resolve("bundle.yaml"), Files.readString(RANDOM) + "---\n" + CONFIG_MAP);
  }

  /** The ConfigMap of configmap-template.json's template, first, then the experiment (as JSON, which YAML reads). */
  private Path templateBundle(String args) throws Exception {
    String configMap = "apiVersion: v1\nkind: ConfigMap\n"
        + "metadata: {name: trial-templates, namespace: ml}\ndata:\n  job.yaml: |\n    apiVersion: batch/v1\n"
        + "    kind: Job\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n"
        + "          containers:\n"
        + "          - name: training-container\n            image: x\n            args: " + args + "\n";
    return Files.writeString(dir.resolve("template-bundle.yaml"), configMap + "---\n"
        + Files.readString(CONFIG_MAP_EXPERIMENT));
  }

  @Test
  void validate_experimentWithAConfigMap_checksTheExperimentAloneAndNotesTheConfigMap() throws Exception {
    Path bundle = randomWithConfigMap();

    CliRun run = CliRun.of("validate", bundle.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).isEqualTo(bundle + ": valid\n");
    assertThat(run.err).isEqualTo("katib: note: skipped ConfigMap \"cm\" (v1) in " + bundle + " (document 2), line 55: "
        + "not an Experiment; its data serves configMap trial templates, as with --configmap\n");
  }

  @Test
  void defaults_experimentWithAConfigMap_printsOnlyTheExperiment() throws Exception {
    CliRun run = CliRun.of("defaults", randomWithConfigMap().toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    List<Experiment> printed = KatibCodec.create().readAll(run.out, "out", Experiment.class);
    assertThat(printed).extracting(Experiment::name).containsExactly("random");
    assertThat(run.out).doesNotContain("name: cm");
    assertThat(run.err).contains("skipped ConfigMap \"cm\"");
  }

  @Test
  void render_experimentWithAConfigMap_rendersTheExperiment() throws Exception {
    CliRun run = CliRun.of("render", "-a", "lr=0.02", "-a", "momentum=0.6", randomWithConfigMap().toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).contains("--lr=0.02");
    assertThat(run.err).doesNotContain("experiments");
  }

  @Test
  void validateAndRender_configMapTemplateBundledWithTheExperiment_useTheBundledTemplate() throws Exception {
    Path good = templateBundle("[\"--lr=${trialParameters.learningRate}\", \"--units=${trialParameters.units}\"]");

    CliRun valid = CliRun.of("validate", good.toString());
    CliRun render = CliRun.of("render", "-a", "lr=0.01", "-a", "units=32", good.toString());
    Path bad = templateBundle("[\"--lr=${trialParameters.learningRate}\"]");
    CliRun invalid = CliRun.of("validate", bad.toString());

    assertThat(valid.exitCode).as(valid.toString()).isZero();
    assertThat(render.exitCode).as(render.toString()).isZero();
    assertThat(render.out).contains("--lr=0.01").contains("--units=32");
    assertThat(invalid.exitCode).as(invalid.toString()).isEqualTo(1);
    assertThat(invalid.out).contains("units").contains("[T12]");
  }

  @Test
  void validate_configMapOptionGivenTheBundle_takesItsConfigMaps() throws Exception {
    Path bundle = templateBundle("[\"--lr=${trialParameters.learningRate}\", \"--units=${trialParameters.units}\"]");

    CliRun run = CliRun.of("validate", "--configmap", bundle.toString(), CONFIG_MAP_EXPERIMENT.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
  }

  @Test
  void commands_fileWithOnlyOtherObjects_exitTwoSayingItHoldsNoExperiment() throws Exception {
    Path configMap = Files.writeString(dir.resolve("cm.yaml"), CONFIG_MAP);

    for (String command : List.of("validate", "defaults", "render", "convert", "run")) {
      CliRun run = CliRun.of(command, configMap.toString());

      assertThat(run.exitCode).as(command + ": " + run).isEqualTo(2);
      assertThat(run.err).as(command).contains("katib: " + configMap + " holds no experiment, only ConfigMap \"cm\"; "
          + "expected an Experiment (apiVersion: kubeflow.org/v1beta1, kind: Experiment) in YAML or JSON");
    }
  }

  @Test
  void validate_misspeltKindBesideAConfigMap_isStillReported() throws Exception {
    Path bundle = Files.writeString(dir.resolve("typo.yaml"),
        Files.readString(RANDOM).replace("kind: Experiment", "kind: Experimnt") + "---\n" + CONFIG_MAP);

    CliRun run = CliRun.of("validate", bundle.toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.out).contains("kind: expected \"Experiment\", found \"Experimnt\"");
    assertThat(run.err).contains("skipped ConfigMap \"cm\"").doesNotContain("Experimnt");
  }
}
