package io.github.katib4j.internal.local;

import io.github.katib4j.experiment.Condition;
import io.github.katib4j.experiment.ConditionStatus;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.ExperimentStatus;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Observation;
import io.github.katib4j.experiment.OptimalTrial;
import io.github.katib4j.experiment.ResumePolicy;
import io.github.katib4j.internal.OptimalTrialScan;
import io.github.katib4j.metrics.Observations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An experiment's status as Katib's experiment controller computes it ({@code status_util.go} at v0.19.0): trial lists
 * and counters, the optimal trial, and the end rules in Katib's order (goal reached, too many failures, trial budget
 * used, suggestions exhausted), with Katib's conditions, reasons and messages.
 *
 * <p>Counters and the optimal trial are kept incrementally, so a trial's change costs O(1); the optimal trial is
 * {@link OptimalTrialScan}'s, which falls back to Katib's full scan only for its corner cases (NaN and non-numeric
 * objective values).
 */
final class StatusTracker {
  static final String GOAL_REACHED = "ExperimentGoalReached";
  static final String MAX_TRIALS_REACHED = "ExperimentMaxTrialsReached";
  static final String SUGGESTION_END_REACHED = "ExperimentSuggestionEndReached";
  static final String FAILED = "ExperimentFailed";

  private final Objective objective;
  private final List<LocalTrial> trials;
  /**
   * Each state's trials by creation index: the lists read in creation order, as Katib's scan over the trials builds
   * them, whatever order the trials reached their states in, so an engine that reads the
   * journal back shows the same lists as the engine that wrote it.
   */
  private final Map<TrialState, BitSet> lists = new EnumMap<>(TrialState.class);
  private final int[] counts = new int[TrialState.values().length];
  private final ConditionList conditions = new ConditionList();
  private ExperimentSpec spec;
  private Instant startTime;
  private Instant completionTime;
  private final OptimalTrialScan optimal;

  StatusTracker(ExperimentSpec spec, List<LocalTrial> trials) {
    this.spec = spec;
    this.objective = spec.objective().orElseThrow();
    this.optimal = new OptimalTrialScan(objective.type().orElse(null));
    this.trials = trials;
    for (TrialState state : TrialState.values()) {
      lists.put(state, new BitSet());
    }
  }

  void setSpec(ExperimentSpec spec) {
    this.spec = spec;
  }

  void created(Instant now) {
    if (startTime == null) {
      startTime = now;
    }
    conditions.set("Created", ConditionStatus.TRUE, "ExperimentCreated", "Experiment is created", now);
  }

  /** Records a trial read back from the journal, in its current state. */
  void restore(LocalTrial trial) {
    enter(trial, trial.state);
    if (!trial.state.isActive()) {
      observe(trial);
    }
  }

  /** Restores the conditions and times recorded in the journal. */
  void restore(List<Condition> recorded, Instant start, Instant completion) {
    conditions.restore(recorded);
    startTime = start;
    completionTime = completion;
  }

  /** Records that {@code trial} moved from {@code previous} to its current state. */
  void moved(LocalTrial trial, TrialState previous) {
    if (previous != null) {
      lists.get(previous).clear(trial.index);
      counts[previous.ordinal()]--;
    }
    enter(trial, trial.state);
    if (previous != null && previous.isActive() && !trial.state.isActive()) {
      observe(trial);
    }
  }

  private void enter(LocalTrial trial, TrialState state) {
    lists.get(state).set(trial.index);
    counts[state.ordinal()]++;
  }

  /** Gives Katib's scan for the optimal trial the value of a trial that has just completed. */
  private void observe(LocalTrial trial) {
    objectiveText(trial.observation).ifPresent(text -> optimal.set(trial.index, text));
  }

  /** Katib's {@code isObjectiveGoalReached}: the scan's best value against the goal. */
  private boolean goalReached() {
    return objective.goal().isPresent() && optimal.reached(objective.goal().getAsDouble());
  }

  private Optional<String> objectiveText(Observation observation) {
    return observation == null ? Optional.empty() : Observations.objectiveValue(observation, objective);
  }

  int count(TrialState state) {
    return counts[state.ordinal()];
  }

  private List<String> names(TrialState state) {
    BitSet indexes = lists.get(state);
    List<String> names = new ArrayList<>(count(state));
    for (int i = indexes.nextSetBit(0); i >= 0; i = indexes.nextSetBit(i + 1)) {
      names.add(trials.get(i).name);
    }
    return names;
  }

  int active() {
    return count(TrialState.PENDING) + count(TrialState.RUNNING);
  }

  /** Katib's {@code ReconcileTrials} count: Succeeded, Failed, Killed, EarlyStopped (not MetricsUnavailable). */
  int completedForScheduling() {
    return count(TrialState.SUCCEEDED) + count(TrialState.FAILED) + count(TrialState.KILLED)
        + count(TrialState.EARLY_STOPPED);
  }

  /** How many trials to create now, as Katib's {@code ReconcileTrials} decides. */
  int trialsToAdd() {
    int parallel = spec.parallelTrialCount().orElse(3);
    int active = active();
    if (active >= parallel) {
      return 0;
    }
    OptionalInt max = spec.maxTrialCount();
    int required = max.isEmpty() ? parallel : Math.min(parallel, max.getAsInt() - completedForScheduling());
    return Math.max(0, required - active);
  }

