package io.github.katib4j.testing;

import java.util.Collections;

/** The "billion laughs": YAML whose aliases make a dozen lines stand for 9^10 values. */
public final class BillionLaughs {
  private BillionLaughs() {}

  /** Ten anchored lists, each of nine aliases to the one before; the first holds nine scalars. */
  public static String yaml() {
    StringBuilder text = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for (int level = 1; level <= 9; level++) {
      text.append("a").append(level).append(": &a").append(level).append(" [")
          .append(String.join(", ", Collections.nCopies(9, "*a" + (level - 1)))).append("]\n");
    }
    return text.toString();
  }
}
