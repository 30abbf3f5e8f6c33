package io.github.katib4j.search;

import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.ComparisonType;
import io.github.katib4j.experiment.EarlyStoppingRule;
import io.github.katib4j.experiment.ObjectiveType;
import io.github.katib4j.internal.Numbers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks one trial's metric reports against its early-stopping rules as Katib's metrics collector does, and says
 * when the trial should stop.
 *
 * <p>For the objective metric the collector compares the best value so far (the maximum when maximizing, the minimum
 * when minimizing). A rule with {@code startStep = n} is compared once, at the metric's n-th report (Katib's counter
 * keeps falling after that, so later reports are never compared); a rule with {@code startStep = 0} is compared at
 * every report. A rule that holds is done; the trial stops when every rule is done. Without rules it never stops.
 */
public final class StopRuleMonitor {
  private final ObjectiveType objectiveType;
  private final String objectiveMetricName;
  private final List<EarlyStoppingRule> pending;
  private final Map<String, Long> stepsLeft = new HashMap<>();
  private final boolean hasRules;
  private Double best;

  private StopRuleMonitor(ObjectiveType objectiveType, String objectiveMetricName, List<EarlyStoppingRule> rules) {
    this.objectiveType = Objects.requireNonNull(objectiveType, "objectiveType");
    this.objectiveMetricName = Objects.requireNonNull(objectiveMetricName, "objectiveMetricName");
    this.pending = new ArrayList<>(rules);
    this.hasRules = !rules.isEmpty();
    for (EarlyStoppingRule rule : rules) {
      if (Numbers.parseDouble(rule.value()).isEmpty()) {
        throw new KatibException("early-stopping rule for " + rule.name() + " has value \"" + rule.value()
            + "\", which is not a number");
      }
      if (rule.startStep() != 0) {
        stepsLeft.put(rule.name(), rule.startStep());
      }
    }
  }

  /** A monitor for a trial of an experiment that {@code objectiveType}s {@code objectiveMetricName}. */
  public static StopRuleMonitor of(ObjectiveType objectiveType, String objectiveMetricName,
      List<EarlyStoppingRule> rules) {
    return new StopRuleMonitor(objectiveType, objectiveMetricName, rules);
  }

  /** Records one report of {@code metricName} and says whether the trial should stop now. */
  public boolean report(String metricName, double value) {
    if (!hasRules || pending.isEmpty()) {
      return isTriggered();
    }
    double compared = value;
    if (metricName.equals(objectiveMetricName)) {
      if (best == null || (objectiveType == ObjectiveType.MAXIMIZE ? value > best : value < best)) {
        best = value;
      }
      compared = best;
    }
    for (int i = 0; i < pending.size(); i++) {
      EarlyStoppingRule rule = pending.get(i);
      if (!rule.name().equals(metricName)) {
        continue;
      }
      if (stepsLeft.containsKey(rule.name())) {
        long left = stepsLeft.merge(rule.name(), -1L, Long::sum);
        if (left != 0) {
          continue;
        }
      }
      if (holds(rule, compared)) {
        pending.remove(i);
        i--;
      }
    }
    return isTriggered();
  }

  /**
   * The metrics of the rules that have not held yet: while there are any, Katib's collector reads every line that
   * names one of them for early stopping (and fails on a value there that is not a number). Empty without rules.
   */
  public Set<String> pendingMetricNames() {
    if (pending.isEmpty()) {
      return Set.of();
    }
    Set<String> names = new LinkedHashSet<>();
    for (EarlyStoppingRule rule : pending) {
      names.add(rule.name());
    }
    return names;
  }

  /** Whether every rule has held, so the trial should stop (or has been stopped). */
  public boolean isTriggered() {
    return hasRules && pending.isEmpty();
  }

  private static boolean holds(EarlyStoppingRule rule, double value) {
    double threshold = Numbers.parseDouble(rule.value()).getAsDouble();
    ComparisonType comparison = rule.comparison().orElse(ComparisonType.EQUAL);
    switch (comparison) {
      case LESS:
        return value < threshold;
      case GREATER:
        return value > threshold;
      default:
        return value == threshold;
    }
  }
}
