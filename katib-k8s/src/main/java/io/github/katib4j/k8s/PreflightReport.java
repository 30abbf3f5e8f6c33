package io.github.katib4j.k8s;

import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import io.github.katib4j.validation.KatibConfig;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What {@link KatibClient#preflight} found about an experiment and the cluster it is meant for: errors that would
 * make Katib refuse it or make it fail later, and warnings about what could not be checked or is risky.
 *
 * <p>Rule ids: Katib's and katib-core's own (see {@code docs/validation-rules.md}), plus {@code K-crd} (Katib's CRDs
 * missing), {@code K-katib-config} (the cluster's katib-config unreadable; defaults used), {@code N1} (namespace
 * label), {@code N2} (a FromVolume experiment's volume left over), {@code K-size} (projected object size against
 * etcd's limit) and {@code K-access} (something could not be checked for lack of permission).
 */
public final class PreflightReport {
  private final List<Problem> errors;
  private final List<Problem> warnings;
  private final KatibConfig katibConfig;
  private final String katibConfigSource;

  private PreflightReport(List<Problem> errors, List<Problem> warnings, KatibConfig katibConfig,
      String katibConfigSource) {
    this.errors = List.copyOf(errors);
    this.warnings = List.copyOf(warnings);
    this.katibConfig = Objects.requireNonNull(katibConfig, "katibConfig");
    this.katibConfigSource = Objects.requireNonNull(katibConfigSource, "katibConfigSource");
  }

  public static PreflightReport of(List<Problem> errors, List<Problem> warnings, KatibConfig katibConfig,
      String katibConfigSource) {
    return new PreflightReport(errors, warnings, katibConfig, katibConfigSource);
  }

  /** Problems that would make Katib refuse the experiment, or make it certainly fail once running. */
  public List<Problem> errors() {
    return errors;
  }

  /** What could not be checked, and risks that do not stop the submission. */
  public List<Problem> warnings() {
    return warnings;
  }

  /** Whether there are no errors. */
  public boolean passed() {
    return errors.isEmpty();
  }

  /** The Katib configuration the experiment was checked against. */
  public KatibConfig katibConfig() {
    return katibConfig;
  }

  /** Where {@link #katibConfig()} came from: the cluster's ConfigMap, or Katib v0.19.0's defaults. */
  public String katibConfigSource() {
    return katibConfigSource;
  }

  /**
   * Throws when there are errors.
   *
   * @param subject what was checked, such as {@code Experiment "team-a/random"}
   * @throws KatibValidationException listing every error
   */
  public void throwIfFailed(String subject) {
    if (!errors.isEmpty()) {
      throw new KatibValidationException(subject, errors);
    }
  }

  @Override
  public String toString() {
    return (errors.isEmpty() ? "passed" : errors.size() + " errors") + ", " + warnings.size() + " warnings"
        + (errors.isEmpty() && warnings.isEmpty() ? ""
            : ":\n" + Stream.concat(errors.stream().map(p -> "error: " + p),
                warnings.stream().map(p -> "warning: " + p)).collect(Collectors.joining("\n")));
  }
}
