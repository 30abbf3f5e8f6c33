package io.github.katib4j.k8s;

import io.github.katib4j.KatibException;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link KatibClient} retries: requests that got 429 (waiting as long as {@code Retry-After} says), and reads,
 * deletes and preconditioned patches that got a 5xx or no response, up to {@link #maxAttempts()} attempts with
 * exponential backoff and full jitter between {@link #initialBackoff()} and {@link #maxBackoff()}. Watches reconnect
 * with the same backoff for as long as they are needed.
 *
 * <pre>{@code
 * RetryPolicy.defaults().withMaxAttempts(5).withMaxBackoff(Duration.ofSeconds(10))
 * }</pre>
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = new RetryPolicy(10, Duration.ofMillis(800), Duration.ofSeconds(30));

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    if (maxAttempts < 1) {
      throw new KatibException("RetryPolicy.maxAttempts counts the first attempt, so it must be at least 1; found "
          + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new KatibException("RetryPolicy needs 0 <= initialBackoff <= maxBackoff; found initialBackoff "
          + initialBackoff + " and maxBackoff " + maxBackoff);
    }
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
  }

  /** 10 attempts, backoff from 0.8 s doubling up to 30 s, as client-go's reflector does. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** One attempt: failures surface at once (watches still reconnect). */
  public static RetryPolicy none() {
    return DEFAULTS.withMaxAttempts(1);
  }

  public RetryPolicy withMaxAttempts(int maxAttempts) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff);
  }

  public RetryPolicy withInitialBackoff(Duration initialBackoff) {
    return new RetryPolicy(maxAttempts, Objects.requireNonNull(initialBackoff, "initialBackoff"), maxBackoff);
  }

  public RetryPolicy withMaxBackoff(Duration maxBackoff) {
    return new RetryPolicy(maxAttempts, initialBackoff, Objects.requireNonNull(maxBackoff, "maxBackoff"));
  }

  /** Attempts per request, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The cap on the first wait; each later cap doubles. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** The cap on any wait chosen by backoff (a server's {@code Retry-After} is honoured as given). */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetryPolicy && ((RetryPolicy) o).maxAttempts == maxAttempts
        && ((RetryPolicy) o).initialBackoff.equals(initialBackoff) && ((RetryPolicy) o).maxBackoff.equals(maxBackoff);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, initialBackoff, maxBackoff);
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
        + maxBackoff + "}";
  }
}
