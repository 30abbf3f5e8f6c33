package io.github.katib4j.search;

import io.github.katib4j.KatibException;
import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Distribution;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.FeasibleSpace;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.experiment.ParameterType;
import io.github.katib4j.internal.Numbers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters an experiment searches ({@code spec.parameters}), checked and typed: ranges as numbers, lists as
 * items, and the conversions between Katib's string assignments and typed {@link Assignment}s.
 */
public final class SearchSpace {
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private final Map<String, SearchParameter> parameters;

  private SearchSpace(Map<String, SearchParameter> parameters) {
    this.parameters = parameters;
  }

  /** The search space of {@code spec.parameters}. */
  public static SearchSpace of(ExperimentSpec spec) {
    return of(spec.parameters());
  }

  /**
   * The search space of these parameters.
   *
   * @throws KatibValidationException listing every parameter that no algorithm could sample (a missing or unknown
   *     type, bounds that are missing, not numbers or reversed, a step that is not positive, an empty list, an int
   *     bound beyond the 64-bit integers)
   */
  public static SearchSpace of(List<Parameter> parameters) {
    List<Problem> problems = new ArrayList<>();
    Map<String, SearchParameter> byName = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < parameters.size(); i++) {
      String path = "spec.parameters[" + i + "]";
      Parameter p = parameters.get(i);
      if (p.name().isEmpty()) {
        problems.add(Problem.of(path + ".name", "K-parameter-name", "a parameter needs a name"));
        continue;
      }
      if (!seen.add(p.name())) {
        problems.add(Problem.of(path + ".name", "K-duplicate-parameter",
            "parameter " + p.name() + " is defined twice; give each parameter a unique name"));
        continue;
      }
      SearchParameter parameter = parameter(path, p, problems);
      if (parameter != null) {
        byName.put(p.name(), parameter);
      }
    }
    if (parameters.isEmpty()) {
      problems.add(Problem.of("spec.parameters", "P1", "a search needs at least one parameter"));
    }
    if (!problems.isEmpty()) {
      throw new KatibValidationException("The search space", problems);
    }
    return new SearchSpace(Collections.unmodifiableMap(byName));
  }

  /** The parameters in the experiment's order. */
  public List<SearchParameter> parameters() {
    return List.copyOf(parameters.values());
  }

  /** The parameter called {@code name}. */
  public SearchParameter parameter(String name) {
    return find(name).orElseThrow(() -> new KatibException(
        "the search space has no parameter " + name + "; it has " + parameters.keySet()));
  }

  /** The parameter called {@code name}, if any. */
  public Optional<SearchParameter> find(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  /** The number of parameters. */
  public int size() {
    return parameters.size();
  }

  /** The typed assignment of Katib's wire form; every parameter must be assigned exactly once. */
  public Assignment assignment(List<ParameterAssignment> wire) {
    Map<String, String> values = new LinkedHashMap<>();
    for (ParameterAssignment a : wire) {
      if (values.put(a.name(), a.value()) != null) {
        throw new KatibException("parameter " + a.name() + " is assigned twice; assign each parameter once");
      }
    }
    return assignment(values);
  }

  /** The typed assignment of parameter names to Katib's string values; every parameter must be assigned. */
  public Assignment assignment(Map<String, String> values) {
    for (String name : values.keySet()) {
      if (!parameters.containsKey(name)) {
        throw new KatibException("the assignment names parameter " + name + ", which the search space does not have;"
            + " it has " + parameters.keySet());
      }
    }
    List<ParameterValue> typed = new ArrayList<>();
    for (SearchParameter p : parameters.values()) {
      String text = values.get(p.name());
      if (text == null) {
        throw new KatibException("the assignment has no value for parameter " + p.name() + "; assign every one of "
            + parameters.keySet());
      }
      typed.add(p.parse(text));
    }
    return Assignment.of(typed);
  }

  @Override
  public String toString() {
    return parameters.values().toString();
  }

  private static SearchParameter parameter(String path, Parameter p, List<Problem> problems) {
    FeasibleSpace space = p.feasibleSpace();
    ParameterType type = p.parameterType().orElse(null);
    Distribution distribution = space.distribution().filter(d -> d != Distribution.UNKNOWN)
        .orElse(Distribution.UNIFORM);
    if (type == null || type == ParameterType.UNKNOWN) {
      problems.add(Problem.of(path + ".parameterType", "P3", "parameter " + p.name() + " needs parameterType int,"
          + " double, categorical or discrete; found " + (type == null ? "none" : "unknown")));
      return null;
    }
    if (type == ParameterType.CATEGORICAL || type == ParameterType.DISCRETE) {
      if (space.list().isEmpty()) {
        problems.add(Problem.of(path + ".feasibleSpace.list", "K-list",
            "parameter " + p.name() + " is " + type + " but its feasibleSpace.list is empty; list its values"));
        return null;
      }
      if (type == ParameterType.DISCRETE) {
        for (int j = 0; j < space.list().size(); j++) {
          if (Numbers.parseDouble(space.list().get(j)).isEmpty()) {
            problems.add(Problem.of(path + ".feasibleSpace.list[" + j + "]", "K-discrete", "parameter " + p.name()
                + " is discrete, so its items must be numbers; found \"" + space.list().get(j)
                + "\" (use categorical for text)"));
            return null;
          }
        }
      }
      return new SearchParameter(p.name(), type, distribution, null, null, null, space.list());
    }
    int before = problems.size();
    BigDecimal min = bound(path + ".feasibleSpace.min", p, "min", space.minText(), problems);
    BigDecimal max = bound(path + ".feasibleSpace.max", p, "max", space.maxText(), problems);
    BigDecimal step = space.stepText().isPresent()
        ? bound(path + ".feasibleSpace.step", p, "step", space.stepText(), problems) : null;
    if (problems.size() > before) {
      return null;
    }
    if (min.compareTo(max) > 0) {
      problems.add(Problem.of(path + ".feasibleSpace.max", "K-min-max", "parameter " + p.name()
          + " needs min <= max, but got (min=" + min.toPlainString() + ", max=" + max.toPlainString() + ")"));
    }
    if (step != null && step.signum() <= 0) {
      problems.add(Problem.of(path + ".feasibleSpace.step", "K-step", "parameter " + p.name()
          + " needs a step > 0, but got " + step.toPlainString()));
    }
    if (type == ParameterType.INT) {
      for (BigDecimal bound : step == null ? List.of(min, max) : List.of(min, max, step)) {
        if (bound.stripTrailingZeros().scale() > 0) {
          problems.add(Problem.of(path + ".feasibleSpace", "K-int", "parameter " + p.name()
              + " is int, so min, max and step must be whole numbers; found " + bound.toPlainString()));
          break;
        }
      }
      for (BigDecimal bound : step == null ? List.of(min, max) : List.of(min, max, step)) {
        if (bound.compareTo(LONG_MIN) < 0 || bound.compareTo(LONG_MAX) > 0) {
          // Katib's Python services take such bounds (hyperopt draws a float and int() makes it a Python integer).
          problems.add(Problem.of(path + ".feasibleSpace", "K-local", "parameter " + p.name() + " is int with a"
              + " bound of " + bound.toPlainString() + ", beyond the 64-bit integers (" + Long.MIN_VALUE + " to "
              + Long.MAX_VALUE + ") that katib4j's search holds its values in; keep int bounds within them, or make"
              + " the parameter a double"));
          break;
        }
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return new SearchParameter(p.name(), type, distribution, min, max, step, List.of());
  }

  private static BigDecimal bound(String path, Parameter p, String field, Optional<String> text,
      List<Problem> problems) {
    if (text.isEmpty() || text.get().isBlank()) {
      problems.add(Problem.of(path, "P6", "parameter " + p.name() + " is " + p.parameterType().orElseThrow()
          + ", so it needs feasibleSpace.min and feasibleSpace.max; " + field + " is missing"));
      return null;
    }
    if (Numbers.parseDouble(text.get()).isEmpty()) {
      problems.add(Problem.of(path, "K-number", "parameter " + p.name() + " has " + field + " \"" + text.get()
          + "\", which is not a number"));
      return null;
    }
    return new BigDecimal(text.get().trim());
  }
}
