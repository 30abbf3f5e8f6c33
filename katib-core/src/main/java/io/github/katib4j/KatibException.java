package io.github.katib4j;

/**
 * The root of every exception katib4j throws. All are unchecked; each message names the object, what was expected,
 * what was found, and how to fix it.
 *
 * <p>One exception to the rule, Java's own convention: a {@code null} argument where none is allowed throws
 * {@link NullPointerException} at once, its message naming the parameter (as {@code Objects.requireNonNull(x, "x")}
 * does). Values' builders follow it too; a builder built without a required attribute throws
 * {@link KatibValidationException}.
 */
public class KatibException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KatibException(String message) {
    super(message);
  }

  public KatibException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether repeating the same call may succeed (a timeout or an overloaded server, say); false by default. */
  public boolean retryable() {
    return false;
  }
}
