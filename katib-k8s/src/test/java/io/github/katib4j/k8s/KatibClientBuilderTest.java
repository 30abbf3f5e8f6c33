package io.github.katib4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.katib4j.KatibException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KatibClientBuilderTest {
  @TempDir
  Path dir;

  private Path kubeconfig() throws Exception {
    return Files.writeString(dir.resolve("config"), String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "  - name: c",
        "    cluster: {server: 'https://127.0.0.1:1', insecure-skip-tls-verify: true}",
        "users:",
        "  - name: u",
        "    user: {token: not-a-real-token}",
        "contexts:",
        "  - name: team-a",
        "    context: {cluster: c, user: u, namespace: team-a}",
        "  - name: plain",
        "    context: {cluster: c, user: u}",
        "current-context: team-a",
        ""));
  }

  @Test
  void build_fromKubeconfig_takesTheCurrentContextsNamespace() throws Exception {
    try (KatibClient client = KatibClient.builder().kubeconfig(kubeconfig()).build()) {
      assertThat(client.namespace()).isEqualTo("team-a");
    }
  }

  @Test
  void build_contextWithoutNamespace_usesDefault_andAnExplicitNamespaceWins() throws Exception {
    try (KatibClient plain = KatibClient.builder().kubeconfig(kubeconfig()).context("plain").build();
        KatibClient explicit = KatibClient.builder().kubeconfig(kubeconfig()).namespace("vision").build()) {
      assertThat(plain.namespace()).isEqualTo("default");
      assertThat(explicit.namespace()).isEqualTo("vision");
    }
  }

  @Test
  void build_unknownContext_namesTheContextAndTheFile() throws Exception {
    Path config = kubeconfig();

    assertThatThrownBy(() -> KatibClient.builder().kubeconfig(config).context("prod").build())
        .isInstanceOf(KatibException.class).hasMessageContaining("no context \"prod\"")
        .hasMessageContaining(config.toString());
  }

  @Test
  void build_missingKubeconfig_saysItDoesNotExist() {
    assertThatThrownBy(() -> KatibClient.builder().kubeconfig(dir.resolve("absent")).build())
        .isInstanceOf(KatibException.class)
        .hasMessage("cannot use kubeconfig " + dir.resolve("absent") + ": the file does not exist");
  }

  @Test
  void build_emptyKubeconfig_saysItSetsNoContext() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "");

    assertThatThrownBy(() -> KatibClient.builder().kubeconfig(empty).build()).isInstanceOf(KatibException.class)
        .hasMessage("cannot use kubeconfig " + empty + ": it sets no current-context and defines no context");
  }

  @Test
  void build_inClusterOutsideAPod_saysItIsNotInAPod() {
    assumeTrue(System.getenv("KUBERNETES_SERVICE_HOST") == null, "this test checks the message outside a pod, and these"
        + " tests run in one ($KUBERNETES_SERVICE_HOST is set), where inCluster() would connect instead");

    assertThatThrownBy(() -> KatibClient.builder().inCluster().build()).isExactlyInstanceOf(KatibException.class)
        .hasMessage("inCluster(): this is not a pod in a cluster, or its service account token is not mounted: "
            + "$KUBERNETES_SERVICE_HOST is not set; outside a cluster, use kubeconfig(path) (or $KUBECONFIG, "
            + "~/.kube/config)");
  }

  @Test
  void settings_outOfRange_areRefusedWithTheValue() {
    assertThatThrownBy(() -> KatibClient.builder().requestTimeout(Duration.ZERO))
        .isInstanceOf(KatibException.class).hasMessageContaining("requestTimeout must be positive");
    assertThatThrownBy(() -> KatibClient.builder().pageSize(0))
        .isInstanceOf(KatibException.class).hasMessageContaining("pageSize must be at least 1, found 0");
    assertThatThrownBy(() -> KatibClient.builder().objectSizeLimit(1000))
        .isInstanceOf(KatibException.class).hasMessageContaining("at least 64 KiB");
  }
}
