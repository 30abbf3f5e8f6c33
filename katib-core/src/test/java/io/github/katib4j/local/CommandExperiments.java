package io.github.katib4j.local;

import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;

/** Experiments, in Katib's YAML, whose trials run a command of the test's choosing. */
final class CommandExperiments {
  private CommandExperiments() {}

  /**
   * Random search over one double {@code x} in [0, 1], minimizing {@code loss}; each trial is a Job whose container
   * runs {@code command} with {@code args}, both YAML flow sequences that may use {@code ${trialParameters.x}}.
   */
  static Experiment randomOverX(String name, int parallel, int maxTrials, String command, String args) {
    return KatibCodec.create().readExperiment(String.join("\n",
        "apiVersion: kubeflow.org/v1beta1",
        "kind: Experiment",
        "metadata: {name: " + name + "}",
        "spec:",
        "  objective: {type: minimize, objectiveMetricName: loss}",
        "  algorithm: {algorithmName: random}",
        "  parallelTrialCount: " + parallel,
        "  maxTrialCount: " + maxTrials,
        "  parameters:",
        "    - {name: x, parameterType: double, feasibleSpace: {min: '0', max: '1'}}",
        "  trialTemplate:",
        "    primaryContainerName: training",
        "    trialParameters:",
        "      - {name: x, reference: x}",
        "    trialSpec:",
        "      apiVersion: batch/v1",
        "      kind: Job",
        "      spec:",
        "        template:",
        "          spec:",
        "            restartPolicy: Never",
        "            containers:",
        "              - name: training",
        "                image: busybox",
        "                command: " + command,
        "                args: " + args,
        ""));
  }
}