  boolean isCompleted() {
    return conditions.isTrue("Succeeded") || conditions.isTrue("Failed");
  }

  Optional<LocalTrial> best() {
    return optimal.bestIndex() < 0 ? Optional.empty() : Optional.of(trials.get(optimal.bestIndex()));
  }

  /**
   * Katib's {@code UpdateExperimentStatusCondition}, run while the experiment is not completed: the end rules in
   * Katib's order, else Running. Returns whether the experiment just completed.
   */
  boolean evaluate(boolean suggestionsExhausted, Instant now) {
    if (isCompleted() || trials.isEmpty()) {
      return false;
    }
    int completed = completedForScheduling() + count(TrialState.METRICS_UNAVAILABLE);
    int failed = count(TrialState.FAILED) + count(TrialState.METRICS_UNAVAILABLE);
    if (goalReached()) {
      succeed(GOAL_REACHED, "Experiment has succeeded because Objective goal has reached", now);
      return true;
    }
    OptionalInt maxFailed = spec.maxFailedTrialCount();
    if (maxFailed.isPresent() && failed != 0 && failed >= maxFailed.getAsInt()) {
      fail("Experiment has failed because max failed count has reached", now, true);
      return true;
    }
    OptionalInt max = spec.maxTrialCount();
    if (max.isPresent() && completed >= max.getAsInt()) {
      succeed(MAX_TRIALS_REACHED, "Experiment has succeeded because max trial count has reached", now);
      return true;
    }
    if (suggestionsExhausted && active() == 0) {
      succeed(SUGGESTION_END_REACHED, "Experiment has succeeded because suggestion service has reached the end", now);
      return true;
    }
    conditions.set("Running", ConditionStatus.TRUE, "ExperimentRunning", "Experiment is running", now);
    return false;
  }

  private void succeed(String reason, String message, Instant now) {
    keepRunningReasonAsFalse(now);
    conditions.set("Succeeded", ConditionStatus.TRUE, reason, message, now);
    completionTime = now;
  }

  /** Katib's Failed condition; on the "Suggestion has failed" path Katib sets no completion time. */
  void fail(String message, Instant now, boolean setCompletionTime) {
    keepRunningReasonAsFalse(now);
    conditions.set("Failed", ConditionStatus.TRUE, FAILED, message, now);
    if (setCompletionTime) {
      completionTime = now;
    }
  }

  private void keepRunningReasonAsFalse(Instant now) {
    conditions.get("Running").ifPresent(running -> conditions.set("Running", ConditionStatus.FALSE, running.reason(),
        running.message(), now));
  }

  /** Whether Katib would restart the experiment when its trial budget is raised ({@code IsCompletedReason}). */
  boolean isRestartable() {
    return conditions.get("Succeeded").filter(c -> c.status() == ConditionStatus.TRUE)
        .map(c -> c.reason().equals(MAX_TRIALS_REACHED)).orElse(false)
        && spec.resumePolicy().map(p -> p != ResumePolicy.NEVER).orElse(false);
  }

  /** Katib's {@code MarkExperimentStatusRestarting}. */
  void restart(Instant now) {
    conditions.remove("Succeeded");
    conditions.remove("Failed");
    conditions.set("Restarting", ConditionStatus.TRUE, "ExperimentRestarting", "Experiment is restarted", now);
    completionTime = null;
  }

  String completionReason() {
    return conditions.get("Succeeded").or(() -> conditions.get("Failed")).map(c -> c.reason()).orElse("");
  }

  ExperimentStatus toStatus(Experiment experiment) {
    ExperimentStatus.Builder b = ExperimentStatus.builder()
        .startTime(Optional.ofNullable(startTime))
        .completionTime(Optional.ofNullable(completionTime))
        .conditions(conditions.asList())
        .runningTrialList(names(TrialState.RUNNING))
        .pendingTrialList(names(TrialState.PENDING))
        .failedTrialList(names(TrialState.FAILED))
        .succeededTrialList(names(TrialState.SUCCEEDED))
        .killedTrialList(names(TrialState.KILLED))
        .earlyStoppedTrialList(names(TrialState.EARLY_STOPPED))
        .metricsUnavailableTrialList(names(TrialState.METRICS_UNAVAILABLE))
        .trials(trials.size())
        .trialsSucceeded(count(TrialState.SUCCEEDED))
        .trialsFailed(count(TrialState.FAILED))
        .trialsKilled(count(TrialState.KILLED))
        .trialsPending(count(TrialState.PENDING))
        .trialsRunning(count(TrialState.RUNNING))
        .trialsEarlyStopped(count(TrialState.EARLY_STOPPED))
        .trialMetricsUnavailable(count(TrialState.METRICS_UNAVAILABLE));
    best().ifPresent(trial -> b.currentOptimalTrial(OptimalTrial.builder()
        .bestTrialName(trial.name)
        .parameterAssignments(trial.parameterAssignments)
        .observation(trial.observation)
        .build()));
    return b.build();
  }

  /** The conditions, to write into the journal. */
  ConditionList conditions() {
    return conditions;
  }

  Optional<Instant> startTime() {
    return Optional.ofNullable(startTime);
  }
}
