package io.github.katib4j.internal;

import io.github.katib4j.internal.metrics.GoFloat;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * How Katib's suggestion services read the numbers Katib keeps as strings: Python's {@code int()} and
 * {@code float()} (the hyperopt, Optuna, skopt, hyperband, PBT, NAS and medianstop services) and Go's
 * {@code strconv.Atoi} and {@code strconv.ParseFloat} (goptuna). They differ: Python strips whitespace, Go does not;
 * both allow {@code 1_000} in a float, only Python in an int; Python accepts {@code +nan}, Go does not; Python's
 * {@code int("1.0")} fails.
 */
public final class ForeignNumbers {
  private static final Pattern PY_INT = Pattern.compile("[+-]?\\d+(_\\d+)*");
  private static final Pattern PY_DIGITS = Pattern.compile("\\d+(_\\d+)*");
  private static final Pattern PY_FLOAT = Pattern.compile(
      "[+-]?((DIGITS)(\\.(DIGITS)?)?|\\.(DIGITS))([eE][+-]?(DIGITS))?".replace("DIGITS", PY_DIGITS.pattern()));
  private static final Pattern PY_SPECIAL = Pattern.compile("[+-]?(inf|infinity|nan)");
  private static final Pattern GO_INT = Pattern.compile("[+-]?\\d+");

  private ForeignNumbers() {}

  /** Python's {@code int(text)}, or empty where it raises. */
  public static Optional<BigInteger> pyInt(String text) {
    String s = pyStrip(text);
    if (!PY_INT.matcher(s).matches()) {
      return Optional.empty();
    }
    return Optional.of(new BigInteger(s.replace("_", "").replace("+", "")));
  }

  /** Python's {@code float(text)} (infinities and NaN included), or empty where it raises. */
  public static OptionalDouble pyFloat(String text) {
    String s = pyStrip(text);
    String lower = s.toLowerCase(Locale.ROOT);
    if (PY_SPECIAL.matcher(lower).matches()) {
      boolean negative = lower.startsWith("-");
      if (lower.contains("nan")) {
        return OptionalDouble.of(Double.NaN);
      }
      return OptionalDouble.of(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    if (!PY_FLOAT.matcher(s).matches()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Double.parseDouble(s.replace("_", "")));
  }

  /** Python's {@code int(float(text))}, or empty where it raises (also for infinities and NaN). */
  public static Optional<BigInteger> pyIntOfFloat(String text) {
    OptionalDouble value = pyFloat(text);
    if (value.isEmpty() || Double.isNaN(value.getAsDouble()) || Double.isInfinite(value.getAsDouble())) {
      return Optional.empty();
    }
    return Optional.of(new BigDecimal(value.getAsDouble()).toBigInteger());
  }

  /** Go's {@code strconv.Atoi(text)} on 64-bit platforms, or empty where it returns an error. */
  public static Optional<Long> goAtoi(String text) {
    if (!GO_INT.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(text.startsWith("+") ? text.substring(1) : text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Go's {@code strconv.ParseFloat(text, 64)}, or empty where it returns an error (including overflow). */
  public static OptionalDouble goParseFloat(String text) {
    return GoFloat.parse(text);
  }

  /** Python's {@code str.strip()} without arguments: Unicode whitespace on both ends. */
  private static String pyStrip(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isPyWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && isPyWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  private static boolean isPyWhitespace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || (c >= 0x1c && c <= 0x1f) || c == 0x85;
  }
}
