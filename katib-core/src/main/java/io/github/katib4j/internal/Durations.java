package io.github.katib4j.internal;

import io.github.katib4j.KatibException;
import java.time.Duration;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Durations in messages as people write them ({@code 500ms}, {@code 30s}, {@code 1h 30m}, {@code 7d}), not ISO; and
 * durations as counts that cannot overflow.
 */
public final class Durations {
  private Durations() {}

  /**
   * {@code duration} in nanoseconds, {@link Long#MAX_VALUE} (about 292 years, as good as unbounded) for any longer one
   * such as {@code ChronoUnit.FOREVER.getDuration()}, and {@link Long#MIN_VALUE} for any more negative one.
   */
  public static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** {@code duration} in milliseconds, saturated as {@link #saturatedNanos} is. */
  public static long saturatedMillis(Duration duration) {
    try {
      return duration.toMillis();
    } catch (ArithmeticException e) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * {@code timeout}, refused when negative, for a wait of {@code waiter} ({@code "the wait for experiment x to
   * complete"}): a negative timeout is a mistake in the caller's arithmetic, where timing out at once would hide it.
   */
  public static Duration waitTimeout(Duration timeout, String waiter) {
    if (Objects.requireNonNull(timeout, "timeout").isNegative()) {
      throw new KatibException("The timeout of " + waiter + " must not be negative, found " + timeout
          + "; pass Duration.ZERO to look once without waiting");
    }
    return timeout;
  }

  public static String text(Duration duration) {
    if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
      return saturatedMillis(duration) + "ms";
    }
    StringJoiner parts = new StringJoiner(" ");
    long[] amounts = {
      duration.toDaysPart(), duration.toHoursPart(), duration.toMinutesPart(), duration.toSecondsPart()
    };
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < amounts.length; i++) {
      if (amounts[i] > 0) {
        parts.add(amounts[i] + units[i]);
      }
    }
    return parts.toString();
  }
}
