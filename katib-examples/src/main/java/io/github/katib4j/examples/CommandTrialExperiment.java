package io.github.katib4j.examples;

import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.template.CommandTrial;
import io.github.katib4j.template.RenderedTrial;
import io.github.katib4j.template.TrialTemplateRenderer;
import java.util.List;

/**
 * Command-as-trial: an experiment around any program that takes its hyperparameters as flags, and the trial Katib
 * would create for it; the README shows this code.
 */
public final class CommandTrialExperiment {
  private CommandTrialExperiment() {}

  /** The experiment: {@code python3 train.py --optimizer.lr=... --layers=... --tensorboard_dir ...}. */
  public static Experiment build() {
    // readme:command-trial {
    CommandTrial train = CommandTrial.of("ghcr.io/acme/train:1.0", "python3", "train.py")
        .tensorboardDir("/var/log/katib/tfevent");
    List<Parameter> space = List.of(
        Parameter.doubleRange("optimizer.lr", 0.0001, 0.1).logUniform(),
        Parameter.intRange("layers", 1, 4));
    Experiment experiment = Experiment.builder()
        .name("train-cli").namespace("kubeflow")
        .objective(Objective.minimize("loss"))
        .algorithm(Algorithm.random())
        .parameters(space)
        .trialTemplate(train.template(space))
        .metricsCollector(train.metricsCollector())
        .maxTrialCount(12).parallelTrialCount(3)
        .build();
    // }
    return experiment;
  }

  /** The trial Katib would create for {@code experiment} at the sample point of its search space. */
  public static RenderedTrial render(Experiment experiment) {
    // readme:render {
    RenderedTrial trial = TrialTemplateRenderer.create().renderSample(experiment);
    System.out.println(trial.samplePoint().orElseThrow());   // which point: "layers = 2: the middle integer of [1, 4]"
    System.out.print(trial.toYaml());                         // the Job, as Katib's controller would create it
    // }
    return trial;
  }

  public static void main(String[] args) {
    render(build());
  }
}
