package io.github.katib4j.search.internal;

/** The standard normal distribution's functions, accurate in the tails, for sampling and scoring. */
public final class Gaussian {
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

  private Gaussian() {}

  /** The cumulative distribution function Φ(x), about 1e-14 relative in both tails. */
  public static double cdf(double x) {
    double abs = Math.abs(x);
    double tail;
    if (abs > 37) {
      tail = 0;
    } else {
      double exponential = Math.exp(-abs * abs / 2);
      if (abs < 3) {
        double build = 3.52624965998911E-02 * abs + 0.700383064443688;
        build = build * abs + 6.37396220353165;
        build = build * abs + 33.912866078383;
        build = build * abs + 112.079291497871;
        build = build * abs + 221.213596169931;
        build = build * abs + 220.206867912376;
        tail = exponential * build;
        build = 8.83883476483184E-02 * abs + 1.75566716318264;
        build = build * abs + 16.064177579207;
        build = build * abs + 86.7807322029461;
        build = build * abs + 296.564248779674;
        build = build * abs + 637.333633378831;
        build = build * abs + 793.826512519948;
        build = build * abs + 440.413735824752;
        tail = tail / build;
      } else {
        // Laplace's continued fraction x + 1/(x + 2/(x + 3/(x + ...))), evaluated from deep inside: about 1e-15
        // relative from x = 3 on, where Hart's rational function has drifted to 1e-11.
        double fraction = abs;
        for (int k = 60; k >= 1; k--) {
          fraction = abs + k / fraction;
        }
        tail = exponential / fraction / Math.sqrt(2 * Math.PI);
      }
    }
    return x > 0 ? 1 - tail : tail;
  }

  /** log Φ(x), finite far into the lower tail. */
  public static double logCdf(double x) {
    if (x > -30) {
      return Math.log(cdf(x));
    }
    double inv2 = 1 / (x * x);
    return -0.5 * x * x - Math.log(-x) - LOG_SQRT_2PI + Math.log1p(-inv2 + 3 * inv2 * inv2 - 15 * inv2 * inv2 * inv2);
  }

  /** The log of the density φ(x). */
  public static double logPdf(double x) {
    return -0.5 * x * x - LOG_SQRT_2PI;
  }

  /** log(Φ(b) - Φ(a)) for a &lt; b, without cancellation in either tail. */
  public static double logMass(double a, double b) {
    if (b <= 0) {
      return logDiff(logCdf(b), logCdf(a));
    }
    if (a >= 0) {
      return logDiff(logCdf(-a), logCdf(-b));
    }
    return Math.log1p(-cdf(a) - cdf(-b));
  }

  /** The quantile function Φ⁻¹(p) (Acklam's approximation refined by one Halley step). */
  public static double quantile(double p) {
    if (p <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (p >= 1) {
      return Double.POSITIVE_INFINITY;
    }
    double x;
    if (p < 0.02425) {
      double q = Math.sqrt(-2 * Math.log(p));
      x = (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
          - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
          / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
          + 3.754408661907416e+00) * q + 1);
    } else if (p > 1 - 0.02425) {
      double q = Math.sqrt(-2 * Math.log1p(-p));
      x = -(((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
          - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
          / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
          + 3.754408661907416e+00) * q + 1);
    } else {
      double q = p - 0.5;
      double r = q * q;
      x = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
          + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
          / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
          + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
    }
    // Φ(x) - p, written through the smaller tail so that it keeps its precision there.
    double e = x < 0 ? cdf(x) - p : (1 - p) - cdf(-x);
    double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
    return x - u / (1 + x * u / 2);
  }

  /**
   * A draw from the normal distribution N(mu, sigma²) truncated to [low, high], by inverting the CDF on the side of
   * the mean where the interval lies, so that tails keep their precision.
   */
  public static double truncated(double mu, double sigma, double low, double high, double u) {
    if (!(sigma > 0) || low >= high) {
      return Math.min(high, Math.max(low, mu));
    }
    double a = (low - mu) / sigma;
    double b = (high - mu) / sigma;
    double z;
    if (a >= 0) {
      double pa = cdf(-a);
      double pb = cdf(-b);
      z = -quantile(pa - u * (pa - pb));
    } else {
      double pa = cdf(a);
      double pb = cdf(b);
      z = quantile(pa + u * (pb - pa));
    }
    double x = mu + sigma * z;
    if (!Double.isFinite(x)) {
      return Math.min(high, Math.max(low, mu));
    }
    return Math.min(high, Math.max(low, x));
  }

  private static double logDiff(double logBig, double logSmall) {
    if (logSmall == Double.NEGATIVE_INFINITY) {
      return logBig;
    }
    return logBig + Math.log1p(-Math.exp(logSmall - logBig));
  }
}
