package io.github.katib4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.template.RenderedTrial;
import io.github.katib4j.validation.ExperimentValidator;
import org.junit.jupiter.api.Test;

class CommandTrialExperimentTest {
  @Test
  void build_givesAnExperimentKatibAccepts() {
    Experiment experiment = CommandTrialExperiment.build();

    assertThat(ExperimentValidator.create().validate(experiment).problems()).isEmpty();
  }

  @Test
  void render_givesTheJobWithOneFlagPerParameterAndTheTrialsIdentity() {
    RenderedTrial trial = CommandTrialExperiment.render(CommandTrialExperiment.build());

    assertThat(trial.samplePoint().orElseThrow().explanations()).containsExactly(
        "optimizer.lr = 0.003162277660168379: the geometric midpoint of [0.0001, 0.1]",
        "layers = 2: the middle integer of [1, 4]");
    assertThat(trial.workload().primaryContainer().orElseThrow().commandLine()).containsExactly("python3",
        "train.py", "--optimizer.lr=0.003162277660168379", "--layers=2", "--tensorboard_dir",
        "/var/log/katib/tfevent");
    assertThat(trial.environment()).containsEntry("KATIB_TRIAL_NAME", trial.trial().name())
        .containsEntry("KATIB_NAMESPACE", "kubeflow")
        .containsEntry("KATIB_EXPERIMENT_NAME", "train-cli");
    assertThat(trial.toYaml()).contains("fieldPath: metadata.labels['katib.kubeflow.org/experiment']");
    assertThat(trial.isCorrupted()).isFalse();
  }
}
