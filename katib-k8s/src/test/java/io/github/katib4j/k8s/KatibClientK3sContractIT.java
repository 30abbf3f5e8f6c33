package io.github.katib4j.k8s;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.Katib;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.k8s.testing.KatibControllerStandIn;
import io.github.katib4j.k8s.testing.KatibCrds;
import io.github.katib4j.testing.KatibContract;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.Config;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The engine contract against a K3s cluster in Docker (a full Kubernetes, garbage collector included), with the
 * Katib controller stand-in doing Katib's part. Skipped, saying that no Docker engine is available, where none runs;
 * the same contract runs against the local kube-apiserver in {@link KatibClientContractIT} everywhere.
 * {@code -Dkatib4j.k3sImage=rancher/k3s:<tag>} chooses the K3s version.
 */
@Testcontainers(disabledWithoutDocker = true)
class KatibClientK3sContractIT extends KatibContract {
  @Container
  private static final K3sContainer K3S = new K3sContainer(DockerImageName.parse(
      System.getProperty("katib4j.k3sImage", "rancher/k3s:v1.31.4-k3s1")));

  private static KatibClient client;
  private static KatibControllerStandIn controller;

  private static ApiClient clientOfK3s() throws IOException {
    return Config.fromConfig(new StringReader(K3S.getKubeConfigYaml()));
  }

  @BeforeAll
  static void start() throws Exception {
    ApiClient admin = clientOfK3s();
    KatibCrds.install(admin, Duration.ofMinutes(2));
    String namespace = "contract";
    new CoreV1Api(admin).createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(namespace)
        .labels(Map.of("katib.kubeflow.org/metrics-collector-injection", "enabled")))).execute();
    client = KatibClient.builder().apiClient(clientOfK3s()).namespace(namespace).build();
    controller = KatibControllerStandIn.start(admin, namespace);
  }

  @AfterAll
  static void stop() {
    if (controller != null) {
      controller.close();
    }
    if (client != null) {
      client.close();
    }
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
