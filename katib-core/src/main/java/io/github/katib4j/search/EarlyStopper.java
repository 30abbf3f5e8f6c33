package io.github.katib4j.search;

import io.github.katib4j.experiment.EarlyStoppingRule;
import java.util.List;

/**
 * An early-stopping algorithm (Katib's {@code medianstop}): told about trials, it gives the rules a trial created now
 * carries; a {@link StopRuleMonitor} then checks a running trial's reports against them.
 */
public interface EarlyStopper {
  /** Katib's name of the algorithm. */
  String algorithmName();

  /** Records the current state of a trial; telling a trial again replaces what was told before. */
  void tell(TrialRecord trial);

  /**
   * The rules for a trial created now; empty while too few trials have succeeded, in which case the trial runs to the
   * end, as on Katib.
   */
  List<EarlyStoppingRule> rules();

  /** A monitor for one trial created with {@code rules}. */
  StopRuleMonitor monitor(List<EarlyStoppingRule> rules);
}
