package io.github.katib4j.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigFilesTest {
  @TempDir
  Path dir;

  private Path write(String name, String... lines) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, String.join("\n", lines) + "\n");
  }

  private Path valid(String name, String user) throws Exception {
    return write(name,
        "clusters:",
        "- name: c",
        "  cluster: {server: 'https://127.0.0.1:1', insecure-skip-tls-verify: true}",
        "users:",
        "- name: u",
        "  user: " + user,
        "contexts:",
        "- name: team-a",
        "  context: {cluster: c, user: u, namespace: team-a}",
        "current-context: team-a");
  }

  @Test
  void defaults_kubeconfigVariable_listsTheFilesThatExistInOrder() throws Exception {
    Path a = write("a", "");
    Path b = write("b", "");
    Path home = dir.resolve("home");
    Path config = write("home/.kube/config", "");

    assertThat(KubeconfigFiles.defaults(b + ":" + dir.resolve("absent") + ":" + a + ":" + b, ":", home))
        .containsExactly(b, a);
    assertThat(KubeconfigFiles.defaults(null, ":", home)).containsExactly(config);
    assertThat(KubeconfigFiles.defaults("", ":", dir.resolve("nobody"))).isEmpty();
    // As kubectl: a $KUBECONFIG naming no file that exists does not fall back to another configuration.
    assertThat(KubeconfigFiles.defaults(dir.resolve("absent") + "::" + dir.resolve("typo"), ":", home)).isEmpty();
  }

  @Test
  void load_twoFiles_firstWinsPerNameAndCurrentContextComesFromTheFirstThatSetsIt() throws Exception {
    Path first = write("first",
        "contexts:",
        "- name: other",
        "  context: {cluster: c, namespace: first}");
    Path second = write("second",
        "clusters:",
        "- name: c",
        "  cluster: {server: 'https://127.0.0.1:1', insecure-skip-tls-verify: true}",
        "contexts:",
        "- name: other",
        "  context: {cluster: c, namespace: second}",
        "current-context: other");

    KubeconfigFiles.Loaded loaded = KubeconfigFiles.load(List.of(first, second), null);

    assertThat(loaded.namespace()).isEqualTo("first");
    assertThat(loaded.client().getBasePath()).isEqualTo("https://127.0.0.1:1");
  }

  @Test
  void load_brokenFiles_sayWhatIsWrongWithWhichFile() throws Exception {
    Path empty = write("empty", "");
    Path garbage = write("garbage", "- just", "- a list");
    Path noCurrent = write("no-current",
        "clusters:",
        "- name: c",
        "  cluster: {server: 'https://127.0.0.1:1'}",
        "contexts:",
        "- name: x",
        "  context: {cluster: c}",
        "current-context: ''");
    Path noCluster = write("no-cluster",
        "contexts:",
        "- name: x",
        "  context: {cluster: gone}",
        "current-context: x");

    assertThatThrownBy(() -> KubeconfigFiles.load(List.of(empty), null)).isInstanceOf(KatibException.class)
        .hasMessage("cannot use kubeconfig " + empty + ": it sets no current-context and defines no context");
    assertThatThrownBy(() -> KubeconfigFiles.load(List.of(dir.resolve("absent")), null))
        .hasMessage("cannot use kubeconfig " + dir.resolve("absent") + ": the file does not exist");
    assertThatThrownBy(() -> KubeconfigFiles.load(List.of(garbage), null))
        .hasMessageStartingWith("cannot use kubeconfig " + garbage + ": it is not a kubeconfig (a YAML mapping of "
            + "clusters, users and contexts)");
    assertThatThrownBy(() -> KubeconfigFiles.load(List.of(noCurrent), null))
        .hasMessageStartingWith("cannot use kubeconfig " + noCurrent + ": it sets no current-context; pick one of "
            + "its contexts (x) with --context");
    assertThatThrownBy(() -> KubeconfigFiles.load(List.of(noCurrent), "y"))
        .hasMessage("cannot use kubeconfig " + noCurrent + ": it has no context \"y\"; its contexts are: x");
    assertThatThrownBy(() -> KubeconfigFiles.load(List.of(noCluster), null))
        .hasMessage("cannot use kubeconfig " + noCluster + ": context \"x\" names cluster \"gone\", which it does "
            + "not define; its clusters are: none");
  }

  @Test
  void load_tokenFile_isReadRelativeToTheKubeconfigsFolder() throws Exception {
    write("conf/token", "secret");
    Path config = valid("conf/config", "{tokenFile: token}");

    assertThat(KubeconfigFiles.load(List.of(config), null).namespace()).isEqualTo("team-a");
  }

  @Test
  void load_credentialsThatCannotBeHad_failBeforeAnyRequestNamingTheCause() throws Exception {
    Path unreadable = valid("unreadable", "{tokenFile: missing-token}");
    Path failing = valid("failing", "{exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: 'false'}}");

    assertThatThrownBy(() -> KubeconfigFiles.load(List.of(unreadable), null)).isInstanceOf(KatibException.class)
        .hasMessage("cannot use kubeconfig " + unreadable + ": user \"u\" reads its token from tokenFile "
            + dir.resolve("missing-token") + ", which cannot be read (no such file)");
    assertThatThrownBy(() -> KubeconfigFiles.load(List.of(failing), null)).isInstanceOf(KatibException.class)
        .hasMessageStartingWith("cannot use kubeconfig " + failing + ": user \"u\" gets its credentials from the "
            + "exec plugin \"false\", which gave none");
  }

  @Test
  void load_clientCertificateThatIsNotPem_namesTheUserAndTheField() throws Exception {
    Path badCertificate = valid("bad-certificate", "{client-certificate-data: bm90IGEgY2VydA==, client-key-data: "
        + "bm90IGEga2V5}");
    write("not-a-certificate.pem", "not a certificate");
    Path badFile = valid("bad-file", "{client-certificate: not-a-certificate.pem, client-key: key.pem}");
    Path noKey = valid("no-key", "{client-certificate-data: bm90IGEgY2VydA==}");

    assertThatThrownBy(() -> KubeconfigFiles.load(List.of(badCertificate), null)).isInstanceOf(KatibException.class)
        .hasMessage("cannot use kubeconfig " + badCertificate + ": users[u].client-certificate-data is not a PEM "
            + "certificate (found no -----BEGIN CERTIFICATE----- line); copy it again from the kubeconfig the "
            + "cluster's administrator gave you");
    assertThatThrownBy(() -> KubeconfigFiles.load(List.of(badFile), null))
        .hasMessageStartingWith("cannot use kubeconfig " + badFile + ": users[u].client-key names " + dir.resolve(
            "key.pem") + ", which cannot be read (no such file)");
    write("key.pem", "-----BEGIN PRIVATE KEY-----", "AAAA", "-----END PRIVATE KEY-----");
    assertThatThrownBy(() -> KubeconfigFiles.load(List.of(badFile), null))
        .hasMessageStartingWith("cannot use kubeconfig " + badFile + ": users[u].client-certificate ("
            + dir.resolve("not-a-certificate.pem") + ") is not a PEM certificate");
    assertThatThrownBy(() -> KubeconfigFiles.load(List.of(noKey), null))
        .hasMessageStartingWith("cannot use kubeconfig " + noKey + ": users[u] has client-certificate(-data) but no "
            + "client-key(-data)");
  }

  @Test
  void load_fileThatIsNotYaml_namesTheFileWithTheLine() throws Exception {
    Path broken = write("broken.yaml", "garbage: [");

    assertThatThrownBy(() -> KubeconfigFiles.load(List.of(broken), null)).isInstanceOf(KatibException.class)
        .hasMessageStartingWith("cannot use kubeconfig " + broken + ": it is not a kubeconfig")
        .hasMessageContaining(broken + ":2:1: ")
        .hasMessageNotContaining("<text>");
  }
}
