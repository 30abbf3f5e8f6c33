package io.github.katib4j.k8s;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.TrialParameter;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.testing.KatibContract.Outcome;

/** The experiments the cluster tests submit: Katib's canonical random search over a learning rate and a momentum. */
public final class ContractExperiments {
  private ContractExperiments() {}

  /** Minimizes {@code loss}; 3 trials, 2 at a time; fails after the first failed trial when {@code outcome} is FAIL. */
  public static Experiment random(String name, String namespace, Outcome outcome) {
    return Experiment.builder()
        .name(name).namespace(namespace)
        .label("team", "contract")
        .objective(Objective.minimize("loss"))
        .algorithm(Algorithm.random())
        .parameters(Parameter.doubleRange("lr", 0.01, 0.05), Parameter.doubleRange("momentum", 0.5, 0.9))
        .trialTemplate(TrialTemplate.builder()
            .primaryContainerName("training-container")
            .addTrialParameter(TrialParameter.of("learningRate", "lr", "Learning rate"))
            .addTrialParameter(TrialParameter.of("momentum", "momentum", "Momentum"))
            .trialSpec(Unstructured.parse(String.join("\n",
                "apiVersion: batch/v1",
                "kind: Job",
                "spec:",
                "  template:",
                "    spec:",
                "      containers:",
                "        - name: training-container",
                "          image: ghcr.io/kubeflow/katib/pytorch-mnist-cpu:v0.19.0",
                "          command: [python3, /opt/pytorch-mnist/mnist.py, --epochs=1,",
                "                    '--lr=${trialParameters.learningRate}', '--momentum=${trialParameters.momentum}']",
                "      restartPolicy: Never")))
            .build())
        .parallelTrialCount(2).maxTrialCount(3).maxFailedTrialCount(outcome == Outcome.FAIL ? 1 : 3)
        .build();
  }

  /** {@code experiment} with an environment variable of {@code chars} characters in its trial template's container. */
  public static Experiment withLargeTemplate(Experiment experiment, int chars) {
    KatibCodec codec = KatibCodec.create();
    JsonObject json = codec.toJsonObject(experiment);
    JsonObject container = json.getAsJsonObject("spec").getAsJsonObject("trialTemplate")
        .getAsJsonObject("trialSpec").getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec")
        .getAsJsonArray("containers").get(0).getAsJsonObject();
    JsonObject variable = new JsonObject();
    variable.addProperty("name", "DATA");
    variable.addProperty("value", "x".repeat(chars));
    JsonArray env = new JsonArray();
    env.add(variable);
    container.add("env", env);
    return codec.fromJsonObject(json, Experiment.class);
  }
}
