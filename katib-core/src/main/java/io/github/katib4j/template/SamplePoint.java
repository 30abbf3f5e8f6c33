package io.github.katib4j.template;

import io.github.katib4j.experiment.Distribution;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.FeasibleSpace;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterType;
import io.github.katib4j.experiment.TrialParameter;
import io.github.katib4j.internal.Numbers;
import io.github.katib4j.internal.template.TemplateSyntax;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A deterministic point of an experiment's search space, to render a trial without a suggestion service: the
 * midpoint of each range (geometric for log distributions; an integer, on the step grid, when the parameter has
 * them) and the first item of each list. {@link #explanations()} says which point was taken and why.
 */
public final class SamplePoint {
  /** The characters of the random suffix of Katib's trial names ({@code utilrand.String}). */
  private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final Map<String, String> assignments;
  private final List<String> explanations;
  private final String trialName;

  private SamplePoint(Map<String, String> assignments, List<String> explanations, String trialName) {
    this.assignments = Collections.unmodifiableMap(assignments);
    this.explanations = List.copyOf(explanations);
    this.trialName = trialName;
  }

  /**
   * The sample point of {@code experiment}'s search space. For a NAS experiment (no {@code spec.parameters}), each
   * trial parameter that takes a suggestion value gets a stand-in {@code sample-<reference>}.
   */
  public static SamplePoint of(Experiment experiment) {
    Map<String, String> assignments = new LinkedHashMap<>();
    List<String> explanations = new ArrayList<>();
    for (Parameter parameter : experiment.spec().parameters()) {
      Optional<String> why = sample(parameter, assignments);
      why.ifPresent(w -> explanations.add(parameter.name() + " = "
          + assignments.getOrDefault(parameter.name(), "(none)") + ": " + w));
    }
    if (experiment.spec().parameters().isEmpty()) {
      List<TrialParameter> trialParameters = experiment.spec().trialTemplate()
          .map(t -> t.trialParameters()).orElse(List.of());
      for (TrialParameter p : trialParameters) {
        if (!p.reference().isEmpty() && TemplateSyntax.metadataReference(p.reference()).isEmpty()) {
          assignments.put(p.reference(), "sample-" + p.reference());
          explanations.add(p.reference() + " = sample-" + p.reference() + ": a stand-in; the NAS algorithm's"
              + " service makes the real value");
        }
      }
    }
    return new SamplePoint(assignments, explanations, trialName(experiment));
  }

  /** Parameter name to value, in the experiment's parameter order. */
  public Map<String, String> assignments() {
    return assignments;
  }

  /** One line per parameter: {@code lr = 0.03: the midpoint of [0.01, 0.05]}. */
  public List<String> explanations() {
    return explanations;
  }

  /**
   * A trial name in Katib's form, {@code <experiment>-<8 characters>}, always the same for the same experiment
   * name.
   */
  public String trialName() {
    return trialName;
  }

  @Override
  public String toString() {
    return String.join("\n", explanations);
  }

  private static String trialName(Experiment experiment) {
    String base = experiment.name().isEmpty() ? experiment.metadata().generateName().replaceAll("-+$", "")
        : experiment.name();
    Random random = new Random(base.hashCode());
    StringBuilder name = new StringBuilder(base.isEmpty() ? "trial" : base).append('-');
    for (int i = 0; i < 8; i++) {
      name.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
    }
    return name.toString();
  }

  /** Puts the sample of {@code parameter} into {@code out}; returns the explanation. */
  private static Optional<String> sample(Parameter parameter, Map<String, String> out) {
    FeasibleSpace space = parameter.feasibleSpace();
    ParameterType type = parameter.parameterType().orElse(null);
    if (type == ParameterType.CATEGORICAL || type == ParameterType.DISCRETE
        || (type == null && !space.list().isEmpty())) {
      if (space.list().isEmpty()) {
        return Optional.of("cannot sample: the list is empty");
      }
      out.put(parameter.name(), space.list().get(0));
      return Optional.of("the first of " + space.list());
    }
    Optional<BigDecimal> min = space.minText().flatMap(SamplePoint::decimal);
    Optional<BigDecimal> max = space.maxText().flatMap(SamplePoint::decimal);
    if (min.isEmpty() || max.isEmpty()) {
      return Optional.of("cannot sample: min and max must both be numbers");
    }
    Optional<BigDecimal> step = space.stepText().flatMap(SamplePoint::decimal).filter(s -> s.signum() > 0);
    String range = "[" + space.minText().get() + ", " + space.maxText().get() + "]";
    if (type == ParameterType.INT) {
      BigInteger low = min.get().setScale(0, RoundingMode.CEILING).toBigInteger();
      BigInteger high = max.get().setScale(0, RoundingMode.FLOOR).toBigInteger();
      BigInteger stride = step.map(s -> s.setScale(0, RoundingMode.CEILING).toBigInteger().max(BigInteger.ONE))
          .orElse(BigInteger.ONE);
      BigInteger count = high.subtract(low).divide(stride);
      BigInteger value = low.add(count.divide(BigInteger.TWO).multiply(stride));
      out.put(parameter.name(), value.toString());
      return Optional.of("the middle integer of " + range + (step.isPresent() ? " on steps of " + stride : ""));
    }
    boolean logScale = space.distribution().map(d -> d == Distribution.LOG_UNIFORM || d == Distribution.LOG_NORMAL)
        .orElse(false) && min.get().signum() > 0;
    BigDecimal middle = logScale
        ? new BigDecimal(Math.sqrt(min.get().doubleValue() * max.get().doubleValue()), MathContext.DECIMAL64)
        : min.get().add(max.get()).divide(BigDecimal.valueOf(2), MathContext.DECIMAL64);
    String how = logScale ? "the geometric midpoint of " + range : "the midpoint of " + range;
    if (step.isPresent()) {
      BigDecimal steps = middle.subtract(min.get()).divide(step.get(), 0, RoundingMode.HALF_EVEN);
      middle = min.get().add(steps.multiply(step.get()));
      if (middle.compareTo(max.get()) > 0) {
        middle = middle.subtract(step.get());
      }
      how += ", on the grid of steps of " + space.stepText().get() + " from the minimum";
    }
    out.put(parameter.name(), Numbers.format(middle.doubleValue()));
    return Optional.of(how);
  }

  private static Optional<BigDecimal> decimal(String text) {
    if (Numbers.parseDouble(text).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new BigDecimal(text.trim().replaceFirst("^\\+", "")));
  }
}
