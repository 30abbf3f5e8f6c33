package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import io.github.katib4j.internal.Numbers;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * One search-space parameter ({@code spec.parameters[i]}, Katib's {@code ParameterSpec}).
 *
 * <p>{@code Parameter.doubleRange("lr", 0.01, 0.05).logUniform()}, {@code Parameter.intRange("layers", 1, 8)},
 * {@code Parameter.categorical("optimizer", "sgd", "adam")}, {@code Parameter.discrete("batch", 16, 32, 64)}.
 */
@Value.Immutable
public abstract class AbstractParameter {
  @Value.Default
  public String name() {
    return "";
  }

  public abstract Optional<ParameterType> parameterType();

  @Value.Default
  public FeasibleSpace feasibleSpace() {
    return FeasibleSpace.builder().build();
  }

  /** A {@code double} parameter in {@code [min, max]}. */
  public static Parameter doubleRange(String name, double min, double max) {
    return range(name, ParameterType.DOUBLE, Numbers.format(min, "the min of parameter \"" + name + "\""),
        Numbers.format(max, "the max of parameter \"" + name + "\""));
  }

  /** An {@code int} parameter in {@code [min, max]}. */
  public static Parameter intRange(String name, long min, long max) {
    return range(name, ParameterType.INT, Long.toString(min), Long.toString(max));
  }

  /** A {@code categorical} parameter: one of these strings. */
  public static Parameter categorical(String name, String... values) {
    return list(name, ParameterType.CATEGORICAL, Arrays.asList(Objects.requireNonNull(values, "values")));
  }

  /** A {@code categorical} parameter: one of these strings. */
  public static Parameter categorical(String name, List<String> values) {
    return list(name, ParameterType.CATEGORICAL, values);
  }

  /** A {@code discrete} parameter: one of these numbers. */
  public static Parameter discrete(String name, double... values) {
    return list(name, ParameterType.DISCRETE, Arrays.stream(Objects.requireNonNull(values, "values"))
        .mapToObj(v -> Numbers.format(v, "a value of parameter \"" + name + "\"")).collect(Collectors.toList()));
  }

  private static Parameter range(String name, ParameterType type, String min, String max) {
    return Parameter.builder()
        .name(name)
        .parameterType(type)
        .feasibleSpace(FeasibleSpace.builder().minText(min).maxText(max).build())
        .build();
  }

  private static Parameter list(String name, ParameterType type, List<String> values) {
    return Parameter.builder()
        .name(name)
        .parameterType(type)
        .feasibleSpace(FeasibleSpace.builder().list(values).build())
        .build();
  }

  /** A copy quantised to multiples of {@code step} from {@code min}. */
  public Parameter step(double step) {
    return withSpace(FeasibleSpace.builder().from(feasibleSpace()).step(step).build());
  }

  /** A copy with this distribution. */
  public Parameter distribution(Distribution distribution) {
    return withSpace(FeasibleSpace.copyOf(feasibleSpace()).withDistribution(distribution));
  }

  /** A copy sampled uniformly in log space; {@code min} must be positive. */
  public Parameter logUniform() {
    return distribution(Distribution.LOG_UNIFORM);
  }

  /** A copy sampled from a normal distribution with mean {@code (min+max)/2} and deviation {@code (max-min)/6}. */
  public Parameter normal() {
    return distribution(Distribution.NORMAL);
  }

  /** A copy sampled from a log-normal distribution, the normal rule applied to the logarithms of the bounds. */
  public Parameter logNormal() {
    return distribution(Distribution.LOG_NORMAL);
  }

  private Parameter withSpace(FeasibleSpace space) {
    return Parameter.copyOf(this).withFeasibleSpace(space);
  }

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
