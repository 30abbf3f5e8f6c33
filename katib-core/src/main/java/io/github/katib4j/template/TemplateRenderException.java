package io.github.katib4j.template;

import io.github.katib4j.KatibValidationException;
import io.github.katib4j.internal.template.RenderFindings;
import java.util.List;
import java.util.Optional;

/**
 * A trial template that cannot be rendered as Katib would render it; lists every problem at once, with the names
 * involved available as typed lists.
 */
public final class TemplateRenderException extends KatibValidationException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> unknownPlaceholders;
  private final transient List<String> unusedTrialParameters;
  private final transient List<String> unreferencedParameters;
  private final transient List<String> missingAssignments;
  private final transient List<String> unknownAssignments;
  private final String renderedText;

  TemplateRenderException(String subject, RenderFindings findings) {
    super(subject, findings.problems());
    this.unknownPlaceholders = findings.unknownPlaceholders();
    this.unusedTrialParameters = findings.unusedTrialParameters();
    this.unreferencedParameters = findings.unreferencedParameters();
    this.missingAssignments = findings.missingAssignments();
    this.unknownAssignments = findings.unknownAssignments();
    this.renderedText = findings.renderedText().orElse(null);
  }

  /** Placeholders in the template, such as {@code ${trialParameters.lr}}, that no trial parameter declares. */
  public List<String> unknownPlaceholders() {
    return unknownPlaceholders;
  }

  /** Trial parameters whose placeholder does not appear in the template. */
  public List<String> unusedTrialParameters() {
    return unusedTrialParameters;
  }

  /** Search parameters ({@code spec.parameters}) that no trial parameter references; Katib fails every trial. */
  public List<String> unreferencedParameters() {
    return unreferencedParameters;
  }

  /** Parameters a trial parameter references but that were given no value. */
  public List<String> missingAssignments() {
    return missingAssignments;
  }

  /** Assigned names that no trial parameter references. */
  public List<String> unknownAssignments() {
    return unknownAssignments;
  }

  /** The substituted text, when rendering got that far and Katib could not decode it. */
  public Optional<String> renderedText() {
    return Optional.ofNullable(renderedText);
  }
}
