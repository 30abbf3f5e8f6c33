package io.github.katib4j.search;

import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.ParameterType;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The value of one parameter in a trial: typed ({@link #asDouble()}, {@link #asLong()}, {@link #value()}) and in
 * Katib's string form ({@link #text()}), which is what trial templates receive.
 */
public final class ParameterValue {
  private final String name;
  private final ParameterType type;
  private final String text;
  private final int index;
  private final double number;

  ParameterValue(String name, ParameterType type, String text, int index, double number) {
    this.name = name;
    this.type = type;
    this.text = text;
    this.index = index;
    this.number = number;
  }

  /** The parameter's name. */
  public String name() {
    return name;
  }

  public ParameterType type() {
    return type;
  }

  /** Katib's string form: {@code 3} for an int, {@code 0.01} for a double, a list item exactly as written. */
  public String text() {
    return text;
  }

  /** The number of an {@code int}, {@code double} or {@code discrete} value. */
  public double asDouble() {
    if (type == ParameterType.CATEGORICAL) {
      throw new KatibException("parameter " + name + " is categorical (\"" + text + "\"), not a number; read it as"
          + " text: text(), or stringValue(\"" + name + "\") in a trial function");
    }
    return number;
  }

  /** The whole number of an {@code int} value, or of a {@code double} or {@code discrete} value that is whole. */
  public long asLong() {
    double value = asDouble();
    if (value != Math.rint(value)) {
      throw new KatibException("parameter " + name + " is " + text + ", not a whole number; read it with asDouble(),"
          + " or doubleValue(\"" + name + "\") in a trial function");
    }
    return (long) value;
  }

  /** The position in the list of a {@code categorical} or {@code discrete} value. */
  public OptionalInt index() {
    return index < 0 ? OptionalInt.empty() : OptionalInt.of(index);
  }

  /** The natural Java value: {@link Long} for int, {@link Double} for double and discrete, {@link String} otherwise. */
  public Object value() {
    switch (type) {
      case INT:
        return asLong();
      case DOUBLE:
      case DISCRETE:
        return number;
      default:
        return text;
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ParameterValue)) {
      return false;
    }
    ParameterValue other = (ParameterValue) o;
    return name.equals(other.name) && type == other.type && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, text);
  }

  /** {@code name=text}. */
  @Override
  public String toString() {
    return name + "=" + text;
  }
}
