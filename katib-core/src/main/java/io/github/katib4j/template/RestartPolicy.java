package io.github.katib4j.template;

import io.github.katib4j.experiment.WireValue;
import java.util.Optional;

/** When a trial's pods, or a Kubeflow job's replicas, are restarted. */
public enum RestartPolicy implements WireValue {
  ALWAYS("Always"),
  ON_FAILURE("OnFailure"),
  NEVER("Never"),
  /** Kubeflow training replicas only: restart on retryable exit codes (128 and above). */
  EXIT_CODE("ExitCode");

  private final String wireName;

  RestartPolicy(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The constant spelled {@code wireName} on the wire, if any. */
  public static Optional<RestartPolicy> fromWireName(String wireName) {
    return WireValue.lookup(values(), wireName);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
