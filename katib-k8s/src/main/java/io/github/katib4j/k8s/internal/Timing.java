package io.github.katib4j.k8s.internal;

import io.github.katib4j.internal.Durations;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The clock, sleeps and randomness the retry and watch logic use; tests replace it to run in zero real time. */
public interface Timing {
  /** The real clock, {@link Thread#sleep} and a thread-local random source. */
  Timing SYSTEM = new Timing() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      if (!duration.isZero() && !duration.isNegative()) {
        // Saturated: a sleep of centuries sleeps as long as Thread.sleep can, not an ArithmeticException.
        Thread.sleep(Durations.saturatedMillis(duration), duration.toNanosPart() % 1_000_000);
      }
    }

    @Override
    public double random() {
      return ThreadLocalRandom.current().nextDouble();
    }
  };

  long nanoTime();

  void sleep(Duration duration) throws InterruptedException;

  /** A uniformly distributed value in [0, 1). */
  double random();
}
