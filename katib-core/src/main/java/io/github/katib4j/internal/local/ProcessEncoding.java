package io.github.katib4j.internal.local;

import io.github.katib4j.experiment.ParameterAssignment;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The character set this JVM passes a process's arguments, environment and working directory in, and the check that
 * a trial's can be: a character it lacks reaches the process as {@code ?}, silently, so a program would run with
 * another value than the one the journal records. Java 17 encodes them in the default charset ({@code
 * file.encoding}), Java 18 and later in {@code sun.jnu.encoding}; both follow the locale ({@code LC_ALL}, {@code
 * LC_CTYPE}, {@code LANG}), and {@code LANG=C}, common in containers, cron and CI, gives ASCII. One per run; the check
 * is on every process trial's path, so ASCII text (the common case) costs a scan of its characters and nothing more.
 */
final class ProcessEncoding {
  private final Charset charset;
  private final CharsetEncoder encoder;

  ProcessEncoding(Charset charset) {
    this.charset = charset;
    this.encoder = charset.newEncoder();
  }

  /** The character set this JVM gives processes their arguments, environment and working directory in. */
  static ProcessEncoding ofThisJvm() {
    if (Runtime.version().feature() < 18) {
      return new ProcessEncoding(Charset.defaultCharset());
    }
    try {
      return new ProcessEncoding(Charset.forName(System.getProperty("sun.jnu.encoding")));
    } catch (RuntimeException e) {
      return new ProcessEncoding(Charset.defaultCharset());
    }
  }

  /**
   * Refuses a process whose {@code command}, {@code environment} values or {@code workingDirectory} hold a character
   * this JVM cannot pass to it.
   *
   * @throws MachineLimits.Reached naming the value, the parameter it comes from if any, the character set and the fix
   */
  void check(List<String> command, Map<String, String> environment, Path workingDirectory,
      List<ParameterAssignment> assignments) {
    for (int i = 0; i < command.size(); i++) {
      check(command.get(i), i == 0 ? "the program " : "the argument ", assignments);
    }
    for (Map.Entry<String, String> variable : environment.entrySet()) {
      check(variable.getKey(), "the name of environment variable ", assignments);
      check(variable.getValue(), "environment variable " + variable.getKey() + "'s value ", assignments);
    }
    check(workingDirectory.toString(), "the working directory ", assignments);
  }

  private void check(String text, String what, List<ParameterAssignment> assignments) {
    if (isAscii(text)) {
      return;
    }
    int bad = unencodable(text);
    if (bad < 0) {
      return;
    }
    String from = "";
    for (ParameterAssignment assignment : assignments) {
      String value = assignment.value();
      if (value != null && unencodable(value) >= 0 && text.contains(value)) {
        from = "the value \"" + value + "\" of parameter " + assignment.name() + ", in ";
        break;
      }
    }
    int codePoint = text.codePointAt(bad);
    throw new MachineLimits.Reached(from + what + "\"" + text + "\" cannot be passed to a process: this JVM passes a"
        + " process's arguments, environment and working directory in " + charset.name() + ", the character set of"
        + " its locale (" + locale() + "), which has no \"" + new String(Character.toChars(codePoint)) + "\" ("
        + String.format("U+%04X", codePoint) + "); the process would get \"?\" in its place. Run the engine with a"
        + " UTF-8 locale: LC_ALL=C.UTF-8 (or LANG=C.UTF-8 when LC_ALL and LC_CTYPE are not set)", null);
  }

  private static boolean isAscii(String text) {
    for (int i = 0, n = text.length(); i < n; i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** The index of the first character of {@code text} this charset cannot encode, or -1. */
  private int unencodable(String text) {
    synchronized (encoder) {
      if (encoder.reset().canEncode(text)) {
        return -1;
      }
      for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
        int end = i + Character.charCount(text.codePointAt(i));
        if (!encoder.reset().canEncode(text.subSequence(i, end))) {
          return i;
        }
      }
      return 0;
    }
  }

  /** {@code LC_ALL=C, LANG=C}: the variables the locale comes from, as set; "no locale set" when none is. */
  static String locale() {
    StringBuilder set = new StringBuilder();
    for (String name : List.of("LC_ALL", "LC_CTYPE", "LANG")) {
      String value = System.getenv(name);
      if (value != null && !value.isEmpty()) {
        set.append(set.length() == 0 ? "" : ", ").append(name).append('=').append(value);
      }
    }
    return set.length() == 0 ? "no LC_ALL, LC_CTYPE or LANG set, which is the C locale" : set.toString();
  }
}
