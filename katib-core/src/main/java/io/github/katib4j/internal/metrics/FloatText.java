package io.github.katib4j.internal.metrics;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Number text as Katib's Python collector writes it: Python's {@code str(float)} for old-style scalars and numpy's
 * {@code str()} of a 0-d array for tensor scalars. Both print the shortest decimal that reads back to the same value
 * in the value's own precision; they differ only in when they switch to exponent notation.
 */
public final class FloatText {
  /** The binary precision a value was stored in; the shortest text is the shortest that reads back to it. */
  public enum Precision {
    FLOAT64,
    FLOAT32,
    FLOAT16,
    BFLOAT16
  }

  private FloatText() {}

  /** Python's {@code repr(x)} of a float64, which is also {@code str(x)}: {@code 0.1}, {@code 3.0}, {@code 1e-05}. */
  public static String python(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
      return special(value);
    }
    Digits d = shortestDigits(value, Precision.FLOAT64);
    return d.decimalPoint <= -4 || d.decimalPoint > 16 ? d.scientific() : d.positional();
  }

  /**
   * numpy's {@code str()} of a scalar of this precision (a float32 tensor, say, given widened to double). numpy picks
   * positional notation when {@code 1e-4 <= |x| < 1e16}, comparing the stored value, so a float32 {@code 0.0001}
   * (slightly below 1e-4) prints as {@code 1e-04}.
   */
  public static String numpy(double value, Precision precision) {
    if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
      return special(value);
    }
    Digits d = shortestDigits(value, precision);
    double magnitude = Math.abs(value);
    return magnitude >= 1e-4 && magnitude < 1e16 ? d.positional() : d.scientific();
  }

  /** The shortest decimal that reads back to this finite float64 (Go's and Python's shortest formatting). */
  public static BigDecimal shortest(double value) {
    if (value == 0) {
      return BigDecimal.ZERO;
    }
    Digits d = shortestDigits(value, Precision.FLOAT64);
    BigDecimal magnitude = new BigDecimal(new BigInteger(d.digits), d.digits.length() - d.decimalPoint);
    return d.negative ? magnitude.negate() : magnitude;
  }

  /** Round a float64 to the nearest float16 (IEEE half precision), keeping it as a double. */
  public static double toHalf(double value) {
    return halfBitsToDouble(doubleToHalfBits(value));
  }

  /** A float16 given as its 16 bits (TensorProto's {@code half_val}), as a double. */
  public static double halfBitsToDouble(int bits) {
    int sign = (bits >>> 15) & 1;
    int exponent = (bits >>> 10) & 0x1f;
    int fraction = bits & 0x3ff;
    double magnitude;
    if (exponent == 0x1f) {
      magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    } else if (exponent == 0) {
      magnitude = fraction * 0x1p-24;
    } else {
      magnitude = (1024 + fraction) * Math.scalb(1.0, exponent - 25);
    }
    return sign == 1 ? -magnitude : magnitude;
  }

  /** A bfloat16 given as its 16 bits (the upper half of a float32), as a double. */
  public static double bfloat16BitsToDouble(int bits) {
    return Float.intBitsToFloat(bits << 16);
  }

  private static int doubleToHalfBits(double value) {
    int sign = (int) ((Double.doubleToRawLongBits(value) >>> 48) & 0x8000);
    double magnitude = Math.abs(value);
    if (Double.isNaN(value)) {
      return sign | 0x7e00;
    }
    if (magnitude >= 65520) {
      return sign | 0x7c00;
    }
    // Scaling by a power of two is exact, so Math.rint rounds half-even exactly once.
    if (magnitude < 0x1p-14) {
      return sign | (int) Math.rint(magnitude * 0x1p24);
    }
    int exponent = Math.getExponent(magnitude);
    long mantissa = (long) Math.rint(Math.scalb(magnitude, 10 - exponent));
    if (mantissa == 2048) {
      mantissa = 1024;
      exponent++;
    }
    return sign | ((exponent + 15) << 10) | (int) (mantissa - 1024);
  }

  private static String special(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    return 1 / value < 0 ? "-0.0" : "0.0";
  }

  private static Digits shortestDigits(double value, Precision precision) {
    BigDecimal exact = new BigDecimal(Math.abs(value));
    for (int digits = 1; digits < 17; digits++) {
      BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (readsBack(candidate, Math.abs(value), precision)) {
        return Digits.of(candidate, value < 0);
      }
    }
    return Digits.of(exact.round(new MathContext(17, RoundingMode.HALF_EVEN)), value < 0);
  }

  private static boolean readsBack(BigDecimal candidate, double magnitude, Precision precision) {
    switch (precision) {
      case FLOAT32:
        return candidate.floatValue() == (float) magnitude;
      case FLOAT16:
        return toHalf(candidate.doubleValue()) == magnitude;
      case BFLOAT16:
        return toBfloat16(candidate.doubleValue()) == magnitude;
      default:
        return candidate.doubleValue() == magnitude;
    }
  }

  private static double toBfloat16(double value) {
    int bits = Float.floatToIntBits((float) value);
    int rounded = bits + 0x7fff + ((bits >>> 16) & 1);
    return Float.intBitsToFloat(rounded & 0xffff0000);
  }

  /** A decimal {@code 0.DIGITS x 10^decimalPoint}, digits without trailing zeros. */
  private static final class Digits {
    private final String digits;
    private final int decimalPoint;
    private final boolean negative;

    private Digits(String digits, int decimalPoint, boolean negative) {
      this.digits = digits;
      this.decimalPoint = decimalPoint;
      this.negative = negative;
    }

    static Digits of(BigDecimal value, boolean negative) {
      BigDecimal stripped = value.stripTrailingZeros();
      String unscaled = stripped.unscaledValue().toString();
      return new Digits(unscaled, unscaled.length() - stripped.scale(), negative);
    }

    String positional() {
      StringBuilder text = new StringBuilder(negative ? "-" : "");
      if (decimalPoint <= 0) {
        text.append("0.").append("0".repeat(-decimalPoint)).append(digits);
      } else if (decimalPoint >= digits.length()) {
        text.append(digits).append("0".repeat(decimalPoint - digits.length())).append(".0");
      } else {
        text.append(digits, 0, decimalPoint).append('.').append(digits.substring(decimalPoint));
      }
      return text.toString();
    }

    String scientific() {
      StringBuilder text = new StringBuilder(negative ? "-" : "").append(digits.charAt(0));
      if (digits.length() > 1) {
        text.append('.').append(digits.substring(1));
      }
      int exponent = decimalPoint - 1;
      text.append(exponent < 0 ? "e-" : "e+");
      String magnitude = Integer.toString(Math.abs(exponent));
      return text.append(magnitude.length() < 2 ? "0" + magnitude : magnitude).toString();
    }
  }
}
