package io.github.katib4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reference or namespace given empty means the client's namespace, as for the local engine and as kubectl uses the
 * context's: seen in the paths of the requests an HTTP server receives, which answers 404 to everything.
 */
class KatibClientNamespaceTest {
  @TempDir
  Path dir;

  private ServerSocket server;
  private final List<String> paths = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accepting = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          answer(socket);
        } catch (Exception e) {
          // Closed by the test's end, or a client that went away.
        }
      }
    }, "http-404");
    accepting.setDaemon(true);
    accepting.start();
  }

  /** Records the request's path and answers 404 with a Kubernetes Status, closing the connection. */
  private void answer(Socket socket) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    String requestLine = in.readLine();
    for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
      // Headers are not needed; a GET has no body.
    }
    paths.add(requestLine.split(" ")[1].replaceAll("\\?.*", ""));
    byte[] body = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
        + "\"code\":404}").getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.write(body);
    out.flush();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private KatibClient client() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("config"), String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "  - name: c",
        "    cluster: {server: 'http://127.0.0.1:" + server.getLocalPort() + "'}",
        "users:",
        "  - name: u",
        "    user: {token: not-checked}",
        "contexts:",
        "  - name: c",
        "    context: {cluster: c, user: u, namespace: team-a}",
        "current-context: c",
        ""));
    return KatibClient.builder().kubeconfig(kubeconfig).build();
  }

  @Test
  void referenceWithoutNamespace_meansTheClientsNamespace() throws Exception {
    Experiment built = Experiment.builder().name("no-ns").objective(Objective.minimize("loss"))
        .algorithm(Algorithm.random()).parameters(Parameter.doubleRange("x", 0, 1)).build();
    ExperimentRef bare = ExperimentRef.of(built);
    assertThat(bare.namespace()).isEmpty();

    try (KatibClient client = client()) {
      assertThat(client.find(bare)).isEmpty();
      assertThat(client.suggestion(bare)).isEmpty();
      assertThat(client.findTrial("", "no-ns-abc")).isEmpty();
    }

    assertThat(paths).containsExactly(
        "/apis/kubeflow.org/v1beta1/namespaces/team-a/experiments/no-ns",
        "/apis/kubeflow.org/v1beta1/namespaces/team-a/suggestions/no-ns",
        "/apis/kubeflow.org/v1beta1/namespaces/team-a/trials/no-ns-abc");
  }
}
