package io.github.katib4j.internal;

import io.github.katib4j.ExperimentListener;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.Subscription;

/** A subscription that says what it is: which listener, to which experiment, whether it is still open. */
public final class ListenerSubscription implements Subscription {
  private final ExperimentListener listener;
  private final ExperimentRef experiment;
  private final Runnable close;
  private volatile boolean closed;

  /** {@code close} stops the calls; it may run more than once. */
  public ListenerSubscription(ExperimentListener listener, ExperimentRef experiment, Runnable close) {
    this.listener = listener;
    this.experiment = experiment;
    this.close = close;
  }

  @Override
  public void close() {
    closed = true;
    close.run();
  }

  /** {@code Subscription of <listener> to experiment <namespace>/<name> (open)}, or {@code (closed)}. */
  @Override
  public String toString() {
    return "Subscription of " + listener + " to experiment " + experiment + (closed ? " (closed)" : " (open)");
  }
}
