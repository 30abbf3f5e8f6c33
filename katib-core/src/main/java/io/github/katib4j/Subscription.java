package io.github.katib4j;

/** A registered listener; closing it stops the calls. */
public interface Subscription extends AutoCloseable {
  /** Stops calling the listener; idempotent. */
  @Override
  void close();
}
