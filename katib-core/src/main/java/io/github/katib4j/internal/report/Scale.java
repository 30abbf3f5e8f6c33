package io.github.katib4j.internal.report;

import java.util.ArrayList;
import java.util.List;

/** A linear or logarithmic mapping from data values to pixels, with readable tick values. */
final class Scale {
  private final double min;
  private final double max;
  private final double from;
  private final double to;
  private final boolean log;

  private Scale(double min, double max, double from, double to, boolean log) {
    this.min = min;
    this.max = max;
    this.from = from;
    this.to = to;
    this.log = log;
  }

  /** A scale covering {@code values} (padded a little), mapped onto pixels {@code from..to}. */
  static Scale covering(double lo, double hi, double from, double to, boolean log, boolean pad) {
    if (log && lo > 0 && hi > 0) {
      double a = Math.log10(lo);
      double b = Math.log10(hi);
      if (a == b) {
        a -= 0.5;
        b += 0.5;
      }
      return new Scale(a, b, from, to, true);
    }
    if (lo == hi) {
      double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
      lo -= d;
      hi += d;
    } else if (pad) {
      double d = (hi - lo) * 0.05;
      lo -= d;
      hi += d;
    }
    return new Scale(lo, hi, from, to, false);
  }

  double at(double value) {
    double v = log ? Math.log10(value) : value;
    return from + (v - min) / (max - min) * (to - from);
  }

  boolean isLog() {
    return log;
  }

  /** About {@code count} round values inside the domain. */
  List<Double> ticks(int count) {
    List<Double> ticks = new ArrayList<>();
    if (log) {
      for (int e = (int) Math.ceil(min - 1e-9); e <= Math.floor(max + 1e-9); e++) {
        ticks.add(Math.pow(10, e));
      }
      if (ticks.size() >= 2) {
        return ticks;
      }
      ticks.clear();
      double lo = Math.pow(10, min);
      double hi = Math.pow(10, max);
      return linearTicks(lo, hi, count);
    }
    return linearTicks(min, max, count);
  }

  private static List<Double> linearTicks(double lo, double hi, int count) {
    List<Double> ticks = new ArrayList<>();
    double step = niceStep((hi - lo) / Math.max(1, count));
    for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
      ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
    }
    return ticks;
  }

  private static double niceStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double fraction = raw / magnitude;
    double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return nice * magnitude;
  }
}
