package io.github.katib4j.k8s.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/** Runs src/test/control-plane/build.sh, which returns at once when the binaries are cached and builds them if not. */
final class ControlPlaneBuild {
  private ControlPlaneBuild() {}

  /** The directory holding {@code etcd} and {@code kube-apiserver}; fails when they cannot be built. */
  static Path ensureBinaries(Path script, Path buildLog) {
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("expected the control-plane build script at " + script.toAbsolutePath()
          + "; run the tests from the katib-k8s module or set -Dkatib4j.controlPlane.dir");
    }
    Deque<String> tail = new ArrayDeque<>();
    String lastLine = "";
    int exit;
    try {
      Files.createDirectories(buildLog.getParent());
      Process build = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
      build.getOutputStream().close();
      try (BufferedReader output = new BufferedReader(
              new InputStreamReader(build.getInputStream(), StandardCharsets.UTF_8));
          Writer log = Files.newBufferedWriter(buildLog, StandardCharsets.UTF_8)) {
        for (String line = output.readLine(); line != null; line = output.readLine()) {
          log.write(line + "\n");
          log.flush();
          if (line.startsWith("[control-plane]")) {
            // A cold build takes many minutes; show progress in the Maven output.
            System.out.println(line);
          }
          tail.addLast(line);
          if (tail.size() > 40) {
            tail.removeFirst();
          }
          lastLine = line;
        }
      }
      exit = build.waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the control plane", e);
    }
    Path bin = Path.of(lastLine.trim());
    if (exit != 0 || !Files.isExecutable(bin.resolve("etcd")) || !Files.isExecutable(bin.resolve("kube-apiserver"))) {
      throw new IllegalStateException("could not build kube-apiserver and etcd for the integration tests (" + script
          + " exited with " + exit + "). They are built from the Go module proxy and need Go on PATH and network "
          + "access to proxy.golang.org. Full log: " + buildLog.toAbsolutePath() + "\nLast lines:\n"
          + String.join("\n", tail));
    }
    return bin;
  }
}
