package io.github.katib4j.validation;

import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Experiment;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every problem validation found, empty when the object is valid; for text, also which document and what it read. */
public final class ValidationResult {
  private final List<Problem> problems;
  private final String source;
  private final Experiment experiment;

  private ValidationResult(List<Problem> problems, String source, Experiment experiment) {
    this.problems = List.copyOf(problems);
    this.source = source;
    this.experiment = experiment;
  }

  public static ValidationResult of(List<Problem> problems) {
    return new ValidationResult(problems, "", null);
  }

  /** The result for one document of a text: its name, what could be read from it (if anything) and the problems. */
  public static ValidationResult of(String source, Experiment experiment, List<Problem> problems) {
    return new ValidationResult(problems, source, experiment);
  }

  /** The problems in the order of the fields they concern (for text, in the order of the text). */
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

  /** The document validated, such as {@code experiments.yaml (document 2)}; empty for an object not read from text. */
  public String source() {
    return source;
  }

  /** The experiment read from the document, as written (not defaulted), when the document is an object. */
  public Optional<Experiment> experiment() {
    return Optional.ofNullable(experiment);
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
