package io.github.katib4j.search;

import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.Distribution;
import io.github.katib4j.experiment.ParameterType;
import io.github.katib4j.internal.Numbers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One dimension of a {@link SearchSpace}: an {@code int} or {@code double} range (with an optional step and a
 * distribution) or a {@code categorical} or {@code discrete} list, with the factories that make its typed values.
 */
public final class SearchParameter {
  private final String name;
  private final ParameterType type;
  private final Distribution distribution;
  private final BigDecimal min;
  private final BigDecimal max;
  private final BigDecimal step;
  private final List<String> values;
  private final double[] numbers;

  SearchParameter(String name, ParameterType type, Distribution distribution, BigDecimal min, BigDecimal max,
      BigDecimal step, List<String> values) {
    this.name = name;
    this.type = type;
    this.distribution = distribution;
    this.min = min;
    this.max = max;
    this.step = step;
    this.values = List.copyOf(values);
    this.numbers = type == ParameterType.DISCRETE
        ? values.stream().mapToDouble(v -> Numbers.parseDouble(v).orElseThrow()).toArray()
        : new double[0];
  }

  public String name() {
    return name;
  }

  public ParameterType type() {
    return type;
  }

  /** The distribution, {@link Distribution#UNIFORM} when the parameter sets none. */
  public Distribution distribution() {
    return distribution;
  }

  /** Whether this is an {@code int} or {@code double} range. */
  public boolean isNumeric() {
    return type == ParameterType.INT || type == ParameterType.DOUBLE;
  }

  /** Whether values are drawn on a log scale ({@code logUniform} or {@code logNormal}). */
  public boolean isLog() {
    return distribution == Distribution.LOG_UNIFORM || distribution == Distribution.LOG_NORMAL;
  }

  /** The lower bound of an {@code int} or {@code double} range. */
  public double min() {
    return range(min).doubleValue();
  }

  /** The upper bound of an {@code int} or {@code double} range. */
  public double max() {
    return range(max).doubleValue();
  }

  /** The step of a range; {@code int} ranges without one step by 1. */
  public OptionalDouble step() {
    if (step != null) {
      return OptionalDouble.of(step.doubleValue());
    }
    return type == ParameterType.INT ? OptionalDouble.of(1) : OptionalDouble.empty();
  }

  /** Whether the range sets a step of its own (an {@code int} range without one still steps by 1). */
  public boolean hasExplicitStep() {
    return step != null;
  }

  /** The items of a {@code categorical} or {@code discrete} list, exactly as written. */
  public List<String> values() {
    return values;
  }

  /**
   * How many values the parameter can take: the list size, or the number of steps from {@code min} to at most
   * {@code max}; {@code -1} for a {@code double} range without a step. A range with {@link Long#MAX_VALUE} values or
   * more (an {@code int} range over most of the 64-bit integers, which Katib's services accept) gives
   * {@link Long#MAX_VALUE}: too many to count one by one, so such a range is best searched as if continuous, with
   * {@link #nearest(double)}.
   */
  public long cardinality() {
    if (!isNumeric()) {
      return values.size();
    }
    BigDecimal stride = stride();
    if (stride == null) {
      return -1;
    }
    BigInteger count = max.subtract(min).divide(stride, 0, RoundingMode.FLOOR).toBigIntegerExact()
        .add(BigInteger.ONE);
    return count.bitLength() < 64 ? count.longValueExact() : Long.MAX_VALUE;
  }

  /** The value at {@code min + k * step}, computed in decimal so that {@code 0.1 + 2 * 0.1} reads {@code 0.3}. */
  public ParameterValue gridPoint(long k) {
    BigDecimal stride = stride();
    if (stride == null) {
      if (!isNumeric()) {
        return choice(Math.toIntExact(k));
      }
      throw new KatibException("parameter " + name + " has no step, so it has no grid points; set feasibleSpace.step");
    }
    return decimal(min.add(stride.multiply(BigDecimal.valueOf(k))));
  }

