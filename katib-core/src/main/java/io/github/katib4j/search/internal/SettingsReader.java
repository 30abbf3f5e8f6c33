package io.github.katib4j.search.internal;

import io.github.katib4j.Problem;
import io.github.katib4j.experiment.AlgorithmSetting;
import io.github.katib4j.internal.Numbers;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;

/**
 * Reads an algorithm's string settings the way Katib's Python services do ({@code int(value)}, {@code float(value)}),
 * collecting a problem for each value a service would reject instead of stopping at the first.
 */
public final class SettingsReader {
  /** What Python's {@code int()} accepts, without underscores. */
  private static final Pattern PYTHON_INT = Pattern.compile("\\s*[+-]?\\d+\\s*");

  private final String algorithm;
  private final String path;
  private final String rule;
  private final List<AlgorithmSetting> settings;
  private final List<Problem> problems;

  /**
   * Settings of {@code algorithm} found at {@code path} (such as {@code spec.algorithm.algorithmSettings}); problems
   * get rule id {@code rule}.
   */
  public SettingsReader(String algorithm, String path, String rule, List<AlgorithmSetting> settings,
      List<Problem> problems) {
    this.algorithm = algorithm;
    this.path = path;
    this.rule = rule;
    this.settings = settings;
    this.problems = problems;
  }

  /** The raw value of setting {@code name}; the last one wins when it is set twice, as in Katib's services. */
  public Optional<String> raw(String name) {
    Optional<String> value = Optional.empty();
    for (AlgorithmSetting s : settings) {
      if (s.name().equals(name)) {
        value = Optional.of(s.value());
      }
    }
    return value;
  }

  /** Adds a problem for each setting not in {@code known}. */
  public void rejectUnknown(Set<String> known) {
    for (int i = 0; i < settings.size(); i++) {
      String name = settings.get(i).name();
      if (!known.contains(name)) {
        problems.add(Problem.of(path + "[" + i + "].name", rule, "unknown setting " + name + " for algorithm "
            + algorithm + "; it accepts " + String.join(", ", known.stream().sorted().toList())));
      }
    }
  }

  /** Adds a problem unless setting {@code name} is present. */
  public boolean require(String name) {
    if (raw(name).isPresent()) {
      return true;
    }
    problems.add(Problem.of(path, rule, "algorithm " + algorithm + " requires setting " + name));
    return false;
  }

  /** Setting {@code name} as a whole number that satisfies {@code valid} (described by {@code requirement}). */
  public OptionalLong integer(String name, LongPredicate valid, String requirement) {
    OptionalLong result = OptionalLong.empty();
    for (int i = 0; i < settings.size(); i++) {
      AlgorithmSetting s = settings.get(i);
      if (!s.name().equals(name)) {
        continue;
      }
      if (!PYTHON_INT.matcher(s.value()).matches()) {
        problems.add(Problem.of(valuePath(i), rule, "setting " + name + " of algorithm " + algorithm + " is \""
            + s.value() + "\", which is not a whole number; " + requirement));
        result = OptionalLong.empty();
        continue;
      }
      long value = Long.parseLong(s.value().trim().replace("+", ""));
      if (!valid.test(value)) {
        problems.add(Problem.of(valuePath(i), rule, "setting " + name + " of algorithm " + algorithm + " is "
            + value + "; " + requirement));
        result = OptionalLong.empty();
        continue;
      }
      result = OptionalLong.of(value);
    }
    return result;
  }

  /** Setting {@code name} as a number that satisfies {@code valid} (described by {@code requirement}). */
  public OptionalDouble number(String name, DoublePredicate valid, String requirement) {
    OptionalDouble result = OptionalDouble.empty();
    for (int i = 0; i < settings.size(); i++) {
      AlgorithmSetting s = settings.get(i);
      if (!s.name().equals(name)) {
        continue;
      }
      OptionalDouble value = Numbers.parseDouble(s.value());
      if (value.isEmpty()) {
        problems.add(Problem.of(valuePath(i), rule, "setting " + name + " of algorithm " + algorithm + " is \""
            + s.value() + "\", which is not a number; " + requirement));
        result = OptionalDouble.empty();
        continue;
      }
      if (!valid.test(value.getAsDouble())) {
        problems.add(Problem.of(valuePath(i), rule, "setting " + name + " of algorithm " + algorithm + " is "
            + s.value().trim() + "; " + requirement));
        result = OptionalDouble.empty();
        continue;
      }
      result = value;
    }
    return result;
  }

  /** Setting {@code name} when it is one of {@code allowed}. */
  public Optional<String> oneOf(String name, Set<String> allowed) {
    Optional<String> result = Optional.empty();
    for (int i = 0; i < settings.size(); i++) {
      AlgorithmSetting s = settings.get(i);
      if (!s.name().equals(name)) {
        continue;
      }
      if (!allowed.contains(s.value())) {
        problems.add(Problem.of(valuePath(i), rule, "setting " + name + " of algorithm " + algorithm + " is \""
            + s.value() + "\"; use one of " + String.join(", ", allowed.stream().sorted().toList())));
        result = Optional.empty();
        continue;
      }
      result = Optional.of(s.value());
    }
    return result;
  }

  private String valuePath(int index) {
    return path + "[" + index + "].value";
  }
}
