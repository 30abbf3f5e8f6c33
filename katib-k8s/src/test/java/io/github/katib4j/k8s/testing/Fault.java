package io.github.katib4j.k8s.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the {@link FaultProxy} does to requests that match a predicate, for how many of them.
 *
 * <pre>{@code
 * proxy.inject(Fault.when(r -> r.method().equals("POST")).times(2).respond(429, Duration.ofSeconds(1)));
 * proxy.inject(Fault.when(RecordedRequest::isWatch).dropAfter(Duration.ofMillis(500)));
 * proxy.inject(Fault.when(r -> true).always().stall(Duration.ofSeconds(30)));
 * proxy.inject(Fault.when(r -> r.method().equals("POST")).loseResponse());
 * }</pre>
 */
public final class Fault {
  enum Action { RESPOND, DROP, DROP_AFTER, STALL, LOSE_RESPONSE }

  /** Count meaning "every matching request". */
  static final int ALWAYS = -1;

  private final Predicate<RecordedRequest> matcher;
  private final int times;
  private final Action action;
  private final int status;
  private final Duration delay;

  private Fault(Predicate<RecordedRequest> matcher, int times, Action action, int status, Duration delay) {
    this.matcher = matcher;
    this.times = times;
    this.action = action;
    this.status = status;
    this.delay = delay;
  }

  /** Starts a fault for requests that match {@code matcher}; it applies once unless {@link Builder#times} says more. */
  public static Builder when(Predicate<RecordedRequest> matcher) {
    return new Builder(Objects.requireNonNull(matcher, "matcher"));
  }

  Predicate<RecordedRequest> matcher() {
    return matcher;
  }

  int times() {
    return times;
  }

  Action action() {
    return action;
  }

  int status() {
    return status;
  }

  /** Retry-After for RESPOND (null when absent), the wait for STALL and DROP_AFTER. */
  Duration delay() {
    return delay;
  }

  @Override
  public String toString() {
    switch (action) {
      case RESPOND:
        return "respond " + status + (delay == null ? "" : " Retry-After " + delay.toSeconds() + "s");
      case DROP:
        return "drop";
      case DROP_AFTER:
        return "drop after " + delay.toMillis() + "ms";
      case STALL:
        return "stall " + delay.toMillis() + "ms";
      case LOSE_RESPONSE:
        return "lose response";
      default:
        throw new AssertionError(action);
    }
  }

  /** Chooses how many matching requests the fault applies to and what it does to them. */
  public static final class Builder {
    private final Predicate<RecordedRequest> matcher;
    private int times = 1;

    private Builder(Predicate<RecordedRequest> matcher) {
      this.matcher = matcher;
    }

    /** Applies the fault to the next {@code count} matching requests, then lets them through. */
    public Builder times(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("count must be at least 1, was " + count);
      }
      this.times = count;
      return this;
    }

    /** Applies the fault to every matching request until it is cancelled. */
    public Builder always() {
      this.times = ALWAYS;
      return this;
    }

    /** Answers with {@code status} and a Kubernetes Status body instead of forwarding. */
    public Fault respond(int status) {
      return build(Action.RESPOND, checkStatus(status), null);
    }

    /** Answers with {@code status}, a {@code Retry-After} header in whole seconds and a Kubernetes Status body. */
    public Fault respond(int status, Duration retryAfter) {
      return build(Action.RESPOND, checkStatus(status), Objects.requireNonNull(retryAfter, "retryAfter"));
    }

    /** Closes the connection (TCP reset) after reading the request, before any response. */
    public Fault drop() {
      return build(Action.DROP, 0, null);
    }

    /** Forwards the request and resets the connection {@code delay} later, cutting a watch or slow response. */
    public Fault dropAfter(Duration delay) {
      return build(Action.DROP_AFTER, 0, delay);
    }

    /**
     * Forwards the request and lets the API server answer in full, then resets the client's connection instead of
     * passing the answer on: the request took effect, but the client cannot know.
     */
    public Fault loseResponse() {
      return build(Action.LOSE_RESPONSE, 0, null);
    }

    /** Holds the request for {@code delay} (or until the client gives up), then forwards it. */
    public Fault stall(Duration delay) {
      return build(Action.STALL, 0, delay);
    }

    private Fault build(Action action, int status, Duration delay) {
      if (delay != null && delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative, was " + delay);
      }
      return new Fault(matcher, times, action, status, delay);
    }

    private static int checkStatus(int status) {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("status must be an HTTP error (400-599), was " + status);
      }
      return status;
    }
  }
}