  /**
   * The value of the range nearest to {@code value}, within {@code [min, max]}: on the grid of steps from {@code min}
   * when there is a step (an {@code int} range without one steps by 1), else {@code value} itself. Computed in
   * decimal, so it is exact for ranges of any size; a {@code discrete} parameter gives its nearest item.
   */
  public ParameterValue nearest(double value) {
    if (!Double.isFinite(value)) {
      throw new KatibException("parameter " + name + " cannot take " + value + "; values must be finite");
    }
    if (!isNumeric()) {
      return number(value);
    }
    BigDecimal stride = stride();
    if (stride == null) {
      return number(Math.min(max(), Math.max(min(), value)));
    }
    BigDecimal steps = new BigDecimal(value).subtract(min).divide(stride, 0, RoundingMode.HALF_EVEN);
    BigDecimal last = max.subtract(min).divide(stride, 0, RoundingMode.FLOOR);
    steps = steps.max(BigDecimal.ZERO).min(last);
    return decimal(min.add(stride.multiply(steps)));
  }

  /** The {@code index}-th item of a {@code categorical} or {@code discrete} list. */
  public ParameterValue choice(int index) {
    if (isNumeric()) {
      throw new KatibException("parameter " + name + " is " + type + ", not a list; use number(...) instead");
    }
    return new ParameterValue(name, type, values.get(index), index,
        type == ParameterType.DISCRETE ? numbers[index] : Double.NaN);
  }

  /**
   * The value nearest to {@code value}: a {@code double} as is, an {@code int} rounded, a {@code discrete} item by
   * distance; not bounded by {@code min} and {@code max}, which Hyperband's resource parameter needs.
   */
  public ParameterValue number(double value) {
    if (!Double.isFinite(value)) {
      throw new KatibException("parameter " + name + " cannot take " + value + "; values must be finite");
    }
    switch (type) {
      case INT:
        long rounded = Math.round(value);
        return new ParameterValue(name, type, Long.toString(rounded), -1, rounded);
      case DOUBLE:
        return new ParameterValue(name, type, Numbers.format(value), -1, value);
      case DISCRETE:
        int best = 0;
        for (int i = 1; i < numbers.length; i++) {
          if (Math.abs(numbers[i] - value) < Math.abs(numbers[best] - value)) {
            best = i;
          }
        }
        return choice(best);
      default:
        throw new KatibException("parameter " + name + " is categorical; use choice(index) instead of a number");
    }
  }

  /** The typed value of Katib's string form {@code text}; list parameters accept only their items. */
  public ParameterValue parse(String text) {
    Objects.requireNonNull(text, "text");
    if (!isNumeric()) {
      int index = values.indexOf(text);
      if (index < 0 && type == ParameterType.DISCRETE) {
        OptionalDouble number = Numbers.parseDouble(text);
        for (int i = 0; i < numbers.length && number.isPresent(); i++) {
          if (numbers[i] == number.getAsDouble()) {
            index = i;
            break;
          }
        }
      }
      if (index < 0) {
        throw new KatibException("parameter " + name + " got \"" + text + "\", which is not one of " + values
            + "; a " + type + " parameter takes only the items of its feasibleSpace.list");
      }
      return choice(index);
    }
    OptionalDouble number = Numbers.parseDouble(text);
    if (number.isEmpty()) {
      throw new KatibException("parameter " + name + " got \"" + text + "\", which is not a number");
    }
    if (type == ParameterType.INT) {
      double value = number.getAsDouble();
      if (value != Math.rint(value)) {
        throw new KatibException("parameter " + name + " is int but got \"" + text + "\"; use a whole number");
      }
      return new ParameterValue(name, type, Long.toString((long) value), -1, value);
    }
    return new ParameterValue(name, type, text.trim(), -1, number.getAsDouble());
  }

  private ParameterValue decimal(BigDecimal value) {
    if (type == ParameterType.INT) {
      long whole = value.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
      return new ParameterValue(name, type, Long.toString(whole), -1, whole);
    }
    BigDecimal plain = value.stripTrailingZeros();
    String text = plain.scale() <= 0 ? plain.toBigInteger().toString() : plain.toPlainString();
    return new ParameterValue(name, type, text, -1, value.doubleValue());
  }

  private BigDecimal stride() {
    if (step != null) {
      return step;
    }
    return type == ParameterType.INT ? BigDecimal.ONE : null;
  }

  private BigDecimal range(BigDecimal bound) {
    if (bound == null) {
      throw new KatibException("parameter " + name + " is " + type + ", which has no min or max; use values()");
    }
    return bound;
  }

  @Override
  public String toString() {
    if (!isNumeric()) {
      return name + " (" + type + " " + values + ")";
    }
    return name + " (" + type + " [" + min.toPlainString() + ", " + max.toPlainString() + "]"
        + (step == null ? "" : " step " + step.toPlainString()) + ", " + distribution + ")";
  }
}
