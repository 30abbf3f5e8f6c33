package io.github.katib4j.validation;

import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** Every problem validation found; empty when the object is valid. */
public final class ValidationResult {
  private final List<Problem> problems;

  private ValidationResult(List<Problem> problems) {
    this.problems = List.copyOf(problems);
  }

  public static ValidationResult of(List<Problem> problems) {
    return new ValidationResult(problems);
  }

  /** The problems in the order of the fields they concern. */
  public List<Problem> problems() {
    return problems;
  }

  public boolean isValid() {
    return problems.isEmpty();
  }

  /** The problems found by rule {@code rule}. */
  public List<Problem> byRule(String rule) {
    return problems.stream().filter(p -> p.rule().equals(rule)).collect(Collectors.toList());
  }

  /**
   * Throws when there are problems.
   *
   * @param subject what was validated, for the message, such as {@code Experiment "kubeflow/random"}
   * @throws KatibValidationException listing every problem
   */
  public void throwIfInvalid(String subject) {
    if (!problems.isEmpty()) {
      throw new KatibValidationException(subject, problems);
    }
  }

  @Override
  public String toString() {
    return problems.isEmpty() ? "valid" : problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }
}
