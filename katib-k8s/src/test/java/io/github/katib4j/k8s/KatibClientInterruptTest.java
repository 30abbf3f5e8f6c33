package io.github.katib4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.k8s.testing.Kubeconfigs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads interrupted while OkHttp connects, which makes OkHttp throw an undeclared InterruptedException: against a
 * listening socket whose accept queue is full, so that a connect hangs (the kernel drops the SYN), as to an API
 * server that does not answer.
 */
class KatibClientInterruptTest {
  @TempDir
  Path dir;

  private ServerSocket full;
  private final List<Socket> queued = new ArrayList<>();
  private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
  private Thread.UncaughtExceptionHandler before;

  @BeforeEach
  void fillAnAcceptQueue() throws Exception {
    full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    for (int i = 0; i < 3; i++) {
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 300);
        queued.add(socket);
      } catch (java.io.IOException e) {
        socket.close();
        break;
      }
    }
    before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
  }

  @AfterEach
  void release() throws Exception {
    Thread.setDefaultUncaughtExceptionHandler(before);
    for (Socket socket : queued) {
      socket.close();
    }
    full.close();
  }

  private KatibClient client() throws Exception {
    Path kubeconfig = Kubeconfigs.unchecked(dir, "https://127.0.0.1:" + full.getLocalPort());
    return KatibClient.builder().kubeconfig(kubeconfig).build();
  }

  @Test
  void close_whileAWatchConnects_endsItQuietly() throws Exception {
    KatibClient client = client();
    CompletableFuture<?> waiting = CompletableFuture.runAsync(() ->
        client.awaitCompletion(ExperimentRef.of("team-a", "hung"), Duration.ofSeconds(60)));
    Thread.sleep(1000);

    client.close();

    assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(KatibException.class);
    Thread.sleep(1000);
    assertThat(uncaught).as("exceptions that escaped the client's threads").isEmpty();
  }

  @Test
  void get_threadInterruptedWhileConnecting_throwsKatibExceptionAndKeepsTheInterrupt() throws Exception {
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    List<Throwable> thrown = new CopyOnWriteArrayList<>();
    try (KatibClient client = client()) {
      Thread caller = new Thread(() -> {
        try {
          client.get(ExperimentRef.of("team-a", "hung"));
        } catch (Throwable e) {
          thrown.add(e);
          stillInterrupted.set(Thread.currentThread().isInterrupted());
        }
      });
      caller.start();
      Thread.sleep(1000);
      caller.interrupt();
      caller.join(5000);
    }

    assertThat(thrown).singleElement().isInstanceOfSatisfying(KatibException.class, e ->
        assertThat(e).hasMessageContaining("interrupted while waiting for the API server"));
    assertThat(stillInterrupted).isTrue();
  }
}
