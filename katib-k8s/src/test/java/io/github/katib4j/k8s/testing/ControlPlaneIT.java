package io.github.katib4j.k8s.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinitionVersion;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ControlPlaneExtension.class)
class ControlPlaneIT {

  @Test
  void shared_runsThePinnedKubernetesVersion(ApiClient client) throws Exception {
    Properties versions = new Properties();
    try (Reader reader = Files.newBufferedReader(Path.of(System.getProperty("katib4j.controlPlane.dir",
        "src/test/control-plane"), "versions.env"))) {
      versions.load(reader);
    }

    String gitVersion = new VersionApi(client).getCode().execute().getGitVersion();

    assertThat(gitVersion).isEqualTo(versions.getProperty("KUBERNETES_VERSION"));
  }

  @Test
  void shared_calledAgain_returnsTheSameRunningPlane(ControlPlane plane) {
    assertThat(ControlPlane.shared()).isSameAs(plane);
    assertThat(plane.apiServerUrl().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void kubeconfig_loadedByClientJava_readsAsAdmin(ControlPlane plane) throws Exception {
    ApiClient fromFile = Config.fromConfig(plane.kubeconfig().toString());

    List<String> names = new CoreV1Api(fromFile).listNamespace().execute().getItems().stream()
        .map(n -> n.getMetadata().getName()).collect(Collectors.toList());

    assertThat(names).contains("default", "kube-system");
  }

  @Test
  void apiServer_withUnknownToken_answers401(ControlPlane plane) throws IOException {
    ApiClient stranger = new ClientBuilder().setBasePath(plane.apiServerUrl().toString())
        .setCertificateAuthority(plane.apiServerCertificates().stream().map(ThrowawayPki::pem)
            .collect(Collectors.joining()).getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .setAuthentication(new AccessTokenAuthentication("not-a-valid-token")).build();

    assertThatThrownBy(() -> new CoreV1Api(stranger).listNamespace().execute())
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).getCode()).isEqualTo(401));
  }

  @Test
  void katibCrds_areEstablishedWithKatibsNamesScopeAndSubresources(ApiClient client) throws Exception {
    ApiextensionsV1Api extensions = new ApiextensionsV1Api(client);

    for (String kind : List.of("Experiment", "Trial", "Suggestion")) {
      String plural = kind.toLowerCase(java.util.Locale.ROOT) + "s";
      V1CustomResourceDefinition crd = extensions.readCustomResourceDefinition(plural + ".kubeflow.org").execute();
      V1CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);

      assertThat(crd.getSpec().getGroup()).isEqualTo("kubeflow.org");
      assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
      assertThat(crd.getSpec().getNames().getKind()).isEqualTo(kind);
      assertThat(crd.getSpec().getNames().getCategories()).containsExactly("all", "kubeflow", "katib");
      assertThat(version.getName()).isEqualTo("v1beta1");
      assertThat(version.getSubresources().getStatus()).isNotNull();
      assertThat(version.getSchema().getOpenAPIV3Schema().getxKubernetesPreserveUnknownFields()).isTrue();
      assertThat(crd.getStatus().getConditions())
          .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Established=True"));
    }
  }

  @Test
  void createNamespace_labelsItForMetricsCollectorInjection(ControlPlane plane, ApiClient client) throws Exception {
    String name = plane.createNamespace("labelled");

    V1Namespace namespace = new CoreV1Api(client).readNamespace(name).execute();

    assertThat(name).startsWith("labelled-");
    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("katib.kubeflow.org/metrics-collector-injection", "enabled");
  }
}
