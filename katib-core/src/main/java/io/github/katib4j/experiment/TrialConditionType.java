package io.github.katib4j.experiment;

import java.util.Optional;

/** The condition types of a Trial. */
public enum TrialConditionType implements WireValue {
  CREATED("Created"),
  RUNNING("Running"),
  SUCCEEDED("Succeeded"),
  KILLED("Killed"),
  FAILED("Failed"),
  METRICS_UNAVAILABLE("MetricsUnavailable"),
  EARLY_STOPPED("EarlyStopped");

  private final String wireName;

  TrialConditionType(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The constant spelled {@code wireName} on the wire, if any. */
  public static Optional<TrialConditionType> fromWireName(String wireName) {
    return WireValue.lookup(values(), wireName);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
