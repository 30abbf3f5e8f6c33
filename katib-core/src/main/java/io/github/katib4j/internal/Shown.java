package io.github.katib4j.internal;

import com.google.gson.JsonPrimitive;
import io.github.katib4j.internal.codec.JsonTrees;

/** A user's text as a message shows it. */
public final class Shown {
  private static final int LONGEST = 60;

  private Shown() {}

  /**
   * {@code text} as a JSON string: in double quotes, with quotes, backslashes and control characters escaped, and
   * cut to its first 57 characters and {@code ...} when longer than 60, so a message stays one readable line.
   */
  public static String value(String text) {
    String shown = text.length() > LONGEST ? text.substring(0, LONGEST - 3) + "..." : text;
    return JsonTrees.compact(new JsonPrimitive(shown));
  }
}
