package io.github.katib4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every cluster command against an API server address where nothing listens. */
class UnreachableClusterTest {
  @TempDir
  Path dir;

  /** A kubeconfig whose server is a local port nothing listens on. */
  static Path unreachableKubeconfig(Path dir) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return Files.writeString(dir.resolve("kubeconfig"), String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: gone",
        "  cluster: {server: \"https://127.0.0.1:" + port + "\", insecure-skip-tls-verify: true}",
        "contexts:",
        "- name: gone",
        "  context: {cluster: gone, user: someone, namespace: team}",
        "current-context: gone",
        "users:",
        "- name: someone",
        "  user: {token: not-checked}",
        ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"submit", "submit --wait", "status", "trials", "best", "budget --max-trials 5", "delete"})
  void command_unreachableCluster_exits2AfterThreeAttempts(String command) throws Exception {
    String target = command.startsWith("submit") ? ValidateCommandTest.RANDOM.toString() : "random";
    String[] words = command.split(" ");
    String[] args = new String[words.length + 3];
    args[0] = words[0];
    args[1] = target;
    System.arraycopy(words, 1, args, 2, words.length - 1);
    args[args.length - 2] = "--kubeconfig";
    args[args.length - 1] = unreachableKubeconfig(dir).toString();

    CliRun run = CliRun.of(args);

    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.err).as(run.toString()).startsWith("katib: ").contains("no response from the API server")
        .contains("check that the cluster is reachable (gave up after 3 attempts)");
  }
}
