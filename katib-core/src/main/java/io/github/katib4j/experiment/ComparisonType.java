package io.github.katib4j.experiment;

import java.util.Optional;

/** How an early-stopping rule compares a metric with its threshold. */
public enum ComparisonType implements WireValue {
  EQUAL("equal"),
  LESS("less"),
  GREATER("greater");

  private final String wireName;

  ComparisonType(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The constant spelled {@code wireName} on the wire, if any. */
  public static Optional<ComparisonType> fromWireName(String wireName) {
    return WireValue.lookup(values(), wireName);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
