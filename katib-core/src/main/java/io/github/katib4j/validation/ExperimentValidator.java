package io.github.katib4j.validation;

import io.github.katib4j.experiment.Experiment;
import java.util.ArrayList;

/** Placeholder until the validation rules land; see issue 2. */
public final class ExperimentValidator {
  private ExperimentValidator() {}

  public static ExperimentValidator forBuilders() {
    return new ExperimentValidator();
  }

  public ValidationResult validate(Experiment experiment) {
    return ValidationResult.of(new ArrayList<>());
  }
}
