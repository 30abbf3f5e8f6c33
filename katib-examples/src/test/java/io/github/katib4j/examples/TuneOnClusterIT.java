package io.github.katib4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.OptimalTrial;
import io.github.katib4j.k8s.KatibClient;
import io.github.katib4j.k8s.testing.ControlPlane;
import io.github.katib4j.k8s.testing.ControlPlaneExtension;
import io.github.katib4j.k8s.testing.KatibControllerStandIn;
import io.github.katib4j.testing.KatibContract.Outcome;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's cluster example, on a real API server with the Katib controller stand-in. */
@ExtendWith(ControlPlaneExtension.class)
class TuneOnClusterIT {
  @Test
  void tune_commandTrialExperiment_returnsTheBestOfItsTwelveTrials(ControlPlane plane, ApiClient admin) {
    String namespace = plane.createNamespace("readme");
    Experiment built = CommandTrialExperiment.build();
    Experiment experiment = built.withMetadata(built.metadata().withNamespace(namespace));
    try (KatibControllerStandIn controller = KatibControllerStandIn.start(admin, namespace);
        KatibClient katib = KatibClient.builder().kubeconfig(plane.kubeconfig()).namespace(namespace).build()) {
      controller.drive(experiment.name(), Outcome.SUCCEED);

      OptimalTrial best = TuneOnCluster.tune(katib, experiment, Duration.ofSeconds(60));

      assertThat(katib.trials(ExperimentRef.of(namespace, experiment.name()))).hasSize(12)
          .anySatisfy(t -> assertThat(t.name()).isEqualTo(best.bestTrialName()));
      assertThat(best.parameterAssignments()).extracting(a -> a.name())
          .containsExactlyInAnyOrder("optimizer.lr", "layers");
      assertThat(best.observation().metric("loss")).isPresent();
    }
  }
}
