package io.github.katib4j.search.internal;

import io.github.katib4j.experiment.Distribution;
import io.github.katib4j.experiment.ParameterType;
import io.github.katib4j.search.ParameterValue;
import io.github.katib4j.search.SearchParameter;

/**
 * One parameter as the Parzen estimators of TPE see it: a numeric coordinate (the logarithm for log distributions),
 * continuous or on a grid of steps, with its prior; or the index of a list item.
 */
final class TpeDimension {
  final SearchParameter parameter;
  final boolean categorical;
  final int choices;
  final boolean log;
  /** The step in the parameter's own units; 0 when continuous. */
  final double step;
  /** The grid index range [firstIndex, lastIndex] of a stepped parameter. */
  final long firstIndex;
  final long lastIndex;
  /** The bounds of the coordinate; for a stepped parameter they enclose the cells of the end points. */
  final double low;
  final double high;
  final double priorMu;
  final double priorSigma;

  private TpeDimension(SearchParameter parameter, boolean clampLogBounds) {
    this.parameter = parameter;
    this.categorical = !parameter.isNumeric();
    if (categorical) {
      choices = parameter.values().size();
      log = false;
      step = 0;
      firstIndex = 0;
      lastIndex = 0;
      low = 0;
      high = 0;
      priorMu = 0;
      priorSigma = 0;
      return;
    }
    choices = 0;
    log = parameter.isLog();
    double min = parameter.min();
    if (log && clampLogBounds) {
      // Optuna's service: log ints start at 1, log doubles at 1e-10.
      min = Math.max(min, parameter.type() == ParameterType.INT ? 1 : 1e-10);
    }
    long cardinality = parameter.cardinality();
    // A range with too many steps to number in a long is searched as continuous, then rounded to its grid.
    if (parameter.step().isPresent() && cardinality < Long.MAX_VALUE) {
      step = parameter.step().getAsDouble();
      firstIndex = (long) Math.ceil((min - parameter.min()) / step - 1e-9);
      lastIndex = cardinality - 1;
      low = cellLow(gridValue(firstIndex));
      high = cellHigh(gridValue(lastIndex));
    } else {
      step = 0;
      firstIndex = 0;
      lastIndex = 0;
      low = coordinate(min);
      high = coordinate(parameter.max());
    }
    Distribution distribution = parameter.distribution();
    if (distribution == Distribution.NORMAL || distribution == Distribution.LOG_NORMAL) {
      // hyperopt's normal and lognormal use the parameter's own distribution as the prior.
      double a = coordinate(parameter.min());
      double b = coordinate(parameter.max());
      priorMu = (a + b) / 2;
      priorSigma = Math.max((b - a) / 6, 1e-12);
    } else {
      priorMu = (low + high) / 2;
      priorSigma = Math.max(high - low, 1e-12);
    }
  }

  static TpeDimension of(SearchParameter parameter, boolean clampLogBounds) {
    return new TpeDimension(parameter, clampLogBounds);
  }

  boolean isStepped() {
    return step > 0;
  }

  /** A value drawn uniformly: a list item, or a uniform coordinate between the bounds, snapped to its grid. */
  ParameterValue prior(Rng rng) {
    if (categorical) {
      return parameter.choice(rng.nextInt(choices));
    }
    return value(snap(low + rng.nextDouble() * (high - low)));
  }

  /** The coordinate of a value: its list index, its logarithm, or itself. */
  double coordinate(ParameterValue value) {
    if (categorical) {
      return value.index().orElseThrow();
    }
    double x = Math.max(value.asDouble(), log ? Double.MIN_NORMAL : Double.NEGATIVE_INFINITY);
    return Math.min(high, Math.max(low, coordinate(x)));
  }

  /** A sampled coordinate moved to the grid point it falls on, for stepped parameters. */
  double snap(double x) {
    if (!isStepped()) {
      return x;
    }
    return coordinate(gridValue(gridIndex(x)));
  }

  /** The value of a (snapped) coordinate. */
  ParameterValue value(double x) {
    if (categorical) {
      return parameter.choice((int) x);
    }
    if (isStepped()) {
      return parameter.gridPoint(gridIndex(x));
    }
    return parameter.nearest(log ? Math.exp(x) : x);
  }

  /** The lower edge, as a coordinate, of the cell of the grid point with this value. */
  double cellLow(double value) {
    double left = value - step / 2;
    if (log && left <= 0) {
      return Math.log(value) - (Math.log(value + step) - Math.log(value)) / 2;
    }
    return coordinate(left);
  }

  /** The upper edge, as a coordinate, of the cell of the grid point with this value. */
  double cellHigh(double value) {
    return coordinate(value + step / 2);
  }

  double gridValue(long index) {
    return parameter.min() + index * step;
  }

  private long gridIndex(double x) {
    double v = log ? Math.exp(x) : x;
    long k = Math.round((v - parameter.min()) / step);
    return Math.max(firstIndex, Math.min(lastIndex, k));
  }

  private double coordinate(double value) {
    return log ? Math.log(value) : value;
  }
}
