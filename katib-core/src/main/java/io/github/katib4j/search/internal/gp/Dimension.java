package io.github.katib4j.search.internal.gp;

/**
 * One coordinate of a {@link SearchSpace}. Points carry real values as they are, integers as whole-number doubles and
 * categories as their index.
 */
public sealed interface Dimension {
  /** A real interval, searched uniformly. */
  static Dimension real(double low, double high) {
    return new Real(low, high, false);
  }

  /** A real interval with {@code low > 0}, searched uniformly in its logarithm (skopt's "log-uniform"). */
  static Dimension logReal(double low, double high) {
    if (!(low > 0.0)) {
      throw new IllegalArgumentException("a log-uniform interval needs low > 0, got low=" + low);
    }
    return new Real(low, high, true);
  }

  /** The integers {@code low..high}, both included. */
  static Dimension integer(long low, long high) {
    return new IntegerRange(low, high);
  }

  /** A choice among {@code size} unordered categories, encoded one-hot for the models. */
  static Dimension categorical(int size) {
    return new Categorical(size);
  }

  /** How many model features this dimension becomes. */
  int features();

  /** A real interval. */
  record Real(double low, double high, boolean log) implements Dimension {
    /** Checks the bounds. */
    public Real {
      if (!(Double.isFinite(low) && Double.isFinite(high) && low <= high)) {
        throw new IllegalArgumentException("`low <= high` must hold for finite bounds, got (low=" + low + ", high="
            + high + ")");
      }
    }

    @Override
    public int features() {
      return 1;
    }
  }

  /** An integer interval. */
  record IntegerRange(long low, long high) implements Dimension {
    /** Checks the bounds. */
    public IntegerRange {
      if (low > high) {
        throw new IllegalArgumentException("`low <= high` must hold, got (low=" + low + ", high=" + high + ")");
      }
    }

    @Override
    public int features() {
      return 1;
    }

    /** {@code high - low}, in floating point: a long would overflow for ranges over most of the 64-bit integers. */
    double width() {
      return (double) high - (double) low;
    }

    /** The number of integers in the range, in floating point for the same reason. */
    double span() {
      return width() + 1;
    }
  }

  /** An unordered choice. */
  record Categorical(int size) implements Dimension {
    /** Checks the size. */
    public Categorical {
      if (size < 1) {
        throw new IllegalArgumentException("a categorical dimension needs at least one category, got " + size);
      }
    }

    @Override
    public int features() {
      return size;
    }
  }
}
