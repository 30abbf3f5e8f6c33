package io.github.katib4j.experiment;

import java.util.Optional;

/** How a metric's series of reported values is reduced to the one value Katib compares. */
public enum MetricStrategyType implements WireValue {
  MIN("min"),
  MAX("max"),
  LATEST("latest");

  private final String wireName;

  MetricStrategyType(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The constant spelled {@code wireName} on the wire, if any. */
  public static Optional<MetricStrategyType> fromWireName(String wireName) {
    return WireValue.lookup(values(), wireName);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
