package io.github.katib4j.validation;

import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.ConfigMapSource;
import io.github.katib4j.experiment.Experiment;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every problem validation found, empty when the object is valid; for text, also which document and what it read. */
public final class ValidationResult {
  private final List<Problem> problems;
  private final String source;
  private final Experiment experiment;
  private final ConfigMapSource unreadTemplate;

  private ValidationResult(List<Problem> problems, String source, Experiment experiment,
      ConfigMapSource unreadTemplate) {
    this.problems = List.copyOf(problems);
    this.source = source;
    this.experiment = experiment;
    this.unreadTemplate = unreadTemplate;
  }

  public static ValidationResult of(List<Problem> problems) {
    return new ValidationResult(problems, "", null, null);
  }

  /** The result for one document of a text: its name, what could be read from it (if anything) and the problems. */
  public static ValidationResult of(String source, Experiment experiment, List<Problem> problems) {
    return new ValidationResult(problems, source, experiment, null);
  }

  /** A copy saying that the trial template in {@code configMap} could not be read, so its rules did not run. */
  ValidationResult withUnreadTemplate(ConfigMapSource configMap) {
    return new ValidationResult(problems, source, experiment, configMap);
  }

  /** The problems in the order of the fields they concern (for text, in the order of the text). */
  public List<Problem> problems() {
    return problems;
  }

  public boolean isValid() {
    return problems.isEmpty();
  }

  /**
   * The ConfigMap that holds the experiment's trial template when the validator could not read it (it was given no
   * {@link ExperimentValidator#withConfigMaps} lookup), so T7, T12-T17 and the {@code K-} rules that read the template
   * did not run: "valid" then says nothing about the template.
   */
  public Optional<ConfigMapSource> unreadTemplate() {
    return Optional.ofNullable(unreadTemplate);
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
