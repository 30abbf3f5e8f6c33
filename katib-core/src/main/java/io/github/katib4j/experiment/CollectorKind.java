package io.github.katib4j.experiment;

import java.util.Optional;

/** The kind of metrics collector Katib attaches to a trial. */
public enum CollectorKind implements WireValue {
  STD_OUT("StdOut"),
  FILE("File"),
  TENSORFLOW_EVENT("TensorFlowEvent"),
  PROMETHEUS_METRIC("PrometheusMetric"),
  CUSTOM("Custom"),
  PUSH("Push");

  private final String wireName;

  CollectorKind(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The constant spelled {@code wireName} on the wire, if any. */
  public static Optional<CollectorKind> fromWireName(String wireName) {
    return WireValue.lookup(values(), wireName);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
