package io.github.katib4j.experiment;

import java.util.Optional;

/** The condition types of a Suggestion. */
public enum SuggestionConditionType implements WireValue {
  CREATED("Created"),
  DEPLOYMENT_READY("DeploymentReady"),
  RUNNING("Running"),
  SUCCEEDED("Succeeded"),
  FAILED("Failed");

  private final String wireName;

  SuggestionConditionType(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The constant spelled {@code wireName} on the wire, if any. */
  public static Optional<SuggestionConditionType> fromWireName(String wireName) {
    return WireValue.lookup(values(), wireName);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
