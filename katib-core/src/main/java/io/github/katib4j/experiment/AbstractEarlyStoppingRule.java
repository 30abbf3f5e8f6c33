package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
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

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
