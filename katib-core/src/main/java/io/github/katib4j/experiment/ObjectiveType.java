package io.github.katib4j.experiment;

import java.util.Optional;

/** Whether the objective metric is minimized or maximized. */
public enum ObjectiveType implements WireValue {
  MINIMIZE("minimize"),
  MAXIMIZE("maximize");

  private final String wireName;

  ObjectiveType(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The constant spelled {@code wireName} on the wire, if any. */
  public static Optional<ObjectiveType> fromWireName(String wireName) {
    return WireValue.lookup(values(), wireName);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
