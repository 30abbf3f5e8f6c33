package io.github.katib4j.experiment;

import java.util.Optional;

/** What happens to the suggestion service when an experiment completes, and whether it can be restarted. */
public enum ResumePolicy implements WireValue {
  NEVER("Never"),
  LONG_RUNNING("LongRunning"),
  FROM_VOLUME("FromVolume");

  private final String wireName;

  ResumePolicy(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The constant spelled {@code wireName} on the wire, if any. */
  public static Optional<ResumePolicy> fromWireName(String wireName) {
    return WireValue.lookup(values(), wireName);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
