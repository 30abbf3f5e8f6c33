package io.github.katib4j.internal.local;

import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.ObjectiveType;
import io.github.katib4j.metrics.MetricReport;
import io.github.katib4j.metrics.MetricsLog;
import io.github.katib4j.metrics.Observations;
import io.github.katib4j.search.StopRuleMonitor;
import io.github.katib4j.experiment.Observation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * One run of one trial, on a thread of its own: a process or a Java function. It reports metrics as they appear, checks
 * them against the trial's early-stopping rules, and ends in the state Katib would give it.
 */
abstract class TrialExecution {
  /** What a run needs from its experiment. */
  static final class Context {
    final String trialName;
    final Path directory;
    final Objective objective;
    final StopRuleMonitor monitor;
    final Consumer<Long> started;
    final Consumer<MetricReport> reported;

    Context(String trialName, Path directory, Objective objective, StopRuleMonitor monitor, Consumer<Long> started,
        Consumer<MetricReport> reported) {
      this.trialName = trialName;
      this.directory = directory;
      this.objective = objective;
      this.monitor = monitor;
      this.started = started;
      this.reported = reported;
    }
  }

  protected final Context context;
  /** The thread that runs it, once it runs: named in the note when it does not stop. */
  volatile Thread runner;
  private final List<Double> objectiveReports = new ArrayList<>();
  private volatile String cancelled;
  private volatile boolean earlyStopped;

  TrialExecution(Context context) {
    this.context = context;
  }

  /** Runs the trial to its end on the calling thread. */
  abstract TrialOutcome run();

  /**
   * Asks the run to stop because the engine is closing; the trial will run again on resume. Does not wait for it to
   * stop, so that every trial is asked at once; only the first call asks.
   */
  void cancel(String why) {
    synchronized (this) {
      if (cancelled != null) {
        return;
      }
      cancelled = why;
    }
    onCancel();
  }

  /** Asks the running work to stop (SIGTERM to a process, an interrupt to a function) without waiting for it. */
  protected abstract void onCancel();

  protected boolean isCancelled() {
    return cancelled != null;
  }

  protected boolean isEarlyStopped() {
    return earlyStopped;
  }

  /** Records a report and checks the early-stopping rules; returns whether the trial should stop now. */
  protected boolean accept(MetricReport report) {
    context.reported.accept(report);
    OptionalDouble value = report.numericValue();
    if (report.name().equals(context.objective.objectiveMetricName()) && value.isPresent()) {
      objectiveReports.add(value.getAsDouble());
    }
    if (value.isPresent() && context.monitor.report(report.name(), value.getAsDouble())) {
      earlyStopped = true;
    }
    return earlyStopped;
  }

  /**
   * The outcome of a job that finished ({@code succeeded}) or failed, from its metrics: Katib's trial controller marks
   * a succeeded job's trial Succeeded when the objective metric is available, else MetricsUnavailable; an
   * early-stopped trial keeps the metrics collected until it was stopped.
   */
  protected TrialOutcome outcome(boolean succeeded, MetricsLog log, String jobReason, String jobMessage) {
    Optional<Observation> observation = log.observation(context.objective);
    if (earlyStopped) {
      return new TrialOutcome(TrialState.EARLY_STOPPED, observation.orElse(null), "", "", objectiveReports,
          log.notes());
    }
    if (!succeeded) {
      return new TrialOutcome(TrialState.FAILED, null, jobReason, jobMessage, objectiveReports, log.notes());
    }
    boolean available = observation.map(o -> Observations.isAvailable(o, context.objective)).orElse(false);
    // The job succeeded, so its own message is empty; the collector's notes are what says why the metrics are not.
    String message = available || !jobMessage.isEmpty() ? jobMessage : String.join("; ", log.notes());
    return new TrialOutcome(available ? TrialState.SUCCEEDED : TrialState.METRICS_UNAVAILABLE,
        observation.orElse(null), jobReason, message, objectiveReports, log.notes());
  }

  /** Whether the objective is maximized, as the early-stopping monitor compares. */
  static ObjectiveType objectiveType(Objective objective) {
    return objective.type().orElse(ObjectiveType.MINIMIZE);
  }
}
