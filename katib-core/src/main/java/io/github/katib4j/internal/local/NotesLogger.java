package io.github.katib4j.internal.local;

import java.lang.System.Logger.Level;

/**
 * The {@code System.Logger} {@value #NAME} the engine's notes go to. A record to it names that logger as its source:
 * through java.util.logging, the JDK's default backend, a record's source is otherwise the internal class and method
 * that called the logger, which its default format shows ({@code io.github.katib4j.internal.local.LocalEngine say}).
 */
final class NotesLogger {
  static final String NAME = "io.github.katib4j.local";
  private static final System.Logger LOG = System.getLogger(NAME);
  /** Whether the logger is the JDK's own bridge to java.util.logging (no other LoggerFinder is installed). */
  private static final boolean JUL = LOG.getClass().getName()
      .equals("sun.util.logging.internal.LoggingProviderImpl$JULWrapper");

  private NotesLogger() {}

  static void log(Level level, String text, Throwable cause) {
    if (!LOG.isLoggable(level)) {
      return;
    }
    if (JUL) {
      Jul.log(level, text, cause);
    } else {
      LOG.log(level, text, cause);
    }
  }

  /** Loaded only where java.util.logging is the backend, so also where the module java.logging is present. */
  private static final class Jul {
    private static final java.util.logging.Logger LOGGER = java.util.logging.Logger.getLogger(NAME);

    static void log(Level level, String text, Throwable cause) {
      // No source class or method: java.util.logging then shows the logger's name in their place.
      LOGGER.logp(julLevel(level), null, null, text, cause);
    }

    private static java.util.logging.Level julLevel(Level level) {
      switch (level) {
        case ALL:
          return java.util.logging.Level.ALL;
        case TRACE:
          return java.util.logging.Level.FINER;
        case DEBUG:
          return java.util.logging.Level.FINE;
        case INFO:
          return java.util.logging.Level.INFO;
        case WARNING:
          return java.util.logging.Level.WARNING;
        case ERROR:
          return java.util.logging.Level.SEVERE;
        default:
          return java.util.logging.Level.OFF;
      }
    }
  }
}
