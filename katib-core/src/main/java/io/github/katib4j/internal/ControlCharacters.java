package io.github.katib4j.internal;

/**
 * Makes text safe to show on a terminal: a trial's output or a user's value quoted in a note or message could
 * otherwise move the cursor, clear the screen, ring the bell or cut the line (ESC, BEL, CR, NUL...). Escapes are
 * written as JSON writes them ({@code \n}, {@code \r}, {@code \t}, {@code \u001b}), as values in messages are quoted.
 */
public final class ControlCharacters {
  private ControlCharacters() {}

  /** {@code text} with every control character but tab escaped (C0, DEL and C1); everything else as it is. */
  public static String escape(String text) {
    return escape(text, false);
  }

  /** {@code text} as one line: {@link #escape} that also escapes tab and the Unicode line and paragraph separators. */
  public static String oneLine(String text) {
    return escape(text, true);
  }

  private static String escape(String text, boolean oneLine) {
    int i = 0;
    while (i < text.length() && !isEscaped(text.charAt(i), oneLine)) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isEscaped(c, oneLine)) {
        out.append(c);
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  private static boolean isEscaped(char c, boolean oneLine) {
    if (c == '\t') {
      return oneLine;
    }
    return Character.isISOControl(c) || (oneLine && (c == '\u2028' || c == '\u2029'));
  }
}
