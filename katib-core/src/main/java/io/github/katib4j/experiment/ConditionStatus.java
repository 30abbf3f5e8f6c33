package io.github.katib4j.experiment;

import java.util.Optional;

/** The status of a condition. */
public enum ConditionStatus implements WireValue {
  TRUE("True"),
  FALSE("False"),
  UNKNOWN("Unknown");

  private final String wireName;

  ConditionStatus(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The constant spelled {@code wireName} on the wire, if any. */
  public static Optional<ConditionStatus> fromWireName(String wireName) {
    return WireValue.lookup(values(), wireName);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
