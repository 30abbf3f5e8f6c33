package io.github.katib4j;

import io.github.katib4j.experiment.Experiment;
import java.time.Duration;
import java.util.Optional;

/** A wait ran out of time; says what was last seen. */
public class KatibTimeoutException extends KatibException {
  private static final long serialVersionUID = 1L;

  private final transient Experiment lastSeen;
  private final Duration timeout;

  public KatibTimeoutException(String message, Experiment lastSeen, Duration timeout) {
    super(message);
    this.lastSeen = lastSeen;
    this.timeout = timeout;
  }

  /** The experiment as last seen before the time ran out, if it was seen at all. */
  public Optional<Experiment> lastSeen() {
    return Optional.ofNullable(lastSeen);
  }

  public Duration timeout() {
    return timeout;
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
