package io.github.katib4j.k8s.internal;

import java.time.Duration;

/** Durations for people: {@code 1h 5m}, {@code 30s}, {@code 250ms}. */
public final class Durations {
  private Durations() {}

  public static String format(Duration duration) {
    if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
      return duration.toMillis() + "ms";
    }
    long seconds = duration.getSeconds();
    StringBuilder out = new StringBuilder();
    if (seconds >= 3600) {
      out.append(seconds / 3600).append("h ");
    }
    if (seconds % 3600 >= 60) {
      out.append(seconds % 3600 / 60).append("m ");
    }
    if (seconds % 60 != 0 || out.length() == 0) {
      out.append(seconds % 60).append("s ");
    }
    return out.toString().trim();
  }
}
