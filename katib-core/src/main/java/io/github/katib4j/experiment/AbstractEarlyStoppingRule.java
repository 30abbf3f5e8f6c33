package io.github.katib4j.experiment;

import java.util.Optional;
import org.immutables.value.Value;

/** A rule that stops a trial when its metric compares with {@code value} after {@code startStep} reports. */
@Value.Immutable
public abstract class AbstractEarlyStoppingRule {
  @Value.Default
  public String name() {
    return "";
  }

  @Value.Default
  public String value() {
    return "";
  }

  public abstract Optional<ComparisonType> comparison();

  /** The report at which the rule is compared; 0 compares at every report. A Go {@code int}: 64 bits. */
  @Value.Default
  public long startStep() {
    return 0;
  }
}
