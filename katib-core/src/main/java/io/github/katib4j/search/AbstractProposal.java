package io.github.katib4j.search;

import io.github.katib4j.experiment.EarlyStoppingRule;
import io.github.katib4j.experiment.TrialAssignment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/** A trial a suggester proposes: its assignment, the labels Katib's service would give it, and its checkpoint. */
@Value.Immutable
public abstract class AbstractProposal {
  public abstract Assignment assignment();

  /** Labels for the trial, such as PBT's {@code pbt.suggestion.katib.kubeflow.org/generation}. */
  public abstract Map<String, String> labels();

  /**
   * The trial whose checkpoint directory this trial continues from (PBT); the engine copies that directory into the
   * new trial's directory before the trial starts.
   */
  public abstract Optional<String> checkpointParent();

  /** The record of the trial made from this proposal, named {@code name} and running. */
  public TrialRecord toTrial(String name) {
    return TrialRecord.builder().name(name).assignment(assignment()).labels(labels()).build();
  }

  /** Katib's form, as the Suggestion status lists it, for a trial named {@code name}. */
  public TrialAssignment toTrialAssignment(String name, List<EarlyStoppingRule> earlyStoppingRules) {
    return TrialAssignment.builder()
        .name(name)
        .parameterAssignments(assignment().toWire())
        .earlyStoppingRules(earlyStoppingRules)
        .labels(labels())
        .build();
  }
}
