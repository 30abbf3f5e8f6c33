package io.github.katib4j.internal;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Commands printed for the user to paste into a POSIX shell (how to go on with an experiment, how to fix a trial's
 * program): a path with a space, a quote or a {@code $} in it must reach the command as one word, unchanged.
 */
public final class ShellWords {
  /** Words a shell passes on as they are: nothing in them splits, expands, quotes or redirects. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  private ShellWords() {}

  /**
   * {@code word} as a shell reads it back: unchanged when plain, else in single quotes, within which only the quote
   * itself needs care ({@code '\''} ends the quoting, adds a quote, and starts it again).
   */
  public static String quote(String word) {
    return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }

  /** The command line that runs {@code words}, each quoted as needed. */
  public static String join(List<String> words) {
    return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
  }
}
