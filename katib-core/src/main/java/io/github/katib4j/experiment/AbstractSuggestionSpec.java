package io.github.katib4j.experiment;

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
}
