package io.github.katib4j.local;

import io.github.katib4j.ExperimentListener;
import io.github.katib4j.TrialEvent;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentStatus;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Observation;
import io.github.katib4j.experiment.TrialConditionType;
import io.github.katib4j.internal.OptimalTrialScan;
import io.github.katib4j.internal.Terminals;
import io.github.katib4j.metrics.Observations;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Shows an experiment's progress as it runs, from either engine: on a terminal one line rewritten in place (trials
 * done, running and failed, the best value so far, the time elapsed); elsewhere a plain line per trial that finishes
 * while it watches, so logs stay readable (trials that had finished before are counted, not listed).
 *
 * <p>On a terminal the line is also drawn again once a second while it is shown, so that its time moves during long
 * trials; one daemon thread does that for every printer of the JVM, and ends a few seconds after the last line has.
 *
 * <p>Other messages to the same output go through {@link #messages()}, so that on a terminal they never end up on the
 * line being rewritten, and {@link #end()} leaves the output at the start of a line once the watch is over.
 *
 * <pre>{@code
 * ProgressPrinter progress = ProgressPrinter.to(System.err);
 * try (LocalKatib katib = LocalKatib.builder().notes(progress.messages()).build()) {
 *   ExperimentRef ref = ExperimentRef.of(katib.create(experiment));
 *   try (Subscription watch = katib.watch(ref, progress)) {
 *     katib.awaitCompletion(ref, Duration.ofHours(1));
 *   }
 *   progress.end();
 * }
 * }</pre>
 */
public final class ProgressPrinter implements ExperimentListener {
  private final PrintWriter out;
  private final boolean terminal;
  private final Clock clock;
  private final Map<String, TrialConditionType> states = new HashMap<>();
  private Instant started;
  private Instant ended;
  private Objective objective;
  private int maxTrials;
  private String name = "";
  /** Each trial's place in the order the printer first saw them, which is the order they were created in. */
  private final Map<String, Integer> created = new HashMap<>();
  private final List<String> names = new ArrayList<>();
  private final List<String> objectiveTexts = new ArrayList<>();
  private OptimalTrialScan optimal;
  /** The line last written in place, which is still the last on the output unless {@link #lineOpen} is false. */
  private String lastLine = "";
  private boolean lineOpen;
  /** After {@link #end()}: nothing more is printed. */
  private boolean stopped;
  private boolean completionPrinted;
  private PrintWriter messages;
  /** Draws the line again each second while it is shown on a terminal; null until it is, and after {@link #end()}. */
  private ScheduledFuture<?> ticking;

  /**
   * Draws every open progress line again once a second: one daemon thread for all printers, which ends once no line
   * has been open for a few seconds (a scheduled tick keeps it from ending while one is).
   */
  private static final ScheduledThreadPoolExecutor TICKER = ticker();

  private static ScheduledThreadPoolExecutor ticker() {
    ScheduledThreadPoolExecutor ticker = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "katib4j-progress");
      thread.setDaemon(true);
      return thread;
    });
    ticker.setRemoveOnCancelPolicy(true);
    // Longer than a tick's period, so that the thread waits for the next tick rather than ending before it.
    ticker.setKeepAliveTime(3, TimeUnit.SECONDS);
    ticker.allowCoreThreadTimeOut(true);
    return ticker;
  }

  private ProgressPrinter(PrintWriter out, boolean terminal, Clock clock) {
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
  }

  /**
   * A printer to {@code out}, rewriting one line when it is a terminal: when standard output is, for
   * {@code System.out}, else when standard error is (where progress usually goes).
   */
  public static ProgressPrinter to(PrintStream out) {
    return new ProgressPrinter(new PrintWriter(out, true), Terminals.isTerminal(out == System.out ? 1 : 2),
        Clock.systemUTC());
  }

  /**
   * A printer to {@code out}, which it takes for standard error: rewriting one line when standard error is a terminal.
   * For another output, choose with {@link #rewriting} or {@link #lines}.
   */
  public static ProgressPrinter to(PrintWriter out) {
    return new ProgressPrinter(out, Terminals.isTerminal(2), Clock.systemUTC());
  }

  /** A printer that writes a line per finished trial, whatever the output is. */
  public static ProgressPrinter lines(PrintWriter out) {
    return new ProgressPrinter(out, false, Clock.systemUTC());
  }

  /** A printer that rewrites one line in place, for an output known to be a terminal. */
  public static ProgressPrinter rewriting(PrintWriter out) {
    return new ProgressPrinter(out, true, Clock.systemUTC());
  }

  /**
   * A writer for other messages to this printer's output, such as an engine's notes or a command's own: on a terminal
   * each line it writes takes the place of the progress line, which is drawn again below it, so that neither is
   * written onto the other; elsewhere lines go to the output as they are. Text is passed on line by line; what is left
   * without a line break goes out when the writer is closed.
   */
  public synchronized PrintWriter messages() {
    if (messages == null) {
      messages = new PrintWriter(new Messages(), true);
    }
    return messages;
  }

  /**
   * Ends the line being rewritten, if there is one, with a line break and prints nothing more, so that what comes
   * next (a summary, a message after Ctrl-C) starts on a line of its own; {@link #messages()} still writes.
   */
  public synchronized void end() {
    if (ticking != null) {
      ticking.cancel(false);
      ticking = null;
    }
    if (lineOpen) {
      out.println();
      out.flush();
      lineOpen = false;
    }
    stopped = true;
  }

  @Override
  public synchronized void onExperiment(Experiment experiment) {
    if (stopped) {
      return;
    }
    name = experiment.name();
    objective = experiment.spec().objective().orElse(null);
    if (optimal == null) {
      optimal = new OptimalTrialScan(objective == null ? null : objective.type().orElse(null));
    }
    maxTrials = experiment.spec().maxTrialCount().orElse(0);
    if (started == null) {
      started = experiment.status().flatMap(ExperimentStatus::startTime).orElse(clock.instant());
    }
    ExperimentStatus status = experiment.status().orElse(null);
    ended = null;
    boolean completed = status != null && status.isCompleted();
    // Trials running when the experiment completed go on to their end, as in Katib, each end a status change: the
    // outcome is printed once, and again only after a restart.
    boolean newlyCompleted = completed && !completionPrinted;
    completionPrinted = completed;
    if (completed) {
      // A completed experiment's time is up to its completion, also when it is watched long after.
      ended = status.completionTime().orElse(null);
    }
    if (newlyCompleted) {
      String outcome = status.isSucceeded() ? "Succeeded" : "Failed";
      String message = status.lastCondition().map(c -> c.message()).orElse("");
      finish(name + ": " + outcome + ": " + message + " (" + elapsed() + ")");
    }
  }

  @Override
  public synchronized void onTrial(TrialEvent event) {
    if (stopped) {
      return;
    }
    TrialConditionType state = event.state().orElse(null);
    String trial = event.trial().name();
    states.put(trial, state);
    int index = created.computeIfAbsent(trial, n -> {
      names.add(n);
      objectiveTexts.add(null);
      return names.size() - 1;
    });
    Optional<String> text = event.trial().status().flatMap(s -> s.observation()).flatMap(this::objectiveText);
    OptionalDouble value = text.map(Observations::parseFloat).orElse(OptionalDouble.empty());
    boolean finished = state != null && state != TrialConditionType.RUNNING;
    // The engine's choice, so the line agrees with the experiment's optimal trial: Katib's scan over the completed
    // trials' values (a NaN that comes first stays best, for one).
    if (finished && text.isPresent() && optimal != null && !text.get().equals(objectiveTexts.get(index))) {
      objectiveTexts.set(index, text.get());
      optimal.set(index, text.get());
    }
    // A trial first seen finished had finished before watching started (a resumed experiment's, say): counted only.
    if (terminal) {
      rewrite(summary());
    } else if (finished && event.previousState().isPresent()) {
      out.println(event.trial().name() + " " + state.wireName() + (value.isPresent() ? " " + metricName() + "="
          + format(value.getAsDouble()) : "") + " | " + summary());
      out.flush();
    }
  }

  private Optional<String> objectiveText(Observation observation) {
    return objective == null ? Optional.empty() : Observations.objectiveValue(observation, objective);
  }

  private String metricName() {
    return objective == null ? "objective" : objective.objectiveMetricName();
  }

  private String summary() {
    Map<TrialConditionType, Integer> counts = new EnumMap<>(TrialConditionType.class);
    int pending = 0;
    for (TrialConditionType state : states.values()) {
      if (state == null) {
        pending++;
      } else {
        counts.merge(state, 1, Integer::sum);
      }
    }
    int running = counts.getOrDefault(TrialConditionType.RUNNING, 0) + pending;
    int done = states.size() - running;
    int failed = counts.getOrDefault(TrialConditionType.FAILED, 0)
        + counts.getOrDefault(TrialConditionType.METRICS_UNAVAILABLE, 0);
    StringBuilder line = new StringBuilder(name).append(": ").append(done);
    if (maxTrials > 0) {
      line.append('/').append(maxTrials);
    }
    line.append(" trials done, ").append(running).append(" running, ").append(failed).append(" failed");
    int stopped = counts.getOrDefault(TrialConditionType.EARLY_STOPPED, 0);
    if (stopped > 0) {
      line.append(", ").append(stopped).append(" early stopped");
    }
    int best = optimal == null ? -1 : optimal.bestIndex();
    if (best >= 0) {
      String text = objectiveTexts.get(best);
      OptionalDouble value = Observations.parseFloat(text);
      line.append(" | best ").append(metricName()).append('=').append(value.isPresent() ? format(value.getAsDouble())
          : text).append(" (").append(names.get(best)).append(')');
    }
    return line.append(" | ").append(elapsed()).toString();
  }

  private String elapsed() {
    Instant now = ended != null ? ended : clock.instant();
    Duration d = Duration.between(started == null ? now : started, now);
    return String.format("%02d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
  }

  private static String format(double value) {
    return String.format("%.6g", value);
  }

  private void rewrite(String line) {
    StringBuilder text = new StringBuilder("\r").append(line);
    for (int i = line.length(); lineOpen && i < lastLine.length(); i++) {
      text.append(' ');
    }
    lastLine = line;
    lineOpen = true;
    out.print(text);
    out.flush();
    if (ticking == null && !stopped) {
      // The task holds the printer weakly: one dropped without end() stops its ticks once collected.
      WeakReference<ProgressPrinter> printer = new WeakReference<>(this);
      ticking = TICKER.scheduleAtFixedRate(() -> {
        ProgressPrinter live = printer.get();
        if (live == null) {
          // Ends this periodic task; the executor goes on.
          throw new CancellationException("progress printer collected");
        }
        live.tick();
      }, 1, 1, TimeUnit.SECONDS);
    }
  }

  /** Draws the open line again when its text has changed since (its elapsed time, mostly). */
  private synchronized void tick() {
    if (stopped || !lineOpen) {
      return;
    }
    String line = summary();
    if (!line.equals(lastLine)) {
      rewrite(line);
    }
  }

  private void finish(String line) {
    if (terminal) {
      rewrite(summary());
      out.println();
      lineOpen = false;
    }
    out.println(line);
    out.flush();
  }

  /** Writes whole lines of another message: in place of the progress line, which then comes back below them. */
  private synchronized void message(String lines) {
    if (lineOpen) {
      out.print("\r" + " ".repeat(lastLine.length()) + "\r");
    }
    out.print(lines);
    if (lineOpen) {
      out.print(lastLine);
    }
    out.flush();
  }

  /** {@link #messages()}: passes text on to {@link #message} a line at a time. */
  private final class Messages extends Writer {
    private final StringBuilder pending = new StringBuilder();

    @Override
    public void write(char[] chars, int offset, int length) {
      synchronized (ProgressPrinter.this) {
        pending.append(chars, offset, length);
        int newline = pending.lastIndexOf("\n");
        if (newline >= 0) {
          message(pending.substring(0, newline + 1));
          pending.delete(0, newline + 1);
        }
      }
    }

    @Override
    public void flush() {
      out.flush();
    }

    @Override
    public void close() {
      synchronized (ProgressPrinter.this) {
        if (pending.length() > 0) {
          message(pending.append(System.lineSeparator()).toString());
          pending.setLength(0);
        }
      }
    }
  }
}
