package io.github.katib4j.experiment;

import java.util.Optional;

/** The type of a search-space parameter. */
public enum ParameterType implements WireValue {
  DOUBLE("double"),
  INT("int"),
  DISCRETE("discrete"),
  CATEGORICAL("categorical"),
  UNKNOWN("unknown");

  private final String wireName;

  ParameterType(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The constant spelled {@code wireName} on the wire, if any. */
  public static Optional<ParameterType> fromWireName(String wireName) {
    return WireValue.lookup(values(), wireName);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
