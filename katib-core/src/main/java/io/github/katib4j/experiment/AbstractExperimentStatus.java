package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** What Katib's controller (or the local engine) reports about an experiment. */
@Value.Immutable
public abstract class AbstractExperimentStatus {
  public abstract Optional<Instant> startTime();

  public abstract Optional<Instant> completionTime();

  public abstract Optional<Instant> lastReconcileTime();

  public abstract List<Condition> conditions();

  @Value.Default
  public OptimalTrial currentOptimalTrial() {
    return OptimalTrial.builder().build();
  }

  public abstract List<String> runningTrialList();

  public abstract List<String> pendingTrialList();

  public abstract List<String> failedTrialList();

  public abstract List<String> succeededTrialList();

  public abstract List<String> killedTrialList();

  public abstract List<String> earlyStoppedTrialList();

  public abstract List<String> metricsUnavailableTrialList();

  @Value.Default
  public int trials() {
    return 0;
  }

  @Value.Default
  public int trialsSucceeded() {
    return 0;
  }

  @Value.Default
  public int trialsFailed() {
    return 0;
  }

  @Value.Default
  public int trialsKilled() {
    return 0;
  }

  @Value.Default
  public int trialsPending() {
    return 0;
  }

  @Value.Default
  public int trialsRunning() {
    return 0;
  }

  @Value.Default
  public int trialsEarlyStopped() {
    return 0;
  }

  /** Katib's spelling: {@code trialMetricsUnavailable}, not {@code trialsMetricsUnavailable}. */
  @Value.Default
  public int trialMetricsUnavailable() {
    return 0;
  }

  /** The condition of {@code type}, if present. */
  public Optional<Condition> condition(ExperimentConditionType type) {
    return Conditions.find(conditions(), type);
  }

  /** The most recently changed condition, which is what {@code kubectl get experiment} shows. */
  public Optional<Condition> lastCondition() {
    return Conditions.last(conditions());
  }

  public boolean isCreated() {
    return Conditions.isTrue(conditions(), ExperimentConditionType.CREATED);
  }

  public boolean isRunning() {
    return Conditions.isTrue(conditions(), ExperimentConditionType.RUNNING);
  }

  public boolean isRestarting() {
    return Conditions.isTrue(conditions(), ExperimentConditionType.RESTARTING);
  }

  public boolean isSucceeded() {
    return Conditions.isTrue(conditions(), ExperimentConditionType.SUCCEEDED);
  }

  public boolean isFailed() {
    return Conditions.isTrue(conditions(), ExperimentConditionType.FAILED);
  }

  /**
   * Failed because its Suggestion failed (Katib's message "Suggestion has failed"), such as when the algorithm's
   * settings do not validate; the Suggestion's own Failed condition says why.
   */
  public boolean isSuggestionFailed() {
    return condition(ExperimentConditionType.FAILED)
        .filter(c -> c.status() == ConditionStatus.TRUE && c.message().equals("Suggestion has failed")).isPresent();
  }

  /** Succeeded or Failed, as Katib's {@code IsCompleted}. */
  public boolean isCompleted() {
    return isSucceeded() || isFailed();
  }

  /** The best trial, if one has been found. */
  public Optional<OptimalTrial> optimalTrial() {
    return currentOptimalTrial().isEmpty() ? Optional.empty() : Optional.of(currentOptimalTrial());
  }

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
