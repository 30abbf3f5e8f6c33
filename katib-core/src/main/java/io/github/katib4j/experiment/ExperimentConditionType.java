package io.github.katib4j.experiment;

import java.util.Optional;

/** The condition types of an Experiment. */
public enum ExperimentConditionType implements WireValue {
  CREATED("Created"),
  RUNNING("Running"),
  RESTARTING("Restarting"),
  SUCCEEDED("Succeeded"),
  FAILED("Failed");

  private final String wireName;

  ExperimentConditionType(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The constant spelled {@code wireName} on the wire, if any. */
  public static Optional<ExperimentConditionType> fromWireName(String wireName) {
    return WireValue.lookup(values(), wireName);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
