package io.github.katib4j.k8s.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/** Writes kubeconfig files for a server URL, the certificates to trust and a bearer token. */
public final class Kubeconfigs {
  private Kubeconfigs() {}

  static void write(Path file, URI server, List<X509Certificate> trusted, String token) {
    String caData = Base64.getEncoder().encodeToString(
        trusted.stream().map(ThrowawayPki::pem).collect(Collectors.joining()).getBytes(StandardCharsets.US_ASCII));
    String yaml = String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: katib4j-test",
        "  cluster:",
        "    server: " + server,
        "    certificate-authority-data: " + caData,
        "users:",
        "- name: katib4j-admin",
        "  user:",
        "    token: " + token,
        "contexts:",
        "- name: katib4j-test",
        "  context:",
        "    cluster: katib4j-test",
        "    user: katib4j-admin",
        "    namespace: default",
        "current-context: katib4j-test",
        "");
    try {
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * A kubeconfig {@code dir/config} for {@code server} (certificates not checked) with a token no server checks, in a
   * current context {@code c} with namespace {@code team-a}: for clients that talk to a test server or to none.
   */
  public static Path unchecked(Path dir, String server) throws IOException {
    return Files.writeString(dir.resolve("config"), String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "  - name: c",
        "    cluster: {server: '" + server + "', insecure-skip-tls-verify: true}",
        "users:",
        "  - name: u",
        "    user: {token: not-checked}",
        "contexts:",
        "  - name: c",
        "    context: {cluster: c, user: u, namespace: team-a}",
        "current-context: c",
        ""));
  }
}
