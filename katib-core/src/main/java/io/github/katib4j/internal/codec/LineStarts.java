package io.github.katib4j.internal.codec;

import java.util.ArrayList;
import java.util.List;

/** Where each line of a text starts, to turn an offset into a line and a column (lines counted from 0 here). */
final class LineStarts {
  private final int[] starts;

  LineStarts(String text) {
    List<Integer> found = new ArrayList<>(List.of(0));
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        found.add(i + 1);
      }
    }
    starts = found.stream().mapToInt(Integer::intValue).toArray();
  }

  int count() {
    return starts.length;
  }

  /** The offset at which line {@code line} starts. */
  int start(int line) {
    return starts[line];
  }

  /** The line holding {@code offset}. */
  int lineOf(int offset) {
    int line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= offset) {
      line++;
    }
    return line;
  }
}
