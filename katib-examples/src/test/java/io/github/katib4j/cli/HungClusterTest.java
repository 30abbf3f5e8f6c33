package io.github.katib4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster commands against an API server that accepts connections and never answers, as one that is stopped
 * (SIGSTOP) or overloaded: each attempt ends at {@code --request-timeout}.
 */
class HungClusterTest {
  @TempDir
  Path dir;

  private ServerSocket server;
  private final List<Socket> held = new CopyOnWriteArrayList<>();

  @BeforeEach
  void acceptAndNeverAnswer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          held.add(server.accept());
        }
      } catch (IOException e) {
        // Closed.
      }
    }, "hung-api-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void close() throws IOException {
    server.close();
    for (Socket socket : held) {
      socket.close();
    }
  }

  private Path kubeconfig() throws IOException {
    return Files.writeString(dir.resolve("kubeconfig"), Files.readString(UnreachableClusterTest
        .unreachableKubeconfig(dir)).replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:" + server.getLocalPort()));
  }

  @Test
  void status_hungApiServer_exitsTwoAfterThreeAttemptsOfTheDefaultRequestTimeout() throws Exception {
    long start = System.nanoTime();

    CliRun run = CliRun.of("status", "random", "--kubeconfig", kubeconfig().toString());

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.err).as(run.toString()).contains("no answer in time from the API server")
        .contains("(gave up after 3 attempts); a slow cluster may need a longer --request-timeout");
    // 3 attempts of 5 s, and at most 2 s of backoff between them.
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(15)).isLessThan(Duration.ofSeconds(25));
  }

  @Test
  void budget_hungApiServerWithShortRequestTimeout_exitsTwoWithinSeconds() throws Exception {
    long start = System.nanoTime();

    CliRun run = CliRun.of("budget", "random", "--max-trials", "5", "--request-timeout", "1s", "--kubeconfig",
        kubeconfig().toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.err).as(run.toString()).contains("no answer in time");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }
}
