package io.github.katib4j.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.Subscription;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress line on a terminal, with a real engine and real time. */
class ProgressPrinterTest {
  @TempDir
  Path dir;

  @Test
  void lineOnATerminal_isDrawnAgainEachSecond_duringALongTrial_andNotAfterTheEnd() throws Exception {
    StringWriter terminal = new StringWriter();
    ProgressPrinter printer = ProgressPrinter.rewriting(new PrintWriter(terminal));
    CountDownLatch release = new CountDownLatch(1);
    try (LocalKatib katib = LocalKatib.builder().directory(dir).seed(3).notes(printer.messages()).build()) {
      ExperimentRef ref = ExperimentRef.of(katib.create(LocalKatibTest.quadratic("long").parallelTrialCount(1)
          .maxTrialCount(1).build(), trial -> {
            release.await(60, TimeUnit.SECONDS);
            return LocalKatibTest.loss(trial);
          }));
      try (Subscription watch = katib.watch(ref, printer)) {
        // No event comes while the trial runs.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!terminal.toString().contains("| 00:00:02") && System.nanoTime() < until) {
          Thread.sleep(50);
        }
        release.countDown();
        katib.awaitTrials(ref, Duration.ofSeconds(60));
      }
      assertThat(terminal.toString()).as("the line while the trial ran").contains("\rlong: 0/1 trials done, 1 running,"
          + " 0 failed | 00:00:01").contains("\rlong: 0/1 trials done, 1 running, 0 failed | 00:00:02");
      printer.end();
    }
    String ended = terminal.toString();
    Thread.sleep(1500);

    assertThat(terminal.toString()).as("written after end()").isEqualTo(ended);
  }

  @Test
  void lines_notOnATerminal_areWrittenOnlyForEvents() throws Exception {
    StringWriter log = new StringWriter();
    ProgressPrinter printer = ProgressPrinter.lines(new PrintWriter(log));
    CountDownLatch release = new CountDownLatch(1);
    try (LocalKatib katib = LocalKatib.builder().directory(dir).seed(3).notes(printer.messages()).build()) {
      ExperimentRef ref = ExperimentRef.of(katib.create(LocalKatibTest.quadratic("logged").parallelTrialCount(1)
          .maxTrialCount(1).build(), trial -> {
            release.await(60, TimeUnit.SECONDS);
            return LocalKatibTest.loss(trial);
          }));
      try (Subscription watch = katib.watch(ref, printer)) {
        Thread.sleep(200);
        String before = log.toString();
        Thread.sleep(1500);
        assertThat(log.toString()).as("written while the trial ran").isEqualTo(before);
        release.countDown();
        katib.awaitTrials(ref, Duration.ofSeconds(60));
      }
      printer.end();
    }
  }
}
