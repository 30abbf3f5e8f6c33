package io.github.katib4j.k8s.internal;

import io.github.katib4j.internal.Durations;
import io.github.katib4j.k8s.RetryPolicy;
import java.time.Duration;

/**
 * Exponential backoff with full jitter: the wait before retry {@code n} (0-based) is uniform in
 * {@code [0, min(max, initial * 2^n)]}, so clients that failed together do not retry together.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final Timing timing;

  public Backoff(RetryPolicy policy, Timing timing) {
    this.initial = policy.initialBackoff();
    this.max = policy.maxBackoff();
    this.timing = timing;
  }

  /** The cap for retry {@code n}: {@code min(max, initial * 2^n)}. */
  public Duration cap(int retry) {
    // Past 2^20 the doubling has long passed any sensible maximum; stop before the multiplication overflows.
    if (retry >= 20) {
      return max;
    }
    Duration doubled;
    try {
      doubled = initial.multipliedBy(1L << retry);
    } catch (ArithmeticException e) {
      // Past what a Duration holds, so past max too.
      return max;
    }
    return doubled.compareTo(max) > 0 ? max : doubled;
  }

  /** A jittered wait for retry {@code n}. */
  public Duration delay(int retry) {
    return Duration.ofNanos((long) (Durations.saturatedNanos(cap(retry)) * timing.random()));
  }
}
