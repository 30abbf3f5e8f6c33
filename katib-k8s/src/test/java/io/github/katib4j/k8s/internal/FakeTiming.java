package io.github.katib4j.k8s.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when slept on, a fixed random value, and a record of every sleep. */
final class FakeTiming implements Timing {
  private long now;
  private final double random;
  final List<Duration> sleeps = new ArrayList<>();

  FakeTiming(double random) {
    this.random = random;
  }

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    now += duration.toNanos();
  }

  @Override
  public double random() {
    return random;
  }
}
