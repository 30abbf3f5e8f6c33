package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** The assignments issued so far and the algorithm's state. */
@Value.Immutable
public abstract class AbstractSuggestionStatus {
  /** Settings returned by the algorithm service; they override the experiment's (Hyperband keeps its state here). */
  public abstract List<AlgorithmSetting> algorithmSettings();

  @Value.Default
  public int suggestionCount() {
    return 0;
  }

  public abstract List<TrialAssignment> suggestions();

  public abstract Optional<Instant> startTime();

  public abstract Optional<Instant> completionTime();

  public abstract Optional<Instant> lastReconcileTime();

  public abstract List<Condition> conditions();

  /** The condition of {@code type}, if present. */
  public Optional<Condition> condition(SuggestionConditionType type) {
    return Conditions.find(conditions(), type);
  }

  /** Whether the condition {@code type} is True. */
  public boolean is(SuggestionConditionType type) {
    return Conditions.isTrue(conditions(), type);
  }

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
