package io.github.katib4j.internal.metrics;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Go's {@code strconv.ParseFloat(s, 64)}, which decides what Katib's controller treats as a number: it accepts
 * {@code inf}, {@code nan}, hexadecimal floats and digit-separating underscores, rejects surrounding spaces, and
 * rejects values that overflow a float64 (unlike {@link Double#parseDouble}).
 */
public final class GoFloat {
  private GoFloat() {}

  /** The value of {@code text} as Go reads it, or empty where Go returns an error. */
  public static OptionalDouble parse(String text) {
    if (text.isEmpty()) {
      return OptionalDouble.empty();
    }
    OptionalDouble special = special(text);
    if (special.isPresent()) {
      return special;
    }
    int i = 0;
    boolean negative = false;
    if (text.charAt(0) == '+' || text.charAt(0) == '-') {
      negative = text.charAt(0) == '-';
      i = 1;
    }
    boolean hex = i + 2 < text.length() && text.charAt(i) == '0' && (text.charAt(i + 1) | 0x20) == 'x';
    String body = text.substring(i);
    if (body.indexOf('_') >= 0) {
      if (!underscoresOk(text)) {
        return OptionalDouble.empty();
      }
      body = body.replace("_", "");
    }
    if (!(hex ? isHexFloat(body) : isDecimal(body))) {
      return OptionalDouble.empty();
    }
    double value = Double.parseDouble(body);
    if (Double.isInfinite(value)) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(negative ? -value : value);
  }

  private static OptionalDouble special(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "nan":
        return OptionalDouble.of(Double.NaN);
      case "inf":
      case "+inf":
      case "infinity":
      case "+infinity":
        return OptionalDouble.of(Double.POSITIVE_INFINITY);
      case "-inf":
      case "-infinity":
        return OptionalDouble.of(Double.NEGATIVE_INFINITY);
      default:
        return OptionalDouble.empty();
    }
  }

  /** Digits with at most one point and at least one digit, then an optional exponent. */
  private static boolean isDecimal(String s) {
    int i = 0;
    int digits = 0;
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < s.length() && s.charAt(i) == '.') {
      i++;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < s.length() && (s.charAt(i) | 0x20) == 'e') {
      return isExponent(s, i + 1);
    }
    return i == s.length();
  }

  /** {@code 0x} mantissa with at most one point, then a mandatory {@code p} exponent (Go requires it). */
  private static boolean isHexFloat(String s) {
    int i = 2;
    int digits = 0;
    while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
      i++;
      digits++;
    }
    if (i < s.length() && s.charAt(i) == '.') {
      i++;
      while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
        i++;
        digits++;
      }
    }
    return digits > 0 && i < s.length() && (s.charAt(i) | 0x20) == 'p' && isExponent(s, i + 1);
  }

  private static boolean isExponent(String s, int from) {
    int i = from;
    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    if (i == s.length()) {
      return false;
    }
    for (; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Go's {@code underscoreOK}: an underscore only between digits, or between a base prefix and a digit. */
  private static boolean underscoresOk(String s) {
    char saw = '^';
    int i = 0;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      s = s.substring(1);
    }
    boolean hex = false;
    if (s.length() >= 2 && s.charAt(0) == '0') {
      char base = (char) (s.charAt(1) | 0x20);
      if (base == 'b' || base == 'o' || base == 'x') {
        i = 2;
        saw = '0';
        hex = base == 'x';
      }
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isDigit(c) || hex && Character.digit(c, 16) >= 0) {
        saw = '0';
        continue;
      }
      if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
        continue;
      }
      if (saw == '_') {
        return false;
      }
      saw = '!';
    }
    return saw != '_';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
