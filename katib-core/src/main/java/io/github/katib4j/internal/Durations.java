package io.github.katib4j.internal;

import java.time.Duration;
import java.util.StringJoiner;

/** Durations in messages as people write them ({@code 500ms}, {@code 30s}, {@code 1h 30m}, {@code 7d}), not ISO. */
public final class Durations {
  private Durations() {}

  public static String text(Duration duration) {
    if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
      return duration.toMillis() + "ms";
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
