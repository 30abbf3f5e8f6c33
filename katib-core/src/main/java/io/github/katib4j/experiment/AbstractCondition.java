package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A condition of an Experiment, Trial or Suggestion. {@code type} is one of {@link ExperimentConditionType},
 * {@link TrialConditionType} or {@link SuggestionConditionType}, kept as text so that a newer Katib's types survive.
 */
@Value.Immutable
public abstract class AbstractCondition {
  @Value.Default
  public String type() {
    return "";
  }

  @Value.Default
  public ConditionStatus status() {
    return ConditionStatus.UNKNOWN;
  }

  @Value.Default
  public String reason() {
    return "";
  }

  @Value.Default
  public String message() {
    return "";
  }

  public abstract Optional<Instant> lastUpdateTime();

  public abstract Optional<Instant> lastTransitionTime();

  /** Whether this condition is of {@code type} with status {@code True}. */
  public boolean isTrue(WireValue type) {
    return type.wireName().equals(type()) && status() == ConditionStatus.TRUE;
  }

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
