package io.github.katib4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.k8s.testing.NotFoundServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reference or namespace given empty means the client's namespace, as for the local engine and as kubectl uses the
 * context's: seen in the paths of the requests an HTTP server receives.
 */
class KatibClientNamespaceTest {
  @TempDir
  Path dir;

  @Test
  void referenceWithoutNamespace_meansTheClientsNamespace() throws Exception {
    Experiment built = Experiment.builder().name("no-ns").objective(Objective.minimize("loss"))
        .algorithm(Algorithm.random()).parameters(Parameter.doubleRange("x", 0, 1)).build();
    ExperimentRef bare = ExperimentRef.of(built);
    assertThat(bare.namespace()).isEmpty();

    try (NotFoundServer server = new NotFoundServer();
        KatibClient client = KatibClient.builder().kubeconfig(server.kubeconfig(dir)).build()) {
      assertThat(client.find(bare)).isEmpty();
      assertThat(client.suggestion(bare)).isEmpty();
      assertThat(client.findTrial("", "no-ns-abc")).isEmpty();

      assertThat(server.paths()).containsExactly(
          "/apis/kubeflow.org/v1beta1/namespaces/team-a/experiments/no-ns",
          "/apis/kubeflow.org/v1beta1/namespaces/team-a/suggestions/no-ns",
          "/apis/kubeflow.org/v1beta1/namespaces/team-a/trials/no-ns-abc");
    }
  }
}
