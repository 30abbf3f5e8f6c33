package io.github.katib4j.experiment;

import java.util.Optional;

/** How an algorithm samples a numeric parameter. Which algorithms honour it differs (see each algorithm's documentation). */
public enum Distribution implements WireValue {
  UNIFORM("uniform"),
  LOG_UNIFORM("logUniform"),
  NORMAL("normal"),
  LOG_NORMAL("logNormal"),
  UNKNOWN("unknown");

  private final String wireName;

  Distribution(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The constant spelled {@code wireName} on the wire, if any. */
  public static Optional<Distribution> fromWireName(String wireName) {
    return WireValue.lookup(values(), wireName);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
