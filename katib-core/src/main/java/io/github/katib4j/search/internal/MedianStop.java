package io.github.katib4j.search.internal;

import io.github.katib4j.Problem;
import io.github.katib4j.experiment.ComparisonType;
import io.github.katib4j.experiment.EarlyStopping;
import io.github.katib4j.experiment.EarlyStoppingRule;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.ObjectiveType;
import io.github.katib4j.internal.Numbers;
import io.github.katib4j.search.EarlyStopper;
import io.github.katib4j.search.StopRuleMonitor;
import io.github.katib4j.search.TrialRecord;
import io.github.katib4j.search.TrialState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Katib's {@code medianstop}: once {@code min_trials_required} trials have succeeded, a new trial carries a rule that
 * stops it when its best objective value so far, at its {@code start_step}-th report, is worse than the arithmetic
 * mean (despite the name) of those trials' averages over their first {@code start_step} reports.
 */
public final class MedianStop implements EarlyStopper {
  static final String NAME = "medianstop";

  private final int minTrialsRequired;
  private final int startStep;
  private final ObjectiveType objectiveType;
  private final String objectiveMetricName;
  private final Map<String, Double> averages = new LinkedHashMap<>();

  private MedianStop(int minTrialsRequired, int startStep, ObjectiveType objectiveType, String objectiveMetricName) {
    this.minTrialsRequired = minTrialsRequired;
    this.startStep = startStep;
    this.objectiveType = objectiveType;
    this.objectiveMetricName = objectiveMetricName;
  }

  /** The early stopper of {@code spec}, or empty without {@code spec.earlyStopping}; problems go to the list. */
  public static Optional<EarlyStopper> create(ExperimentSpec spec, List<Problem> problems) {
    if (spec.earlyStopping().isEmpty()) {
      return Optional.empty();
    }
    EarlyStopping earlyStopping = spec.earlyStopping().get();
    String name = earlyStopping.algorithmName();
    if (!NAME.equals(name)) {
      problems.add(Problem.of("spec.earlyStopping.algorithmName", "E2", "early-stopping algorithm "
          + (name.isEmpty() ? "(none)" : name) + " is not one Katib ships; use " + NAME));
      return Optional.empty();
    }
    SettingsReader settings = new SettingsReader(NAME, "spec.earlyStopping.algorithmSettings", "S-" + NAME,
        earlyStopping.algorithmSettings(), problems);
    settings.rejectUnknown(Set.of("min_trials_required", "start_step"));
    long minTrials = settings.integer("min_trials_required", v -> v > 0,
        "min_trials_required must be greater than zero (>0)").orElse(3);
    long startStep = settings.integer("start_step", v -> v >= 1,
        "start_step must be greater or equal than one (>=1)").orElse(4);
    ObjectiveType type = Algorithms.objectiveType(spec, problems);
    if (!problems.isEmpty()) {
      return Optional.empty();
    }
    String metric = spec.objective().orElseThrow().objectiveMetricName();
    return Optional.of(new MedianStop((int) Math.min(Integer.MAX_VALUE, minTrials),
        (int) Math.min(Integer.MAX_VALUE, startStep), type, metric));
  }

  @Override
  public String algorithmName() {
    return NAME;
  }

  @Override
  public void tell(TrialRecord trial) {
    // Katib averages the first start_step values a succeeded trial logged; a trial that logged none has no average
    // (Katib's service would divide by zero), so it does not count.
    if (trial.state() != TrialState.SUCCEEDED || trial.intermediateValues().isEmpty()) {
      averages.remove(trial.name());
      return;
    }
    List<Double> first = trial.intermediateValues().subList(0, Math.min(startStep, trial.intermediateValues().size()));
    double average = first.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    if (Double.isFinite(average)) {
      averages.put(trial.name(), average);
    }
  }

  @Override
  public List<EarlyStoppingRule> rules() {
    if (averages.size() < minTrialsRequired) {
      return List.of();
    }
    double mean = averages.values().stream().mapToDouble(Double::doubleValue).sum() / averages.size();
    return List.of(EarlyStoppingRule.builder()
        .name(objectiveMetricName)
        .value(Numbers.format(mean))
        .comparison(objectiveType == ObjectiveType.MAXIMIZE ? ComparisonType.LESS : ComparisonType.GREATER)
        .startStep(startStep)
        .build());
  }

  @Override
  public StopRuleMonitor monitor(List<EarlyStoppingRule> rules) {
    return StopRuleMonitor.of(objectiveType, objectiveMetricName, rules);
  }
}
