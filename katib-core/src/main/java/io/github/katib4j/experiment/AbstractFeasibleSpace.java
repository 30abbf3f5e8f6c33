package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import io.github.katib4j.KatibException;
import io.github.katib4j.internal.Numbers;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * Where a parameter's values come from: {@code min}, {@code max} and an optional {@code step} for {@code int} and
 * {@code double} parameters, a {@code list} for {@code discrete} and {@code categorical} ones, and a distribution.
 *
 * <p>Katib keeps numbers as strings. The {@code *Text} attributes hold that exact text (so a file read and written
 * back is unchanged); {@link #min()}, {@link #max()} and {@link #step()} give the numbers.
 */
@Value.Immutable
public abstract class AbstractFeasibleSpace {
  /** The upper bound exactly as written on the wire. */
  public abstract Optional<String> maxText();

  /** The lower bound exactly as written on the wire. */
  public abstract Optional<String> minText();

  /** The values of a {@code discrete} or {@code categorical} parameter, as strings. */
  public abstract List<String> list();

  /** The quantisation step exactly as written on the wire. */
  public abstract Optional<String> stepText();

  public abstract Optional<Distribution> distribution();

  /** The lower bound, if set. */
  public OptionalDouble min() {
    return number("min", minText());
  }

  /** The upper bound, if set. */
  public OptionalDouble max() {
    return number("max", maxText());
  }

  /** The step, if set. */
  public OptionalDouble step() {
    return number("step", stepText());
  }

  /** Whether the space has none of min, max, list, step or distribution. */
  public boolean isEmpty() {
    return maxText().isEmpty() && minText().isEmpty() && list().isEmpty() && stepText().isEmpty()
        && distribution().isEmpty();
  }

  private static OptionalDouble number(String field, Optional<String> text) {
    if (text.isEmpty()) {
      return OptionalDouble.empty();
    }
    OptionalDouble value = Numbers.parseDouble(text.get());
    if (value.isEmpty()) {
      throw new KatibException("feasibleSpace." + field + " is \"" + text.get()
          + "\", which is not a number; validate the experiment to see where it comes from");
    }
    return value;
  }

  /** Adds typed setters to the generated builder; the wire text is derived from the number. */
  public abstract static class Builder {
    public abstract FeasibleSpace.Builder minText(String minText);

    public abstract FeasibleSpace.Builder maxText(String maxText);

    public abstract FeasibleSpace.Builder stepText(String stepText);

    public FeasibleSpace.Builder min(double min) {
      return minText(Numbers.format(min, "feasibleSpace.min"));
    }

    public FeasibleSpace.Builder max(double max) {
      return maxText(Numbers.format(max, "feasibleSpace.max"));
    }

    public FeasibleSpace.Builder step(double step) {
      return stepText(Numbers.format(step, "feasibleSpace.step"));
    }
  }

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
