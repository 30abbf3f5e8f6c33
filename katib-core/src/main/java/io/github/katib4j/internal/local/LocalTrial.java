package io.github.katib4j.internal.local;

import io.github.katib4j.experiment.ConditionStatus;
import io.github.katib4j.experiment.EarlyStoppingRule;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ObjectMeta;
import io.github.katib4j.experiment.Observation;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialConditionType;
import io.github.katib4j.experiment.TrialSpec;
import io.github.katib4j.experiment.TrialStatus;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.search.Assignment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One trial of a local experiment, owned by the experiment's coordinator thread. Its conditions follow Katib's trial
 * controller ({@code UpdateTrialStatusCondition}): Created, Running, then Succeeded, MetricsUnavailable or Failed with
 * the job's reason and message appended, or EarlyStopped as Katib's early-stopping service writes it.
 */
final class LocalTrial {
  static final String EXPERIMENT_LABEL = Trial.EXPERIMENT_LABEL;

  final int index;
  final String name;
  final Assignment assignment;
  final List<ParameterAssignment> parameterAssignments;
  final Map<String, String> labels;
  final List<EarlyStoppingRule> rules;
  final Optional<String> checkpointParent;
  final Instant created;

  TrialState state = TrialState.PENDING;
  Observation observation;
  Instant startTime;
  Instant completionTime;
  int attempt;
  /**
   * Set by the trial's own thread when it sets up the job (or takes the set-up made ahead), where every other field is
   * the coordinator's: a post to the coordinator for it would cost a round of the coordinator (and a reconcile) per
   * trial.
   */
  volatile Unstructured runSpec;
  /** Trimmed when the trial ends: an engine keeps every trial for its lifetime, 100,000 of them in a long run. */
  final ArrayList<Double> objectiveReports = new ArrayList<>();
  private final ConditionList conditions = new ConditionList();

  LocalTrial(int index, String name, Assignment assignment, Map<String, String> labels,
      List<EarlyStoppingRule> rules, Optional<String> checkpointParent, Instant created) {
    this.index = index;
    this.name = name;
    this.assignment = assignment;
    this.parameterAssignments = assignment.toWire();
    // Most trials have no labels (only PBT's do): one shared empty map rather than an empty map per trial.
    this.labels = labels.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    this.rules = List.copyOf(rules);
    this.checkpointParent = checkpointParent;
    this.created = created;
    conditions.set("Created", ConditionStatus.TRUE, "TrialCreated", "Trial is created", created);
  }

  void markRunning(Instant now) {
    state = TrialState.RUNNING;
    if (startTime == null) {
      startTime = now;
    }
    conditions.set("Running", ConditionStatus.TRUE, "TrialRunning", "Trial is running", now);
  }

  /**
   * Ends the trial in {@code state}; {@code jobReason} and {@code jobMessage} describe what the job (process or
   * function) reported, appended as Katib appends a job condition's reason and message.
   */
  void markCompleted(TrialState state, Observation observation, String jobReason, String jobMessage, Instant now) {
    this.state = state;
    this.observation = observation;
    this.completionTime = now;
    objectiveReports.trimToSize();
    conditions.get("Running").ifPresent(running -> conditions.set("Running", ConditionStatus.FALSE, running.reason(),
        running.message(), now));
    String reason;
    String message;
    switch (state) {
      case SUCCEEDED:
        reason = "TrialSucceeded";
        message = "Trial has succeeded";
        break;
      case METRICS_UNAVAILABLE:
        reason = "MetricsUnavailable";
        message = "Metrics are not available";
        break;
      case FAILED:
        reason = "TrialFailed";
        message = "Trial has failed";
        break;
      case EARLY_STOPPED:
        conditions.set("EarlyStopped", ConditionStatus.TRUE, "TrialEarlyStopped", "Trial is early stopped", now);
        return;
      default:
        throw new IllegalArgumentException("not a final state: " + state);
    }
    if (!jobMessage.isEmpty()) {
      message += ". Job message: " + jobMessage;
    }
    if (!jobReason.isEmpty()) {
      reason += ". Job reason: " + jobReason;
    }
    conditions.set(state.condition().wireName(), ConditionStatus.TRUE, reason, message, now);
  }

  /**
   * Forgets a run that a crash interrupted, so the trial can run again from the start; the run's folder, which holds
   * what it wrote and reported, is moved aside by the experiment before the trial runs again.
   */
  void resetForRerun() {
    state = TrialState.PENDING;
    objectiveReports.clear();
    conditions.remove("Running");
  }

  /** The trial as a Katib {@code Trial} object, as Katib's experiment controller would have created it. */
  Trial toTrial(Experiment experiment) {
    Map<String, String> trialLabels = new LinkedHashMap<>(experiment.metadata().labels());
    trialLabels.put(EXPERIMENT_LABEL, experiment.name());
    trialLabels.putAll(labels);
    TrialSpec.Builder spec = TrialSpec.builder()
        .objective(experiment.spec().objective())
        .parameterAssignments(parameterAssignments)
        .earlyStoppingRules(rules)
        .runSpec(Optional.ofNullable(runSpec))
        .metricsCollector(experiment.spec().metricsCollectorSpec().orElseThrow());
    experiment.spec().trialTemplate().ifPresent(t -> {
      spec.retainRun(t.retain()).primaryPodLabels(t.primaryPodLabels()).primaryContainerName(t.primaryContainerName());
      if (!t.successCondition().isEmpty() && !t.failureCondition().isEmpty()) {
        spec.successCondition(t.successCondition()).failureCondition(t.failureCondition());
      }
    });
    TrialStatus.Builder status = TrialStatus.builder()
        .startTime(Optional.ofNullable(startTime))
        .completionTime(Optional.ofNullable(completionTime))
        .conditions(conditions.asList())
        .observation(Optional.ofNullable(observation));
    return Trial.builder()
        .metadata(ObjectMeta.builder().name(name).namespace(experiment.namespace()).labels(trialLabels)
            .creationTimestamp(created).build())
        .spec(spec.build())
        .status(status.build())
        .build();
  }

  Optional<TrialConditionType> condition() {
    return Optional.ofNullable(state.condition());
  }
}
