package io.github.katib4j.internal.local;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.local.TrialContext;
import io.github.katib4j.local.TrialFunction;
import io.github.katib4j.local.TrialStoppedException;
import io.github.katib4j.metrics.MetricReport;
import io.github.katib4j.metrics.MetricsLog;
import io.github.katib4j.search.Assignment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A trial that runs a {@link TrialFunction} in this JVM. */
final class FunctionTrial extends TrialExecution {
  private final TrialFunction function;
  private final Assignment assignment;
  private final ExperimentRef experiment;
  private final Clock clock;
  private final Path checkpoint;
  private final Path parentCheckpoint;
  private final FailureNotes failureNotes;
  /** Whether this attempt's checkpoint folder has been prepared; guarded by {@code this}. */
  private boolean checkpointReady;
  private final List<MetricReport> reports = new ArrayList<>();
  private final Map<String, Long> steps = new HashMap<>();
  private volatile Thread thread;
  /** Set once the function has returned or thrown: what its context reports then would be lost, so it throws. */
  private volatile boolean ended;

  FunctionTrial(Context context, TrialFunction function, Assignment assignment, ExperimentRef experiment,
      Clock clock, Path checkpoint, Path parentCheckpoint, FailureNotes failureNotes) {
    super(context);
    this.function = function;
    this.assignment = assignment;
    this.experiment = experiment;
    this.clock = clock;
    this.checkpoint = checkpoint;
    this.parentCheckpoint = parentCheckpoint;
    this.failureNotes = failureNotes;
  }

  @Override
  TrialOutcome run() {
    thread = Thread.currentThread();
    context.started.accept(null);
    try {
      Map<String, ? extends Number> result = function.run(new Handle());
      if (isCancelled()) {
        return TrialOutcome.interrupted();
      }
      if (result != null) {
        for (Map.Entry<String, ? extends Number> metric : result.entrySet()) {
          record(metric.getKey(), metric.getValue(), null);
        }
      }
      return outcome(true, MetricsLog.of(reports, missingObjective()), "", "");
    } catch (Throwable failure) {
      if (isCancelled()) {
        return TrialOutcome.interrupted();
      }
      if (isEarlyStopped()) {
        return outcome(true, MetricsLog.of(reports, List.of()), "", "");
      }
      Path trace = context.directory.resolve("exception.txt");
      writeStackTrace(failure, trace);
      String message = failure + " (stack trace in " + trace + ")";
      TrialOutcome outcome = outcome(false, MetricsLog.of(reports, List.of()), "Exception", message);
      // Noted like a process trial's failure, as nothing else tells the user why (with maxFailedTrialCount unset the
      // experiment even succeeds); only the first of each kind, since a mistake in the function fails every trial.
      return failureNotes.firstOfItsKind(failure) ? outcome.withNote("failed: " + message) : outcome;
    } finally {
      thread = null;
      ended = true;
    }
  }

  @Override
  protected void onCancel() {
    Thread running = thread;
    if (running != null) {
      running.interrupt();
    }
  }

  private void record(String metric, Number value, Long step) {
    if (value == null) {
      throw new KatibException("metric " + metric + " has no value (null); report a number, or leave the metric out");
    }
    long at = step != null ? step : steps.getOrDefault(metric, 0L) + 1;
    steps.put(metric, at);
    MetricReport report = MetricReport.of(metric, text(value), clock.instant(), at);
    reports.add(report);
    if (accept(report)) {
      throw new TrialStoppedException("trial " + context.trialName + " is early stopped: its " + metric
          + " is not better than the median of earlier trials at step " + at);
    }
  }

  /**
   * Why a function that returned without the objective metric leaves its trial MetricsUnavailable, naming the metrics
   * it did report (a misspelt name, say); nothing when it reported the objective.
   */
  private List<String> missingObjective() {
    String objective = context.objective.objectiveMetricName();
    Set<String> reported = new LinkedHashSet<>();
    for (MetricReport report : reports) {
      if (report.name().equals(objective)) {
        return List.of();
      }
      reported.add(report.name());
    }
    return List.of("the function did not report the objective metric " + objective
        + (reported.isEmpty() ? "" : "; it reported " + reported));
  }

  /** A number as the text a metrics collector would have read from the program's output. */
  static String text(Number value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return Long.toString(value.longValue());
    }
    return Double.toString(value.doubleValue());
  }

  private static void writeStackTrace(Throwable failure, Path file) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    } catch (IOException ignored) {
      // The message in the trial's condition still names the exception.
    }
  }

  private final class Handle implements TrialContext {
    @Override
    public String trialName() {
      return context.trialName;
    }

    @Override
    public ExperimentRef experiment() {
      return experiment;
    }

    @Override
    public Assignment assignment() {
      return assignment;
    }

    /** Created on first use: most functions never need one, and a directory per trial costs a system call. */
    @Override
    public Path directory() {
      try {
        return Files.createDirectories(context.directory);
      } catch (IOException e) {
        throw new KatibException("cannot create the directory of trial " + context.trialName + ", "
            + context.directory + ": " + e.getMessage(), e);
      }
    }

    /**
     * Prepared on first use, like {@link #directory()}: most functions never ask, and preparing it (a copy of the
     * parent's with PBT) costs more than the rest of such a trial.
     */
    @Override
    public Path checkpointDirectory() {
      synchronized (FunctionTrial.this) {
        if (!checkpointReady) {
          try {
            Checkpoints.prepare(checkpoint, parentCheckpoint);
          } catch (IOException e) {
            throw new KatibException("cannot prepare the checkpoint folder of trial " + context.trialName + ", "
                + checkpoint + ": " + e.getMessage(), e);
          }
          checkpointReady = true;
        }
      }
      return checkpoint;
    }

    @Override
    public void report(long step, Map<String, ? extends Number> metrics) {
      checkNotStopped();
      for (Map.Entry<String, ? extends Number> metric : metrics.entrySet()) {
        record(metric.getKey(), metric.getValue(), step);
      }
    }

    @Override
    public void report(String metric, double value) {
      checkNotStopped();
      record(metric, value, null);
    }

    @Override
    public boolean isStopRequested() {
      return isCancelled() || isEarlyStopped();
    }

    private void checkNotStopped() {
      if (ended) {
        throw new KatibException("trial " + context.trialName + " has ended (its function returned or threw), so"
            + " this report is not recorded; report from the function while it runs, or return the final metrics");
      }
      if (isCancelled()) {
        throw new TrialStoppedException("the local engine is closing; trial " + context.trialName
            + " will run again when the experiment resumes");
      }
      if (isEarlyStopped()) {
        throw new TrialStoppedException("trial " + context.trialName + " was early stopped");
      }
    }
  }
}
