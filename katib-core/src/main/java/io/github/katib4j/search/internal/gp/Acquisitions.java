package io.github.katib4j.search.internal.gp;

import io.github.katib4j.search.internal.numeric.Normal;
import java.util.List;

/**
 * EI, PI and LCB for minimisation, as scores to maximise. EI and PI are returned as logarithms, computed stably, so
 * that candidates keep distinct scores far from the incumbent where the plain values underflow to 0. {@code xi} is
 * applied in units of the output scale, which makes the scores invariant to the objective's units (scikit-optimize
 * applies it in raw units).
 */
final class Acquisitions {
  static final List<Acquisition> HEDGED = List.of(Acquisition.EI, Acquisition.PI, Acquisition.LCB);

  /** The acquisition constants: {@code xi} for EI and PI, {@code kappa} for LCB. */
  record Settings(double xi, double kappa) {}

  private final double xi;
  private final double kappa;
  private final double minStd;

  Acquisitions(Settings settings, double outputScale) {
    this.xi = settings.xi() * outputScale;
    this.kappa = settings.kappa();
    this.minStd = 1e-9 * outputScale;
  }

  /** The score of EI, PI or LCB (the per-second variants score as their base; the caller divides by time). */
  double score(Acquisition acquisition, double mean, double std, double best) {
    double s = Math.max(std, minStd);
    switch (acquisition) {
      case EI:
      case EI_PER_SECOND:
        return Math.log(s) + Normal.logExpectedImprovementFactor((best - xi - mean) / s);
      case PI:
      case PI_PER_SECOND:
        return Normal.logCdf((best - xi - mean) / s);
      case LCB:
        return kappa * s - mean;
      default:
        throw new IllegalArgumentException("no single score for " + acquisition);
    }
  }

  /** The score, and its derivatives with respect to the mean and the standard deviation in {@code d}. */
  double scoreWithDerivatives(Acquisition acquisition, double mean, double std, double best, double[] d) {
    double s = Math.max(std, minStd);
    double z = (best - xi - mean) / s;
    switch (acquisition) {
      case EI:
      case EI_PER_SECOND: {
        double logFactor = Normal.logExpectedImprovementFactor(z);
        // d/dz log(pdf + z cdf) = cdf / (pdf + z cdf).
        double ratio = Math.exp(Normal.logCdf(z) - logFactor);
        d[0] = -ratio / s;
        d[1] = 1.0 / s - z * ratio / s;
        return Math.log(s) + logFactor;
      }
      case PI:
      case PI_PER_SECOND: {
        double logCdf = Normal.logCdf(z);
        double ratio = Math.exp(-0.5 * z * z - 0.5 * Math.log(2.0 * Math.PI) - logCdf);
        d[0] = -ratio / s;
        d[1] = -z * ratio / s;
        return logCdf;
      }
      case LCB:
        d[0] = -1.0;
        d[1] = kappa;
        return kappa * s - mean;
      default:
        throw new IllegalArgumentException("no single score for " + acquisition);
    }
  }
}
