package io.github.katib4j.examples;

import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.TrialParameter;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.experiment.Unstructured;

/** Katib's canonical random-search example, built in Java; the README shows this code. */
public final class BuildRandomExperiment {
  private BuildRandomExperiment() {}

  public static Experiment build() {
    // readme:builder {
    TrialTemplate template = TrialTemplate.builder()
        .primaryContainerName("training-container")
        .addTrialParameter(TrialParameter.of("learningRate", "lr", "Learning rate for the training model"))
        .addTrialParameter(TrialParameter.of("momentum", "momentum", "Momentum for the training model"))
        .trialSpec(Unstructured.parse("""
            apiVersion: batch/v1
            kind: Job
            spec:
              template:
                spec:
                  containers:
                    - name: training-container
                      image: ghcr.io/kubeflow/katib/pytorch-mnist-cpu:v0.19.0
                      command:
                        - python3
                        - /opt/pytorch-mnist/mnist.py
                        - --epochs=1
                        - --batch-size=16
                        - --lr=${trialParameters.learningRate}
                        - --momentum=${trialParameters.momentum}
                      resources:
                        limits:
                          memory: "1Gi"
                          cpu: "0.5"
                  restartPolicy: Never
            """))
        .build();

    Experiment experiment = Experiment.builder()
        .name("random").namespace("kubeflow")
        .objective(Objective.minimize("loss").goal(0.001))
        .algorithm(Algorithm.random())
        .parameters(
            Parameter.doubleRange("lr", 0.01, 0.05),
            Parameter.doubleRange("momentum", 0.5, 0.9))
        .trialTemplate(template)
        .parallelTrialCount(3).maxTrialCount(12).maxFailedTrialCount(3)
        .build();   // validates: throws KatibValidationException listing every problem

    String yaml = KatibCodec.create().toYaml(experiment);
    // }
    return KatibCodec.create().readExperiment(yaml);
  }

  public static void main(String[] args) {
    System.out.print(KatibCodec.create().toYaml(build()));
  }
}
