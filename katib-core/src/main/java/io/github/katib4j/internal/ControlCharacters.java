package io.github.katib4j.internal;

/**
 * Makes text a program wrote safe to show on a terminal: a trial's output quoted in a note or message could otherwise
 * move the cursor, clear the screen, ring the bell or cut the line (ESC, BEL, CR, NUL...).
 */
public final class ControlCharacters {
  private ControlCharacters() {}

  /**
   * {@code text} with every control character but tab written as an escape: {@code \r}, {@code \n}, {@code \x1b}
   * for the other C0 controls and DEL, and a backslash, {@code u} and four hex digits for C1 controls (U+0080 to
   * U+009F); everything else as it is.
   */
  public static String escape(String text) {
    int i = 0;
    while (i < text.length() && !isEscaped(text.charAt(i))) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isEscaped(c)) {
        out.append(c);
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c < 0x80) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  private static boolean isEscaped(char c) {
    return Character.isISOControl(c) && c != '\t';
  }
}
