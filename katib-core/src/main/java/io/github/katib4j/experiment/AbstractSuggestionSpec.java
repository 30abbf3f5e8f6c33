package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.util.Optional;
import org.immutables.value.Value;

/** What the experiment controller asks of the suggestion service. */
@Value.Immutable
public abstract class AbstractSuggestionSpec {
  public abstract Optional<Algorithm> algorithm();

  public abstract Optional<EarlyStopping> earlyStopping();

  /** Total assignments requested so far. */
  @Value.Default
  public int requests() {
    return 0;
  }

  public abstract Optional<ResumePolicy> resumePolicy();

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
