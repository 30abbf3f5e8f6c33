package io.github.katib4j.search.internal.numeric;

/** The standard normal distribution, accurate far into the tails where acquisition functions live. */
public final class Normal {
  private static final double SQRT_2 = Math.sqrt(2.0);
  private static final double SQRT_PI = Math.sqrt(Math.PI);
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2.0 * Math.PI);
  private static final double SQRT_HALF_PI = Math.sqrt(Math.PI / 2.0);
  private static final double[] ERFCX_CHEBYSHEV = chebyshevOfLogErfcx(48);

  private Normal() {}

  /** Density. */
  public static double pdf(double z) {
    return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
  }

  /** Distribution function. */
  public static double cdf(double z) {
    return 0.5 * erfc(-z / SQRT_2);
  }

  /** The logarithm of {@link #cdf}, finite down to z = -1e150 instead of underflowing near -38. */
  public static double logCdf(double z) {
    if (z > -3.0) {
      return Math.log(cdf(z));
    }
    double t = -z / SQRT_2;
    return Math.log(0.5 * erfcx(t)) - t * t;
  }

  /**
   * {@code log(pdf(z) + z * cdf(z))}, the logarithm of expected improvement over a unit-variance posterior, computed
   * without the cancellation that makes the direct form zero or negative for z below about -8.
   */
  public static double logExpectedImprovementFactor(double z) {
    if (z > -1.0) {
      return Math.log(pdf(z) + z * cdf(z));
    }
    double t = -z;
    double tail;
    if (t < 25.0) {
      double mills = SQRT_HALF_PI * erfcx(t / SQRT_2);
      tail = 1.0 - t * mills;
    } else {
      // Asymptotic series of 1 - t * Mills(t); its terms are below 1e-13 of the first by the fifth at t = 25.
      double u = 1.0 / (t * t);
      tail = u * (1.0 - u * (3.0 - u * (15.0 - u * (105.0 - u * 945.0))));
    }
    return -0.5 * z * z - LOG_SQRT_2PI + Math.log(tail);
  }

  /** The inverse of {@link #cdf}: the z with {@code cdf(z) = p}, for p in (0, 1). */
  public static double quantile(double p) {
    if (!(p > 0.0 && p < 1.0)) {
      throw new IllegalArgumentException("p must be in (0, 1), got " + p);
    }
    if (p > 0.5) {
      return -quantile(1.0 - p);
    }
    // Abramowitz and Stegun 26.2.23 as a start (error below 4.5e-4), then Newton on the accurate cdf.
    double t = Math.sqrt(-2.0 * Math.log(p));
    double x = -(t - (2.515517 + t * (0.802853 + t * 0.010328))
        / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
    for (int i = 0; i < 4; i++) {
      double step = (cdf(x) - p) / pdf(x);
      x -= step;
      if (Math.abs(step) < 1e-15 * Math.max(1.0, Math.abs(x))) {
        break;
      }
    }
    return x;
  }

  /** The complementary error function. */
  public static double erfc(double x) {
    if (x < 0.0) {
      return 2.0 - erfc(-x);
    }
    if (x < 0.5) {
      return 1.0 - erfSeries(x);
    }
    return erfcx(x) * Math.exp(-x * x);
  }

  /** The scaled complementary error function {@code exp(x^2) * erfc(x)} for x &gt;= 0, which never underflows. */
  public static double erfcx(double x) {
    if (x < 0.0) {
      throw new IllegalArgumentException("erfcx is only needed for x >= 0, got " + x);
    }
    if (x > 1e7) {
      return 1.0 / (SQRT_PI * x);
    }
    // With t = 2 / (2 + x), log(erfcx(x) / t) is smooth on t in (0, 1] (the idea of Numerical Recipes' erfccheb), so a
    // Chebyshev series in t gives full precision in a few dozen multiply-adds.
    double t = 2.0 / (2.0 + x);
    double s = 2.0 * t - 1.0;
    double b1 = 0.0;
    double b2 = 0.0;
    for (int k = ERFCX_CHEBYSHEV.length - 1; k >= 1; k--) {
      double b0 = 2.0 * s * b1 - b2 + ERFCX_CHEBYSHEV[k];
      b2 = b1;
      b1 = b0;
    }
    return t * Math.exp(s * b1 - b2 + 0.5 * ERFCX_CHEBYSHEV[0]);
  }


  /**
   * Chebyshev coefficients of {@code g(s) = log(erfcx(x) / t)}, {@code t = (s + 1) / 2 = 2 / (2 + x)}, interpolated
   * at n Chebyshev nodes of the first kind from the slow but accurate {@link #erfcxAccurate}.
   */
  private static double[] chebyshevOfLogErfcx(int n) {
    double[] g = new double[n];
    for (int j = 0; j < n; j++) {
      double s = Math.cos(Math.PI * (j + 0.5) / n);
      double t = (s + 1.0) / 2.0;
      double x = 2.0 / t - 2.0;
      g[j] = Math.log(erfcxAccurate(x) / t);
    }
    double[] c = new double[n];
    for (int k = 0; k < n; k++) {
      double sum = 0.0;
      for (int j = 0; j < n; j++) {
        sum += g[j] * Math.cos(Math.PI * k * (j + 0.5) / n);
      }
      c[k] = 2.0 * sum / n;
    }
    return c;
  }

  /** erfcx from its series (x &lt; 1.5) or Lentz's continued fraction: accurate, but up to a few hundred steps. */
  static double erfcxAccurate(double x) {
    if (x < 1.5) {
      return Math.exp(x * x) * (1.0 - erfSeries(x));
    }
    if (x > 1e7) {
      return 1.0 / (SQRT_PI * x);
    }
    // erfc(x) = Gamma(1/2, x^2) / sqrt(pi); the continued fraction for the upper incomplete gamma function gives
    // Gamma(1/2, z) = exp(-z) * sqrt(z) * h, so the exponential cancels and erfcx(x) = x * h / sqrt(pi).
    double z = x * x;
    double a = 0.5;
    double b = z + 1.0 - a;
    double tiny = 1e-300;
    double c = 1.0 / tiny;
    double d = 1.0 / b;
    double h = d;
    for (int i = 1; i < 1000; i++) {
      double an = -i * (i - a);
      b += 2.0;
      d = an * d + b;
      if (Math.abs(d) < tiny) {
        d = tiny;
      }
      c = b + an / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      d = 1.0 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1.0) < 1e-16) {
        break;
      }
    }
    return x * h / SQRT_PI;
  }

  /** erf(x) for 0 &lt;= x &lt; 1.5 from the series {@code 2/sqrt(pi) e^-x^2 sum 2^n x^(2n+1)/(2n+1)!!}. */
  private static double erfSeries(double x) {
    double x2 = x * x;
    double term = x;
    double sum = x;
    for (int n = 1; n < 200; n++) {
      term *= 2.0 * x2 / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) {
        break;
      }
    }
    return 2.0 / SQRT_PI * Math.exp(-x2) * sum;
  }
}
