package io.github.katib4j.k8s;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.Katib;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.k8s.testing.ControlPlane;
import io.github.katib4j.k8s.testing.ControlPlaneExtension;
import io.github.katib4j.k8s.testing.KatibControllerStandIn;
import io.github.katib4j.testing.KatibContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The engine contract against a real API server, with the Katib controller stand-in doing Katib's part. */
@ExtendWith(ControlPlaneExtension.class)
class KatibClientContractIT extends KatibContract {
  private static KatibClient client;
  private static KatibControllerStandIn controller;

  @BeforeAll
  static void start(ControlPlane plane) {
    String namespace = plane.createNamespace("contract");
    client = KatibClient.builder().kubeconfig(plane.kubeconfig()).namespace(namespace).build();
    controller = KatibControllerStandIn.start(plane.apiClient(), namespace);
  }

  @AfterAll
  static void stop() {
    controller.close();
    client.close();
  }

  @Override
  protected Katib katib() {
    return client;
  }

  @Override
  protected Experiment experiment(String name, Outcome outcome) {
    return ContractExperiments.random(name, client.namespace(), outcome);
  }

  @Override
  protected void drive(ExperimentRef ref, Outcome outcome) {
    controller.drive(ref.name(), outcome);
  }
}
