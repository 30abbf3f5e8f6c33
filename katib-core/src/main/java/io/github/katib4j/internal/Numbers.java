package io.github.katib4j.internal;

import io.github.katib4j.KatibException;
import java.math.BigDecimal;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/** Katib keeps numbers as strings; this is the one place that turns Java numbers into that text and back. */
public final class Numbers {
  /** What Go's strconv.ParseFloat and Python's float() both accept, without the special values. */
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

  private Numbers() {}

  /**
   * Plain decimal text without exponent or trailing zeros, as a person would write it: {@code 0.01}, {@code 5},
   * {@code 0.0001}. Both Katib's Go webhook and its Python suggestion services parse it.
   */
  public static String format(double value) {
    return format(value, "a number");
  }

  /**
   * As {@link #format(double)}; {@code what} names the value for the message when it is NaN or infinite, which Katib's
   * decimal text cannot hold.
   *
   * @throws KatibException for NaN or an infinity
   */
  public static String format(double value, String what) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new KatibException(what + " is " + value + ", which Katib cannot represent: it keeps numbers as decimal"
          + " text, which has no NaN or infinity; use a finite number");
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    // BigDecimal.valueOf starts from this text, which for a number that is not whole has no trailing zero: without an
    // exponent it is already the answer, at a fraction of the cost (every sampled value comes through here).
    String text = Double.toString(value);
    if (text.indexOf('E') < 0) {
      return text;
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** The value of decimal text, or empty when it is not a finite decimal number. */
  public static OptionalDouble parseDouble(String text) {
    if (text == null || !DECIMAL.matcher(text.trim()).matches()) {
      return OptionalDouble.empty();
    }
    double value = Double.parseDouble(text.trim());
    return Double.isInfinite(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /** Whether the text is an optionally signed run of digits. */
  public static boolean isInteger(String text) {
    return text != null && INTEGER.matcher(text.trim()).matches();
  }
}
