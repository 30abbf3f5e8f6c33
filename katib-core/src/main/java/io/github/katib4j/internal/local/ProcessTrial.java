package io.github.katib4j.internal.local;

import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.ControlCharacters;
import io.github.katib4j.internal.ShellWords;
import io.github.katib4j.metrics.MetricReport;
import io.github.katib4j.metrics.MetricsLog;
import io.github.katib4j.metrics.TrialMetrics;
import io.github.katib4j.template.TrialWorkload;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A trial that runs the primary container's command as a process on this machine: argv and environment only, never
 * through a shell, so no parameter value can be interpreted as shell syntax. Standard output and error go to the
 * trial's log, which the StdOut collector reads as Katib's does; standard input is empty. A deadline or early stopping
 * kills the whole process tree.
 */
final class ProcessTrial extends TrialExecution {
  private static final long POLL_MILLIS = 100;
  static final Duration GRACE = Duration.ofSeconds(5);
  private static final int TAIL_BYTES = 4096;
  private static final int NOTE_LINE = 300;
  /**
   * The reason and message of a Kubernetes Job's Failed condition once a pod has failed and no retry is left (the Job
   * controller's texts); Katib appends them to the trial's condition. They say nothing of why the pod failed, so
   * katib4j's account of that goes in the trial's note and {@link TrialOutcome#detail} instead.
   */
  static final String BACKOFF_REASON = "BackoffLimitExceeded";
  static final String BACKOFF_MESSAGE = "Job has reached the specified backoff limit";
  /** The Job controller's texts when the Job's own {@code activeDeadlineSeconds} passes. */
  static final String DEADLINE_REASON = "DeadlineExceeded";
  static final String DEADLINE_MESSAGE = "Job was active longer than specified deadline";
  /** The kubelet's texts on a pod whose {@code activeDeadlineSeconds} passes. */
  static final String POD_DEADLINE_MESSAGE = "Pod was active on the node longer than the specified deadline";
  /**
   * A pod's container has no standard input unless it asks for one ({@code stdin: true}, which a trial cannot use):
   * reading it gives end of file at once, where an unused pipe from the engine would block the program forever.
   */
  private static final ProcessBuilder.Redirect NO_INPUT = ProcessBuilder.Redirect.from(new File(
      System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null"));

  /**
   * A process trial ready to start: its rendered job, command and metrics collection, and the process builder with its
   * environment (copying this JVM's environment into a builder is a good part of a set-up). Made before the trial
   * starts, ahead of time when the next trial's proposal is known early (see {@code ExperimentRun}).
   */
  static final class Setup {
    final Unstructured runSpec;
    final List<String> command;
    final Path workingDirectory;
    final TrialMetrics metrics;
    /** The earlier of the job's and the primary pod's deadlines. */
    final OptionalLong deadlineSeconds;
    /**
     * Whether {@link #deadlineSeconds} is the pod's, whose expiry fails the pod (and so, for a Job, the Job with
     * {@code BackoffLimitExceeded}), rather than the job's, whose expiry fails the job ({@code DeadlineExceeded}).
     */
    final boolean podDeadline;
    /**
     * Whether the job is a Kubernetes {@code Job}, whose Failed condition's texts a failed trial's condition carries;
     * other kinds' controllers word it their own way, and their trials keep katib4j's texts.
     */
    final boolean kubernetesJob;
    final ProcessBuilder builder;

    Setup(Unstructured runSpec, List<String> command, Map<String, String> environment, Path workingDirectory,
        TrialMetrics metrics, TrialWorkload workload) {
      this.runSpec = runSpec;
      this.command = List.copyOf(command);
      this.workingDirectory = workingDirectory;
      this.metrics = metrics;
      OptionalLong job = workload.jobActiveDeadlineSeconds();
      OptionalLong pod = workload.primaryPodActiveDeadlineSeconds();
      // With equal deadlines the job's passes first: the job starts before its pod.
      this.podDeadline = pod.isPresent() && (job.isEmpty() || pod.getAsLong() < job.getAsLong());
      this.deadlineSeconds = podDeadline ? pod : job;
      this.kubernetesJob = "Job".equals(workload.kind()) && "batch/v1".equals(workload.apiVersion());
      this.builder = new ProcessBuilder(this.command).directory(workingDirectory.toFile()).redirectErrorStream(true)
          .redirectInput(NO_INPUT).redirectOutput(ProcessBuilder.Redirect.appendTo(metrics.outputFile().toFile()));
      builder.environment().putAll(environment);
    }
  }

  private final Setup setup;
  private volatile Process process;
  /**
   * Why reading the metrics while the process ran failed in a way no Katib collector fails (a katib4j bug, such as an
   * Error); live values stop there, and the trial ends by its process and what {@link TrialMetrics#finish} gives.
   */
  private String liveFailure;
  /** Whether the processes its command left running were looked for as it ended; false until it has. */
  private boolean lookedForLeftBehind;

  ProcessTrial(Context context, Setup setup) {
    super(context);
    this.setup = setup;
  }

  @Override
  TrialOutcome run() {
    try {
      return runProcess();
    } catch (RuntimeException | Error e) {
      // Recording a metric fails once the journal cannot be written; the process must not outlive the trial's run.
      Process started = process;
      if (started != null) {
        killTree(started);
      }
      throw e;
    } finally {
      setup.metrics.close();
    }
  }

  private TrialOutcome runProcess() {
    Process started;
    try {
      started = setup.builder.start();
    } catch (IOException e) {
      // Too many open files or processes, or no memory for one: the machine's, which stops the run (not the trial's).
      Optional<String> limit = MachineLimits.of(e, context.directory.getParent().getParent());
      if (limit.isPresent()) {
        throw new MachineLimits.Reached(limit.get(), e);
      }
      String detail = "the command " + setup.command + " could not be started in " + setup.workingDirectory + ": "
          + e.getMessage() + whyNotStarted(setup.command.get(0), setup.workingDirectory, System.getenv("PATH"));
      // On a cluster the container fails to start, which fails its pod.
      return podFailed(MetricsLog.of(List.of(), List.of()), "ProcessNotStarted", detail, detail);
    }
    process = started;
    context.started.accept(started.pid());
    OptionalLong deadlineSeconds = setup.deadlineSeconds;
    long deadline = deadlineSeconds.isPresent()
        ? System.nanoTime() + TimeUnit.SECONDS.toNanos(deadlineSeconds.getAsLong()) : Long.MAX_VALUE;
    boolean deadlineExceeded = false;
    boolean childrenAtLastPoll = false;
    try {
      // Nothing between the start and the wait: the new process likely runs on this thread's CPU (see
      // ExperimentRun.postAside). The metrics are read at each poll interval and once the process has ended.
      boolean stop = false;
      while (!stop && !started.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (isCancelled()) {
          killTree(started);
          return TrialOutcome.interrupted();
        }
        // A poll that lands as the command exits sees no child, its children reparented already; the previous poll's
        // answer stands then.
        childrenAtLastPoll = TrialProcesses.hasChildren(started.pid(), childrenAtLastPoll);
        deadlineExceeded = System.nanoTime() - deadline > 0;
        stop = pollStops() || deadlineExceeded;
      }
      if (stop) {
        killTree(started);
        // killTree saw the process end through its handle; the Process learns it only once the JDK's reaper thread has
        // waited for it, and until then has no exit value.
        started.waitFor();
      }
    } catch (InterruptedException e) {
      killTree(started);
      Thread.currentThread().interrupt();
      return TrialOutcome.interrupted();
    }
    if (isCancelled()) {
      // The command may have ended at the SIGTERM while a descendant ignored it.
      killTree(started);
      return TrialOutcome.interrupted();
    }
    // Processes the command started and left running were reparented when it ended, so they are no longer its
    // descendants; they are found by the trial folder in their environment. Looking costs a scan of all processes
    // (milliseconds), so it is done here only for a command that still had a child at the last poll that found it
    // running, as one it leaves running has (a short-lived child such as a tool it ran usually has ended by then). The
    // others are looked after by the experiment's sweep, at most once a second for all the trials ended since
    // (ExperimentRun.sweepSoon), so that no such scan lies between a process's end and the next trial's start.
    lookedForLeftBehind = childrenAtLastPoll;
    Optional<String> leftBehind = childrenAtLastPoll ? stopLeftBehind(context.directory) : Optional.empty();
    TrialOutcome outcome = ended(started, deadlineExceeded);
    return leftBehind.map(outcome::withNote).orElse(outcome);
  }

  /**
   * Whether its command, once ended, may have left processes running that no one has looked for yet: true when it ran
   * and ended (or was stopped) without the look at its end. Read by the trial's thread once {@link #run} returned.
   */
  boolean leftBehindUnlooked() {
    return process != null && !lookedForLeftBehind;
  }

  /** Stops the processes left running with the trial folder {@code directory}; the note naming them, if any. */
  private static Optional<String> stopLeftBehind(Path directory) {
    String trial = directory.getFileName().toString();
    return Optional.ofNullable(TrialProcesses.stopLeftRunning(directory.getParent(), trial::equals, GRACE,
        name -> "found when it ended").get(trial));
  }

  /** The trial's outcome once its process has ended, from its exit, the deadline and its metrics. */
  private TrialOutcome ended(Process started, boolean deadlineExceeded) {
    pollStops(true);
    MetricsLog collected = null;
    String collectorFailure = null;
    try {
      collected = setup.metrics.finish();
    } catch (KatibException e) {
      // Where Katib's collector sidecar exits with an error (klog.Fatalf) and reports nothing: the pod, its job and
      // so the trial fail.
      collectorFailure = e.getMessage() + "; in Katib the metrics collector's sidecar container exits with an error"
          + " then, which fails the trial's pod and job";
    } catch (RuntimeException | Error e) {
      collectorFailure = unexpected("the trial ended", e);
    }
    if (collectorFailure != null) {
      collected = MetricsLog.of(List.of(), List.of(collectorFailure));
    } else if (liveFailure != null) {
      List<String> notes = new ArrayList<>(collected.notes());
      notes.add(liveFailure + "; the final metrics were read in full after the trial ended");
      collected = MetricsLog.of(collected.reports(), notes);
    }
    int exitCode = started.exitValue();
    if (isEarlyStopped()) {
      return outcome(true, collected, "", "");
    }
    if (deadlineExceeded) {
      long seconds = setup.deadlineSeconds.getAsLong();
      if (!setup.podDeadline) {
        return failed(collected, DEADLINE_REASON, DEADLINE_MESSAGE, "the command ran longer than the job's"
            + " activeDeadlineSeconds (" + seconds + " s) and was stopped; its output is in "
            + setup.metrics.outputFile());
      }
      return podFailed(collected, DEADLINE_REASON, POD_DEADLINE_MESSAGE, "the command ran longer than its pod's"
          + " activeDeadlineSeconds (" + seconds + " s) and was stopped; its output is in "
          + setup.metrics.outputFile());
    }
    if (exitCode != 0) {
      String detail = "the command exited with code " + exitCode + "; its output is in " + setup.metrics.outputFile();
      return podFailed(collected, "ProcessExited", detail, detail);
    }
    if (collectorFailure != null) {
      String detail = "the command exited with code 0, but collecting its metrics failed: " + collectorFailure;
      return podFailed(collected, "MetricsCollectorFailed", detail, detail);
    }
    TrialOutcome outcome = outcome(true, collected, "", "");
    if (outcome.state == TrialState.METRICS_UNAVAILABLE) {
      // The job succeeded, so on a cluster the trial's condition carries the Complete condition's texts, which are
      // empty (before Kubernetes 1.31), as for a trial that succeeded here; why the metrics are missing is noted.
      return new TrialOutcome(outcome.state, outcome.observation, "", "", outcome.objectiveReports, outcome.notes,
          outcome.jobMessage);
    }
    return outcome;
  }

  /**
   * A trial whose pod failed: for a Kubernetes {@code Job}, with the Job's Failed condition (the local engine does
   * not retry the pod, so the Job has no retry left: see docs/local-engine.md); for other kinds, whose controllers
   * word their failure their own way, with katib4j's {@code reason} and {@code message}.
   */
  private TrialOutcome podFailed(MetricsLog collected, String reason, String message, String detail) {
    return setup.kubernetesJob ? failed(collected, BACKOFF_REASON, BACKOFF_MESSAGE, detail)
        : failed(collected, reason, message, detail);
  }

  /**
   * What a failure no Katib collector has (an Error such as StackOverflowError, or a RuntimeException katib4j did not
   * expect) says: what failed, where, and when.
   */
  private String unexpected(String when, Throwable e) {
    StackTraceElement[] trace = e.getStackTrace();
    return "katib4j failed to read the metrics of " + setup.metrics + " while " + when + ": " + e
        + (trace.length > 0 ? " at " + trace[0] : "") + " (a katib4j bug, not the program's: Katib's collector would"
        + " have read them; please report it with the trial's output " + setup.metrics.outputFile() + ")";
  }

  /**
   * What the system's "error=2, No such file or directory" or "error=13, Permission denied" leaves out, found by
   * looking at the program: "; it is not executable: ...". Empty when nothing more is known. The program is looked up
   * as the JDK does, relative to {@code workingDirectory} when it has a slash, else on this JVM's {@code PATH}.
   */
  static String whyNotStarted(String program, Path workingDirectory, String path) {
    Path file = null;
    if (program.contains("/")) {
      file = workingDirectory.resolve(program);
    } else {
      for (String dir : (path == null ? "" : path).split(":")) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
        if (Files.isRegularFile(candidate)) {
          file = candidate;
          break;
        }
      }
      if (file == null) {
        return "; " + program + " is in no folder of this machine's PATH (" + path + "): install it, or give its path";
      }
    }
    if (!Files.exists(file)) {
      return "";
    }
    if (Files.isDirectory(file)) {
      return "; " + file + " is a folder";
    }
    if (!Files.isExecutable(file)) {
      return "; " + file + " is not executable: make it so (chmod +x " + ShellWords.quote(program) + "), or run it"
          + " through its interpreter (command: [sh, " + program + ", ...])";
    }
    String interpreter = interpreter(file);
    if (interpreter.endsWith("\r")) {
      return "; its first line names the interpreter \"" + interpreter.strip() + "\\r\": the file has Windows line "
          + "endings, which no interpreter's name has; convert them (dos2unix " + ShellWords.quote(program) + ", or"
          + " sed -i 's/\\r$//' " + ShellWords.quote(program) + ")";
    }
    if (!interpreter.isEmpty() && !Files.isExecutable(Path.of(interpreter))) {
      return "; its first line names the interpreter " + interpreter + ", which this machine does not have";
    }
    return "";
  }

  /** The interpreter a script's {@code #!} line names, with any trailing carriage return; empty for none. */
  private static String interpreter(Path file) {
    byte[] head = new byte[256];
    int n;
    try (var in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      return "";
    }
    if (n < 2 || head[0] != '#' || head[1] != '!') {
      return "";
    }
    String line = new String(head, 2, n - 2, StandardCharsets.UTF_8).split("\n", 2)[0].stripLeading();
    int blank = line.indexOf(' ');
    return blank < 0 ? line : line.substring(0, blank);
  }

  /**
   * A failed trial with the job's {@code reason} and {@code message}, noted with katib4j's {@code detail} of why it
   * failed and the last line of its output (where a program says what went wrong) instead of the metrics' notes:
   * "objective metric not found" says nothing useful about a command that failed.
   */
  private TrialOutcome failed(MetricsLog collected, String reason, String message, String detail) {
    TrialOutcome outcome = outcome(false, collected, reason, message);
    String ending = lastLine(setup.metrics.outputFile());
    String why = detail + (ending.isEmpty() ? "" : "; it ends with: " + ending);
    return new TrialOutcome(outcome.state, outcome.observation, reason, message, outcome.objectiveReports,
        List.of("failed: " + why), why);
  }

  /**
   * The last line of text in {@code file} that is not blank, at most {@value #NOTE_LINE} characters, its control
   * characters escaped; "" if none.
   */
  private static String lastLine(Path file) {
    String tail;
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      long size = channel.size();
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, TAIL_BYTES));
      channel.position(size - buffer.capacity());
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // read what the tail holds
      }
      tail = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
    String line = tail.substring(tail.lastIndexOf('\n') + 1).strip();
    // The note goes to a terminal: the program's escape sequences and bells are shown, not acted on.
    return ControlCharacters.escape(line.length() <= NOTE_LINE ? line : line.substring(0, NOTE_LINE) + "...");
  }

  /**
   * Reads new metric values; returns whether early stopping wants the trial stopped. A failure to read them stops
   * live reading and is kept for the trial's end: it is the collector's, never the process's, and must not end a
   * trial whose process is running or has succeeded.
   */
  private boolean pollStops() {
    return pollStops(false);
  }

  /** As {@link #pollStops()}; {@code all}: reading all the process wrote, not only a poll's share of it. */
  private boolean pollStops(boolean all) {
    if (liveFailure != null) {
      return false;
    }
    List<MetricReport> reports;
    try {
      Set<String> pending = context.monitor.pendingMetricNames();
      reports = all ? setup.metrics.pollAll(pending) : setup.metrics.poll(pending);
    } catch (RuntimeException | Error e) {
      liveFailure = unexpected("the trial ran, so early stopping saw no value after that", e);
      return false;
    }
    boolean stop = false;
    for (MetricReport report : reports) {
      stop |= accept(report);
    }
    return stop;
  }

  /**
   * Asks the process to stop, without waiting: the trial's own thread, which sees the cancellation at its next poll,
   * waits out the grace period and kills what is left. So stopping many trials (Ctrl-C, close) sends SIGTERM to all
   * of them at once and takes one grace period, not one per trial.
   */
  @Override
  protected void onCancel() {
    Process running = process;
    if (running != null) {
      askToStop(running);
    }
  }

  /** The process tree asked to stop, and when the grace period it was given ends; null until a stop is asked. */
  private record Stop(List<ProcessHandle> tree, long killAt) {}

  private Stop stop;

  /**
   * Sends SIGTERM to the process and every descendant, once: a cancellation and the trial's own thread (a deadline,
   * early stopping) may both ask, and a program must not get a second SIGTERM it may take for a second Ctrl-C. The
   * grace period runs from the first ask.
   */
  private synchronized Stop askToStop(Process started) {
    if (stop == null) {
      List<ProcessHandle> tree = new ArrayList<>();
      started.toHandle().descendants().forEach(tree::add);
      tree.add(started.toHandle());
      tree.forEach(ProcessHandle::destroy);
      stop = new Stop(tree, System.nanoTime() + GRACE.toNanos());
    }
    return stop;
  }

  /** Stops the process and every descendant: politely first, then by force once the grace period has passed. */
  private void killTree(Process started) {
    Stop asked = askToStop(started);
    TrialProcesses.killAfter(asked.tree(), asked.killAt());
  }
}
