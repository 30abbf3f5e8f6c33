package io.github.katib4j.internal.local;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which failures of an experiment's trial functions the engine's notes show: the first of each kind in full, the rest
 * only counted. A function with a typo fails every trial the same way, and 10,000 identical lines would hide the one
 * that says why; a kind is the exception's class and the line of the user's code it came from, so that a second,
 * different mistake is still shown. Trials finish on several threads at once, hence the locks.
 */
final class FailureNotes {
  /** Kinds noted in full at most: past that, the notes would flood all the same. */
  static final int KINDS = 5;
  private final Set<String> noted = new HashSet<>();
  private int unnoted;

  /** Whether this failure is the first of its kind (noted in full); else it is counted for {@link #summary()}. */
  synchronized boolean firstOfItsKind(Throwable failure) {
    if (noted.size() < KINDS && noted.add(kind(failure))) {
      return true;
    }
    unnoted++;
    return false;
  }

  /** The note on the failures not noted one by one since the last summary, if any. */
  synchronized Optional<String> summary() {
    if (unnoted == 0) {
      return Optional.empty();
    }
    String text = unnoted + " more trial" + (unnoted == 1 ? "" : "s") + " failed like the one" + (noted.size() == 1
        ? "" : "s") + " noted above (not noted one by one); each trial's exception.txt holds its stack trace";
    unnoted = 0;
    return Optional.of(text);
  }

  /** The exception's class and the first frame outside katib4j: where the user's code went wrong. */
  private static String kind(Throwable failure) {
    StackTraceElement[] frames = failure.getStackTrace();
    StackTraceElement at = frames.length == 0 ? null : frames[0];
    for (StackTraceElement frame : frames) {
      if (!frame.getClassName().startsWith("io.github.katib4j.")) {
        at = frame;
        break;
      }
    }
    return failure.getClass().getName() + " at " + at;
  }
}
