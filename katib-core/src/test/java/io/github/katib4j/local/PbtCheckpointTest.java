package io.github.katib4j.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.search.internal.PbtSuggester;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Population based training continues each bred trial from a copy of its parent's checkpoint, as Katib's PBT does. */
class PbtCheckpointTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  private LocalKatib katib;

  @BeforeEach
  void engine() {
    katib = LocalKatib.builder().directory(dir).seed(5).build();
  }

  @AfterEach
  void close() {
    katib.close();
  }

  private static Algorithm pbt() {
    return Algorithm.pbt().setting("suggestion_trial_dir", "/var/log/katib/checkpoints/")
        .setting("n_population", "5").setting("truncation_threshold", "0.4");
  }

  @Test
  void functionTrials_findTheirParentsCheckpoint() throws Exception {
    Experiment experiment = Experiment.builder()
        .name("pbt-function")
        .objective(Objective.maximize("score"))
        .algorithm(pbt())
        .parameters(Parameter.doubleRange("lr", 0.01, 0.1).step(0.01))
        .parallelTrialCount(5).maxTrialCount(15)
        .build();

    Experiment done = katib.run(experiment, trial -> {
      Path state = trial.checkpointDirectory().resolve("epochs");
      int epochs = Files.exists(state) ? Integer.parseInt(Files.readString(state).trim()) : 0;
      Files.writeString(state, Integer.toString(epochs + 1));
      return Map.of("score", (epochs + 1) * trial.doubleValue("lr"));
    }, TIMEOUT);

    assertThatContinuedFromParents(done, "checkpoint");
  }

  @Test
  void processTrials_getTheCheckpointPathLocalizedAndPrefilled() throws Exception {
    String yaml = String.join("\n",
        "apiVersion: kubeflow.org/v1beta1",
        "kind: Experiment",
        "metadata: {name: pbt-process}",
        "spec:",
        "  objective: {type: maximize, objectiveMetricName: score}",
        "  algorithm:",
        "    algorithmName: pbt",
        "    algorithmSettings:",
        "      - {name: suggestion_trial_dir, value: /var/log/katib/checkpoints/}",
        "      - {name: n_population, value: '5'}",
        "      - {name: truncation_threshold, value: '0.4'}",
        "  parallelTrialCount: 5",
        "  maxTrialCount: 15",
        "  parameters:",
        "    - {name: lr, parameterType: double, feasibleSpace: {min: '0.01', max: '0.1', step: '0.01'}}",
        "  trialTemplate:",
        "    primaryContainerName: main",
        "    trialParameters: [{name: lr, reference: lr}]",
        "    trialSpec:",
        "      apiVersion: batch/v1",
        "      kind: Job",
        "      spec:",
        "        template:",
        "          spec:",
        "            restartPolicy: Never",
        "            containers:",
        "              - name: main",
        "                image: busybox",
        "                command:",
        "                  - sh",
        "                  - -c",
        "                  - n=$(cat \"$1/epochs\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$1/epochs\";"
            + " awk -v n=$n -v lr=$2 'BEGIN { print \"score=\" n * lr }'",
        "                  - sh",
        "                  - /var/log/katib/checkpoints",
        "                  - ${trialParameters.lr}",
        "");

    Experiment done = katib.run(KatibCodec.create().readExperiment(yaml), TIMEOUT);

    assertThatContinuedFromParents(done, "var/log/katib/checkpoints");
  }

  private void assertThatContinuedFromParents(Experiment done, String checkpointFolder) throws Exception {
    ExperimentRef ref = ExperimentRef.of(done);
    assertThat(done.status().orElseThrow().trialsSucceeded()).isEqualTo(15);
    List<Trial> trials = katib.trials(ref);
    List<Trial> bred = trials.stream().filter(t -> t.metadata().labels().containsKey(PbtSuggester.PARENT))
        .collect(java.util.stream.Collectors.toList());
    assertThat(bred).isNotEmpty();
    Path trialsDir = katib.directory(ref).resolve("trials");
    for (Trial child : bred) {
      String parent = child.metadata().labels().get(PbtSuggester.PARENT);
      int parentEpochs = epochs(trialsDir.resolve(parent).resolve(checkpointFolder));
      assertThat(epochs(trialsDir.resolve(child.name()).resolve(checkpointFolder)))
          .as("%s continues %s", child.name(), parent).isEqualTo(parentEpochs + 1);
    }
    assertThat(bred.stream().mapToInt(t -> epochsOf(trialsDir, t, checkpointFolder)).max().orElse(0))
        .isGreaterThanOrEqualTo(2);
  }

  private static int epochsOf(Path trialsDir, Trial trial, String folder) {
    try {
      return epochs(trialsDir.resolve(trial.name()).resolve(folder));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static int epochs(Path checkpoint) throws Exception {
    return Integer.parseInt(Files.readString(checkpoint.resolve("epochs")).trim());
  }
}
