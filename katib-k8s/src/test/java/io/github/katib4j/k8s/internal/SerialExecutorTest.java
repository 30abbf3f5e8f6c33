package io.github.katib4j.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
  @Test
  void execute_onAManyThreadedPool_runsOneTaskAtATimeInSubmissionOrder() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    SerialExecutor serial = new SerialExecutor(pool);
    List<Integer> order = new ArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(500);

    for (int i = 0; i < 500; i++) {
      int n = i;
      serial.execute(() -> {
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        order.add(n);
        running.decrementAndGet();
        done.countDown();
      });
    }

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    pool.shutdown();
    assertThat(maxRunning.get()).isEqualTo(1);
    assertThat(order).hasSize(500).isSorted();
  }

  @Test
  void execute_aTaskThatThrows_stopsNoLaterTask_andItsThreadSeesTheThrowable() throws Exception {
    List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable);
      thread.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
      return thread;
    });
    SerialExecutor serial = new SerialExecutor(pool);
    List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    AssertionError failure = new AssertionError("a listener's assertion");

    serial.execute(() -> order.add(1));
    serial.execute(() -> {
      throw failure;
    });
    serial.execute(() -> order.add(3));
    serial.execute(done::countDown);

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    pool.shutdown();
    assertThat(order).containsExactly(1, 3);
    assertThat(uncaught).containsExactly(failure);
  }
}
