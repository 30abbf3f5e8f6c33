package io.github.katib4j.internal.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.Budget;
import io.github.katib4j.ExperimentFailedException;
import io.github.katib4j.ExperimentListener;
import io.github.katib4j.ExperimentNotFoundException;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.KatibTimeoutException;
import io.github.katib4j.Subscription;
import io.github.katib4j.TrialEvent;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Condition;
import io.github.katib4j.experiment.ConditionStatus;
import io.github.katib4j.experiment.EarlyStoppingRule;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentConditionType;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.ObjectMeta;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Observation;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.experiment.Suggestion;
import io.github.katib4j.experiment.SuggestionSpec;
import io.github.katib4j.experiment.SuggestionStatus;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialAssignment;
import io.github.katib4j.experiment.TrialConditionType;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.Durations;
import io.github.katib4j.internal.FileTrees;
import io.github.katib4j.internal.ListenerSubscription;
import io.github.katib4j.internal.validation.SuggestionNames;
import io.github.katib4j.local.TrialFunction;
import io.github.katib4j.metrics.Observations;
import io.github.katib4j.search.Assignment;
import io.github.katib4j.search.EarlyStopper;
import io.github.katib4j.search.EarlyStoppers;
import io.github.katib4j.search.Proposal;
import io.github.katib4j.search.SearchSpace;
import io.github.katib4j.search.StopRuleMonitor;
import io.github.katib4j.search.Suggester;
import io.github.katib4j.search.Suggesters;
import io.github.katib4j.search.TrialRecord;
import io.github.katib4j.search.internal.Algorithms;
import io.github.katib4j.validation.ExperimentValidator;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One experiment running on this machine. Its state is owned by one coordinator at a time, which does what Katib's
 * experiment controller does on each reconcile: recompute the status and end rules, then create trials to keep
 * {@code min(parallelTrialCount, maxTrialCount - completed)} active. Trials run on threads of their own and report
 * back through the coordinator's inbox.
 *
 * <p>The coordinator is a role, not a thread: whichever thread posts to the inbox runs the inbox and the reconcile
 * when no other thread is doing so (flat combining), so a trial's end, the next trial's creation and its launch cost no
 * thread hand-off; a trial thread that ends a trial runs the next one itself.
 *
 * <p>Every change goes to the journal first; listeners, waiters and readers learn of a change only once it is durable,
 * so what a caller has seen survives a crash. On resume the journal is replayed: completed trials are kept, trials
 * that were in flight run again from the start with the same name and assignment, in an empty folder (as a Job's pod
 * would be recreated, with a fresh log and empty volumes; the interrupted attempt's files are moved aside), and the
 * suggester is told the same history, so with the same seed it proposes what it would have.
 */
public final class ExperimentRun {
  /** What an experiment run needs from its engine. */
  public interface Engine {
    Clock clock();

    /** Where process trials run when their container sets no working directory. */
    Path baseDirectory();

    /** Renders a process trial's template and sets up its command, environment and metrics collection. */
    ProcessTrial.Setup processSetup(ExperimentRun run, Experiment experiment, String trialName,
        List<ParameterAssignment> assignments, Path trialDirectory);

    /** A note for the user, such as the first time an image is ignored. */
    void note(ExperimentRef experiment, String note);

    /** Something the user should act on, such as an algorithm that failed; {@code cause} may be null. */
    void warn(ExperimentRef experiment, String warning, Throwable cause);

    /** The folder a trial keeps its checkpoint in, if it has one (PBT continues a trial from its parent's). */
    Optional<Path> checkpointDirectory(Experiment experiment, Path trialDirectory, boolean function);

    /** The validator for experiments whose trials are functions, or processes. */
    ExperimentValidator validator(boolean functionTrials);

    /**
     * The job a process trial's template renders to with these assignments (its Trial's {@code spec.runSpec}), or
     * empty when the template does not render; for trials read back from the journal, which keeps assignments, not
     * jobs.
     */
    Optional<Unstructured> runSpec(Experiment experiment, String trialName, List<ParameterAssignment> assignments);
  }

  private final Engine engine;
  private final Path directory;
  private final ExperimentRef ref;
  private final long seed;
  private final TrialFunction function;
  private final DirectoryLock lock;
  private final Journal journal;
  private final List<LocalTrial> trials = new ArrayList<>();
  private final Map<String, LocalTrial> byName = new HashMap<>();
  private final Map<String, TrialExecution> executions = new ConcurrentHashMap<>();
  /**
   * katib4j's account of each failed trial of this run ({@link TrialOutcome#detail}), for the detail of an
   * experiment that fails: read by whoever waits, written by the coordinator. Not journaled, so trials that failed
   * before a resume have only their conditions' messages.
   */
  private final Map<String, String> failureDetails = new ConcurrentHashMap<>();
  private final List<ExperimentListener> listeners = new CopyOnWriteArrayList<>();
  private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  /** Held by the thread acting as coordinator; guards every field below that is not final or volatile. */
  private final ReentrantLock coordinator = new ReentrantLock();
  /** On a trial thread reporting its trial's end: where a trial launched meanwhile waits to run on that thread. */
  private final ThreadLocal<List<Supplier<Runnable>>> continuation = new ThreadLocal<>();
  private final ExecutorService trialThreads;
  private final ExecutorService listenerThread;
  /** The thread that calls the listeners, which closing a subscription from cannot wait for itself. */
  private volatile Thread listenerThreadInstance;
  /** The listener the listener thread is calling, and since when ({@link System#nanoTime}); null between calls. */
  private volatile ExperimentListener calling;
  private volatile long callingSince;
  /** Runs the sweeps for processes that ended trials left running: see {@link #sweepSoon}. */
  private final ScheduledExecutorService sweeper;
  /** Trials ended since the last sweep whose leftovers nobody looked for, with when each ended (nanoTime). */
  private final Queue<Map.Entry<String, Long>> endedUnswept = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean sweepScheduled = new AtomicBoolean();
  private volatile long lastSweep = System.nanoTime() - SWEEP_INTERVAL.toNanos();
  /** Runs the coordinator for trial threads that must not: see {@link #postAside}. */
  private final ExecutorService asideThread;
  /** Completes once the experiment has completed and no trial is active any more. */
  private volatile CompletableFuture<Experiment> idle = new CompletableFuture<>();
  /** The idle future whose record has been journalled. */
  private CompletableFuture<Experiment> idleJournalled;
  /** Which trial functions' failures are noted in full; the rest are counted and noted when the experiment is idle. */
  private final FailureNotes failureNotes = new FailureNotes();
  /**
   * Whether this run completed the experiment and has not yet said how it ended: said once no trial is left running,
   * when the optimal trial is final; not on a resume that finds the experiment already completed.
   */
  private boolean endNoteDue;

  /** Completes when the experiment does; replaced when a budget change restarts it. */
  private volatile CompletableFuture<Experiment> completion = new CompletableFuture<>();
  private final TrialNames names;
  private Experiment experiment;
  private StatusTracker status;
  private Suggester suggester;
  private EarlyStopper earlyStopper;
  private boolean exhausted;
  /** Why the algorithm failed, for the waiters' exception; Katib's condition says only "Suggestion has failed". */
  private volatile String suggestionFailure;
  /** Whether a trial's NaN objective value has been noted; once per run is enough. */
  private boolean nanNoted;
  /** The folder of the trial to be created next, made ahead while a process trial runs; null when there is none. */
  private Path preparedDirectory;
  /**
   * The next trial's proposal, asked while a process trial runs when the algorithm ignores results; the next trial
   * created takes it. Null when there is none.
   */
  private Proposal nextProposal;
  /** The next trial's process, set up with {@link #nextProposal} under the name the next trial gets; or null. */
  private ProcessTrial.Setup nextSetup;
  private String nextSetupName;
  private boolean closed;
  /** Set by the first {@link #beginClose}, which asks the trials to stop; closing waits for {@link #shutDown}. */
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CompletableFuture<Void> shutDown = new CompletableFuture<>();
  private final ProcessEncoding processEncoding = ProcessEncoding.ofThisJvm();

  private ExperimentRun(Engine engine, Path directory, Experiment experiment, long seed, TrialFunction function,
      DirectoryLock lock, Journal journal) {
    this.engine = engine;
    this.directory = directory;
    this.experiment = experiment;
    this.ref = ExperimentRef.of(experiment);
    this.seed = seed;
    this.function = function;
    this.lock = lock;
    this.journal = journal;
    this.names = new TrialNames(experiment.name(), seed);
    this.status = new StatusTracker(experiment.spec(), trials);
    this.suggester = Suggesters.create(experiment.spec(), seed);
    suggester.notes().forEach(note -> engine.note(ref, note));
    // A cluster-only sure-fail rule the local engine does not apply: it runs the experiment, but says so.
    SuggestionNames.problem(experiment).ifPresent(p -> engine.note(ref, "this experiment runs here, but not on a"
        + " Katib cluster (" + p.path() + ", rule " + p.rule() + "): " + p.message()));
    this.earlyStopper = EarlyStoppers.create(experiment.spec()).orElse(null);
    if (function == null) {
      // For the message should a limit stop a trial's start, when reading it may no longer be possible.
      MachineLimits.remember();
    }
    this.trialThreads = Executors.newCachedThreadPool(daemon("katib4j-trial " + ref));
    ThreadFactory listenerFactory = daemon("katib4j-listeners " + ref);
    this.listenerThread = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = listenerFactory.newThread(runnable);
      listenerThreadInstance = thread;
      return thread;
    });
    this.asideThread = Executors.newSingleThreadExecutor(daemon("katib4j-coordinator " + ref));
    // Its thread starts with the first sweep: an experiment of trial functions has none.
    this.sweeper = Executors.newSingleThreadScheduledExecutor(daemon("katib4j-sweeper " + ref));
    // Not on the journal's writer thread, which closing the run waits for; not a daemon, so that a JVM whose main
    // thread ends meanwhile still stops the trials' processes.
    journal.failed().thenAccept(error -> new Thread(() -> stopAfterJournalFailure(error), "katib4j-stop " + ref)
        .start());
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Starts a new experiment in {@code directory}, which must hold no journal yet.
   *
   * @param experiment defaulted and validated, with a name
   * @param function the trial function, or null for process trials
   * @param beforeTrials given the run before its first trial starts, so that a trial calling back finds it
   */
  public static ExperimentRun start(Engine engine, Path directory, Experiment experiment, long seed,
      TrialFunction function, Consumer<ExperimentRun> beforeTrials) {
    DirectoryLock lock = DirectoryLock.acquire(directory);
    Journal journal;
    try {
      journal = Journal.open(directory.resolve(JOURNAL));
      if (journal.recordCount() != 0) {
        journal.close();
        throw new KatibException("Experiment " + ExperimentRef.of(experiment) + " already exists in " + directory
            + "; resume it, delete it, or give the new one another name");
      }
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    // Only the remains of an engine stopped before the experiment's record was durable: no trial can have run.
    journal.recovery().ifPresent(r -> engine.note(ExperimentRef.of(experiment), r + "; an engine stopped there "
        + "before the experiment was created, so it is created afresh"));
    Instant now = engine.clock().instant();
    Experiment created = withCreationTimestamp(experiment, now);
    ExperimentRun run = new ExperimentRun(engine, directory, created, seed, function, lock, journal);
    journal.appendDurably(Records.of("experiment", now)
        .tree("experiment", KatibCodec.create().toJsonObject(created.withoutStatus()))
        .number("seed", seed)
        .string("trials", function == null ? "process" : "function")
        .text());
    beforeTrials.accept(run);
    run.post(() -> {
      run.status.created(now);
      run.journalConditions(now);
    });
    return run;
  }

  /** The journal file of an experiment directory. */
  public static final String JOURNAL = "journal.log";
  /** The folder, in an experiment's, that keeps the files of trial attempts a stopped engine interrupted. */
  static final String INTERRUPTED = "interrupted-attempts";

  /**
   * Resumes the experiment whose journal is in {@code directory}: replays it, runs again the trials that were in
   * flight, and goes on.
   *
   * @param function the trial function for an experiment of function trials (the journal says which), else null
   * @param beforeTrials given the run before any trial runs again, so that a trial calling back finds it
   */
  public static ExperimentRun resume(Engine engine, Path directory, TrialFunction function,
      Consumer<ExperimentRun> beforeTrials) {
    DirectoryLock lock = DirectoryLock.acquire(directory);
    try {
      Path file = directory.resolve(JOURNAL);
      Replayed replayed = new Replayed(file, "so the engine ran nothing and left the file as it is", true);
      Journal journal = Journal.openExisting(file, () -> new KatibException("there is no "
          + "experiment to resume in " + directory + ": its journal holds no complete record, as an engine stopped "
          + "before the experiment was created leaves it, so nothing ran there; create the experiment instead, which "
          + "sets those remains aside"), replayed, () -> {
            if (replayed.functionTrials && function == null) {
              throw new KatibException("the experiment in " + directory + " runs a Java trial function; resume it "
                  + "from Java with LocalKatib.resume(ref, function)");
            }
          });
      ExperimentRun run = new ExperimentRun(engine, directory, replayed.created, replayed.seed,
          replayed.functionTrials ? function : null, lock, journal);
      journal.recovery().ifPresent(r -> engine.warn(run.ref, r, null));
      run.replay(replayed, beforeTrials);
      return run;
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * Reads an experiment's state from its journal, without running it and without writing to the journal, which the
   * engine running the experiment in another process may be appending to; {@code engine} renders its process trials'
   * jobs when they are read. A journal whose last record is incomplete is read up to it ({@link
   * Snapshot#incompleteTail}). Empty when the journal holds no complete record: the experiment's own record, the
   * first, is being written, or an engine stopped before it was; either way the experiment does not exist yet.
   */
  public static Optional<Snapshot> read(Path directory, Engine engine) {
    Path file = directory.resolve(JOURNAL);
    // A reader shows trials, not the history the algorithms learn from: it keeps no objective reports.
    Replayed replayed = new Replayed(file, "so nothing was read from it, as its records are not the experiment as "
        + "it ran, and the file was left as it is", false);
    Journal.Contents contents = Journal.read(file, replayed);
    if (contents.recordCount() == 0) {
      return Optional.empty();
    }
    return Optional.of(new Snapshot(replayed, replayed.functionTrials ? null : engine, contents.incompleteTail()));
  }

  /**
   * The experiment stamped as the API server stamps an object it creates; whole seconds, the precision of
   * {@code metav1.Time} on the wire, so that the experiment read back from the journal is the one that ran.
   */
  private static Experiment withCreationTimestamp(Experiment experiment, Instant now) {
    return experiment.withMetadata(ObjectMeta.builder().from(experiment.metadata())
        .creationTimestamp(now.truncatedTo(ChronoUnit.SECONDS)).build());
  }

  /** An experiment and its trials as the journal last recorded them. */
  public static final class Snapshot {
    public final Experiment experiment;
    private final Replayed replayed;
    private final Engine processTrialEngine;
    private final Optional<String> incompleteTail;

    Snapshot(Replayed replayed, Engine processTrialEngine, Optional<String> incompleteTail) {
      this.experiment = replayed.experimentWithStatus();
      this.replayed = replayed;
      this.processTrialEngine = processTrialEngine;
      this.incompleteTail = incompleteTail;
    }

    /** A note on the bytes after the journal's last complete record, which the snapshot leaves out, if any. */
    public Optional<String> incompleteTail() {
      return incompleteTail;
    }

    /** The experiment's Suggestion: every assignment the journal recorded. */
    public Suggestion suggestion() {
      return ExperimentRun.suggestion(replayed.experiment, replayed.trials);
    }

    /** The trials as Katib's Trial objects, process trials with the job their template renders to. */
    public List<Trial> trials() {
      if (processTrialEngine != null) {
        replayed.renderRunSpecs(processTrialEngine);
      }
      return replayed.trialObjects();
    }
  }

  public ExperimentRef ref() {
    return ref;
  }

  public Path directory() {
    return directory;
  }

  /** What this run's process trials' arguments, environment and working directory must be encodable in. */
  ProcessEncoding processEncoding() {
    return processEncoding;
  }

  /** The directory of trial {@code name}. */
  public Path trialDirectory(String name) {
    return directory.resolve("trials").resolve(name);
  }

  // ---- the coordinator --------------------------------------------------------------------------------------

  /** Queues {@code task} for the coordinator, and acts as coordinator unless another thread is. */
  private void post(Runnable task) {
    inbox.add(task);
    drain();
  }

  /**
   * Posts {@code task} and leaves running the inbox to another thread, for a trial thread that has just started a
   * process and should wait for it at once. Work that thread does right after the start delays the new process by
   * about as much (in a probe, 200 µs of busy work there made each short trial 150-240 µs longer, while the same work
   * handed to another thread made no measurable difference): the process seems to share that thread's CPU at first.
   * On another thread the work goes to the idle CPU.
   */
  private void postAside(Runnable task) {
    inbox.add(task);
    try {
      asideThread.execute(this::drain);
    } catch (RejectedExecutionException e) {
      // Closing: run it here, as post() would.
      drain();
    }
  }

  /**
   * Runs the inbox and the reconcile while there is work and no other thread holds the role. Checking the inbox again
   * after unlocking means a task posted while another thread held the role is never left behind.
   */
  private void drain() {
    while (!inbox.isEmpty() && coordinator.tryLock()) {
      try {
        runInbox(!stopping.get());
      } finally {
        coordinator.unlock();
      }
    }
  }

  private void runInbox(boolean reconcile) {
    if (closed) {
      // Changes after close are dropped (trials in flight run again on resume), but no caller is left waiting.
      for (Runnable task = inbox.poll(); task != null; task = inbox.poll()) {
        if (task instanceof Call) {
          ((Call<?>) task).result.completeExceptionally(new KatibException("Experiment " + ref
              + " was stopped in this engine; resume it to go on"));
        }
      }
      return;
    }
    for (Runnable task = inbox.poll(); task != null; task = inbox.poll()) {
      try {
        task.run();
      } catch (RuntimeException e) {
        internalError(e);
      }
    }
    if (reconcile) {
      try {
        reconcile();
      } catch (RuntimeException e) {
        internalError(e);
      }
    }
  }

  private void internalError(RuntimeException e) {
    // Once the journal has failed every change fails to be recorded, and the run is stopping with one note for it.
    if (!journal.failed().isDone()) {
      engine.warn(ref, "internal error while running the experiment: " + e, e);
    }
  }

  /** Runs {@code task} as coordinator and returns its result. */
  private <T> T call(Callable<T> task) {
    if (coordinator.isHeldByCurrentThread()) {
      try {
        return task.call();
      } catch (Exception e) {
        throw e instanceof RuntimeException ? (RuntimeException) e : new KatibException(e.getMessage(), e);
      }
    }
    Call<T> call = new Call<>(task);
    post(call);
    return join(call.result);
  }

  /** A task whose caller waits for its result. */
  private static final class Call<T> implements Runnable {
    final Callable<T> task;
    final CompletableFuture<T> result = new CompletableFuture<>();

    Call(Callable<T> task) {
      this.task = task;
    }

    @Override
    public void run() {
      try {
        result.complete(task.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }
  }

  /**
   * Runs {@code task} as coordinator and returns its result once everything journalled up to then is durable, so a
   * caller never sees state that a crash could take back.
   */
  private <T> T read(Callable<T> task) {
    CompletableFuture<Void> durable = new CompletableFuture<>();
    T result = call(() -> {
      T value = task.call();
      journal.flushed().whenComplete((v, e) -> durable.complete(null));
      return value;
    });
    join(durable);
    return result;
  }

  private <T> T join(CompletableFuture<T> future) {
    return get(future, Long.MAX_VALUE, null);
  }

  /**
   * The future's value, waiting at most {@code timeoutNanos}; a failure is rethrown as it is when unchecked (an Error
   * included), an
   * interrupt keeps the thread's interrupt flag, and running out of time throws what {@code timedOut} gives.
   */
  private <T> T get(CompletableFuture<T> future, long timeoutNanos, Supplier<KatibTimeoutException> timedOut) {
    try {
      return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw timedOut.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KatibException("interrupted while waiting for experiment " + ref, e);
    } catch (ExecutionException e) {
      // An Error (OutOfMemoryError above all) stays itself: wrapped, a caller's catch (KatibException) would take the
      // JVM's trouble for the experiment's and go on.
      if (e.getCause() instanceof Error) {
        throw (Error) e.getCause();
      }
      throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
          : new KatibException(e.getCause().getMessage(), e.getCause());
    }
  }

  /** Katib's reconcile: status and end rules, then new trials to fill the parallel budget. */
  private void reconcile() {
    Instant now = engine.clock().instant();
    if (status.isCompleted()) {
      checkIdle();
      return;
    }
    if (status.evaluate(exhausted, now)) {
      completed(now);
      return;
    }
    journalConditionsIfChanged(now);
    createTrials(now);
    if (exhausted && status.active() == 0 && status.evaluate(true, now)) {
      completed(now);
    }
  }

  /** Katib lets trials running at completion finish; once none is left, the experiment is idle. */
  private void checkIdle() {
    // Once per idle future: it completes only when the record is durable, and reconciles come sooner than that.
    if (status.active() == 0 && idleJournalled != idle) {
      noteEnd();
      discardPreparedTrial();
      Experiment done = experimentWithStatus();
      CompletableFuture<Experiment> current = idle;
      idleJournalled = current;
      journal.append(Records.of("idle", engine.clock().instant()).text());
      // Someone is likely waiting for this: sync now rather than at the end of the group-commit interval.
      long launchedBefore = launches;
      journal.flushed().thenRunAsync(() -> {
        stopLeftBehind("found when the experiment ended");
        leftBehindCheckedAt = launchedBefore;
        current.complete(done);
      }, listenerThread);
    }
  }

  private void createTrials(Instant now) {
    int count = status.trialsToAdd();
    if (count == 0 || exhausted) {
      return;
    }
    List<Proposal> proposals;
    try {
      proposals = propose(count);
    } catch (RuntimeException e) {
      // Katib marks the experiment Failed when its suggestion service fails (an error from GetSuggestions included),
      // without a completion time.
      suggestionFailure = "the " + suggester.algorithmName() + " algorithm failed: "
          + (e instanceof KatibException ? e.getMessage() : e.toString());
      engine.warn(ref, suggestionFailure, e instanceof KatibException ? null : e);
      status.fail("Suggestion has failed", now, false);
      completed(now);
      return;
    }
    for (Proposal proposal : proposals) {
      createTrial(proposal, now);
    }
    if (proposals.size() < count && (suggester.isExhausted() || status.active() == 0)) {
      exhausted = true;
      journalExhausted(now);
    }
  }

  /** {@code count} proposals at most: the one asked ahead, if any, then new ones. */
  private List<Proposal> propose(int count) {
    if (nextProposal == null) {
      return suggester.ask(count);
    }
    List<Proposal> proposals = new ArrayList<>(count);
    proposals.add(nextProposal);
    nextProposal = null;
    proposals.addAll(suggester.ask(count - 1));
    return proposals;
  }

  private void createTrial(Proposal proposal, Instant now) {
    int index = trials.size();
    String name = names.next(index);
    List<EarlyStoppingRule> rules = earlyStopper == null ? List.of() : earlyStopper.rules();
    LocalTrial trial = new LocalTrial(index, name, proposal.assignment(), proposal.labels(), rules,
        proposal.checkpointParent(), now);
    add(trial);
    Records.Line record = Records.of("trial", now)
        .string("name", name)
        .tree("assignments", Records.assignments(trial.parameterAssignments))
        .tree("labels", Records.labels(trial.labels))
        .tree("rules", Records.rules(rules));
    proposal.checkpointParent().ifPresent(p -> record.string("parent", p));
    suggester.tell(proposal.toTrial(name));
    CompletableFuture<Void> durable = journal.append(record.text());
    notifyTrial(durable, trial, null);
    launch(trial);
  }

  private void add(LocalTrial trial) {
    trials.add(trial);
    byName.put(trial.name, trial);
    names.taken(trial.name);
    status.moved(trial, null);
  }

  private void launch(LocalTrial trial) {
    launches++;
    trial.attempt++;
    Experiment current = experiment;
    Objective objective = current.spec().objective().orElseThrow();
    StopRuleMonitor monitor = StopRuleMonitor.of(TrialExecution.objectiveType(objective),
        objective.objectiveMetricName(), trial.rules);
    Path trialDirectory = trialDirectory(trial.name);
    boolean prepared = trialDirectory.equals(preparedDirectory);
    if (prepared) {
      preparedDirectory = null;
    }
    ProcessTrial.Setup setUpAhead = trial.name.equals(nextSetupName) ? nextSetup : null;
    if (setUpAhead != null) {
      nextSetup = null;
      nextSetupName = null;
    }
    if (function != null) {
      // A function starts as soon as a thread takes it; recording the start here spares the trial a round trip.
      started(trial, null);
    }
    TrialExecution.Context context = new TrialExecution.Context(trial.name, trialDirectory, objective, monitor,
        function != null ? pid -> { } : startedCallback(trial),
        report -> journal.append(Records.metric(trial.name, report)));
    Path checkpoint = engine.checkpointDirectory(current, trialDirectory, function != null).orElse(null);
    Path parentCheckpoint = trial.checkpointParent.flatMap(parent -> engine.checkpointDirectory(current,
        trialDirectory(parent), function != null)).orElse(null);
    Supplier<Runnable> work = () -> {
      TrialOutcome outcome;
      try {
        TrialExecution execution;
        if (function != null) {
          execution = new FunctionTrial(context, function, trial.assignment, ref, engine.clock(), checkpoint,
              parentCheckpoint, failureNotes);
        } else {
          if (!prepared) {
            Files.createDirectories(trialDirectory);
          }
          if (checkpoint != null) {
            Checkpoints.prepare(checkpoint, parentCheckpoint);
          }
          ProcessTrial.Setup setup = setUpAhead != null ? setUpAhead
              : engine.processSetup(this, current, trial.name, trial.parameterAssignments, trialDirectory);
          trial.runSpec = setup.runSpec;
          execution = new ProcessTrial(context, setup);
        }
        Thread runner = Thread.currentThread();
        execution.runner = runner;
        executions.put(trial.name, execution);
        if (stopping.get()) {
          execution.cancel("the engine is closing");
        }
        // A trial function's thread is named after its trial while it runs: a thread dump, and the note when the
        // function does not stop, say which. A process trial's thread only waits for a process a stop kills, and
        // renaming it would cost two system calls per trial on the engine's busiest path.
        String poolName = function != null ? runner.getName() : null;
        if (poolName != null) {
          runner.setName("katib4j-trial " + ref + " " + trial.name);
        }
        try {
          outcome = execution.run();
        } finally {
          if (poolName != null) {
            runner.setName(poolName);
          }
        }
        if (execution instanceof ProcessTrial && ((ProcessTrial) execution).leftBehindUnlooked()) {
          sweepSoon(trial.name);
        }
      } catch (Throwable e) {
        Optional<String> limit = function == null ? MachineLimits.of(e, directory) : Optional.empty();
        if (limit.isPresent()) {
          // The machine's limit, not the trial's failure: on a cluster its pod would stay Pending.
          stopForMachineLimit(trial.name, limit.get());
          outcome = TrialOutcome.interrupted();
        } else {
          String why = e instanceof KatibException ? e.getMessage() : e.toString();
          // Noted like a trial that failed once started: nothing else would tell the user why.
          outcome = new TrialOutcome(TrialState.FAILED, null, "TrialNotStarted", why, List.of(),
              List.of("failed: " + why));
        }
      } finally {
        executions.remove(trial.name);
      }
      if (function == null && !outcome.isInterrupted() && outcome.state != TrialState.SUCCEEDED
          && outcome.state != TrialState.EARLY_STOPPED) {
        Optional<String> full = fullFileSystem(trialDirectory);
        if (full.isPresent()) {
          stopForFullFileSystem(trial.name, outcome.jobMessage, full.get());
          outcome = TrialOutcome.interrupted();
        }
      }
      TrialOutcome result = outcome;
      return () -> finished(trial, result);
    };
    List<Supplier<Runnable>> next = continuation.get();
    if (next != null && next.isEmpty()) {
      next.add(work);
    } else if (stoppedForMachine.get()) {
      // The run is stopping for a limit of the machine: the trial stays in flight and runs on resume.
      closeUnused(setUpAhead);
    } else {
      try {
        trialThreads.execute(() -> runTrials(work));
      } catch (OutOfMemoryError e) {
        // "unable to create native thread": a limit on processes and threads (ulimit -u), not the trial's failure.
        Optional<String> limit = MachineLimits.of(e, directory);
        if (limit.isEmpty()) {
          throw e;
        }
        closeUnused(setUpAhead);
        stopForMachineLimit(trial.name, limit.get());
      }
    }
  }

  private static void closeUnused(ProcessTrial.Setup setup) {
    if (setup != null) {
      // It holds the trial's output file open.
      setup.metrics.close();
    }
  }

  /**
   * What a process trial's thread does once its process has started: posts the start, and leaves the coordinator's
   * work to another thread when this is the only trial running (it then sets up the next trial, see
   * {@link #prepareNextTrial}, and another CPU is likely idle). With other trials running, their processes keep the
   * CPUs busy and handing the work over would only add a thread switch.
   */
  private Consumer<Long> startedCallback(LocalTrial trial) {
    if (status.active() > 1) {
      return pid -> post(() -> started(trial, pid));
    }
    return pid -> postAside(() -> started(trial, pid));
  }

  /**
   * Runs a trial on this trial thread and posts its end; when handling that end launches a trial, runs that one next
   * on the same thread, and so on.
   */
  private void runTrials(Supplier<Runnable> first) {
    for (Supplier<Runnable> work = first; work != null; ) {
      Runnable end = work.get();
      List<Supplier<Runnable>> next = new ArrayList<>(1);
      continuation.set(next);
      try {
        post(end);
      } finally {
        continuation.remove();
      }
      work = next.isEmpty() ? null : next.get(0);
    }
  }

  private void started(LocalTrial trial, Long pid) {
    if (trial.state != TrialState.PENDING) {
      return;
    }
    Instant now = engine.clock().instant();
    TrialState previous = trial.state;
    trial.markRunning(now);
    status.moved(trial, previous);
    Records.Line record = Records.of("start", now).string("name", trial.name).number("attempt", trial.attempt);
    if (pid != null) {
      record.number("pid", pid);
      TrialProcesses.startToken(pid).ifPresent(start -> record.string("processStart", start));
    }
    notifyTrial(journal.append(record.text()), trial, previous);
    if (pid != null) {
      prepareNextTrial();
    }
  }

  /**
   * Does what the next trial needs before it can start while this one's process runs, so that for short commands run
   * one at a time the next start waits for as little as possible after this one ends. The next trial's folder is
   * made (names follow from the trial's number); when this trial is the only one running and the algorithm's
   * proposals ignore results, the next proposal is asked and its process set up too (the template rendered, the
   * command and the collector made), which is what they would be after this trial ends. A folder or a set-up that no
   * trial takes is dropped when the experiment ends or the engine closes; a proposal stays for the next trial
   * created, should the experiment restart.
   */
  private void prepareNextTrial() {
    OptionalInt max = experiment.spec().maxTrialCount();
    if (exhausted || stopping.get() || status.isCompleted() || (max.isPresent() && trials.size() >= max.getAsInt())) {
      return;
    }
    String name = names.peek(trials.size());
    Path next = trialDirectory(name);
    if (preparedDirectory == null) {
      try {
        Files.createDirectories(next);
        preparedDirectory = next;
      } catch (IOException e) {
        // Launching the trial creates the folder again and reports what goes wrong.
      }
    }
    // With other trials running, their processes keep the machine busy while the next trial is set up after one
    // ends; setting it up here would only hold the coordinator longer.
    if (nextProposal != null || nextSetup != null || status.active() > 1 || !suggester.ignoresResults()) {
      return;
    }
    try {
      List<Proposal> asked = suggester.ask(1);
      if (asked.isEmpty()) {
        return;
      }
      nextProposal = asked.get(0);
      nextSetup = engine.processSetup(this, experiment, name, nextProposal.assignment().toWire(), next);
      nextSetupName = name;
    } catch (RuntimeException e) {
      // What failed here is done again when the trial is created or launched, which report it as Katib would.
    }
  }

  private void discardPreparedTrial() {
    Path prepared = preparedDirectory;
    preparedDirectory = null;
    if (nextSetup != null) {
      // Its folder, which the set-up made when making it ahead failed.
      prepared = trialDirectory(nextSetupName);
      nextSetup.metrics.close();
      nextSetup = null;
      nextSetupName = null;
    }
    if (prepared != null) {
      try {
        FileTrees.deleteEmpty(prepared);
      } catch (IOException e) {
        // Left for whoever deletes the experiment: nothing in it is lost either way.
      }
    }
  }

  private void finished(LocalTrial trial, TrialOutcome outcome) {
    if (outcome.isInterrupted()) {
      return;
    }
    Instant now = engine.clock().instant();
    if (trial.state == TrialState.PENDING) {
      started(trial, null);
    }
    TrialState previous = trial.state;
    trial.objectiveReports.addAll(outcome.objectiveReports);
    trial.markCompleted(outcome.state, outcome.observation, outcome.jobReason, outcome.jobMessage, now);
    status.moved(trial, previous);
    if (!outcome.detail.isEmpty()) {
      failureDetails.put(trial.name, outcome.detail);
    }
    outcome.notes.forEach(n -> engine.note(ref, trial.name + ": " + n));
    String record = Records.of("end", now)
        .string("name", trial.name)
        .string("state", outcome.state.name())
        .tree("observation", Records.observation(outcome.observation))
        .string("reason", outcome.jobReason)
        .string("message", outcome.jobMessage)
        .text();
    OptionalDouble value = tell(trial).objectiveValue();
    if (!nanNoted && value.isPresent() && Double.isNaN(value.getAsDouble())) {
      nanNoted = true;
      Objective objective = experiment.spec().objective().orElseThrow();
      // Katib's choice of the optimal trial starts from the first value in creation order and takes only strictly
      // better ones: a NaN that is first, with no earlier trial still to report, is the optimal trial for good.
      boolean optimalForGood = status.best().filter(best -> best == trial).isPresent()
          && trials.subList(0, trial.index).stream().noneMatch(earlier -> earlier.state.isActive());
      engine.warn(ref, trial.name + ": its objective metric " + objective.objectiveMetricName() + " is NaN; the "
          + "search algorithms learn nothing from such a trial and may keep proposing values like its own."
          + (optimalForGood ? " As in Katib, it stays the experiment's optimal trial whatever the later trials give"
              + ", since no value compares better than NaN" + (objective.goal().isPresent()
              ? ", so the goal can no longer be reached." : ".") : "")
          + " For a run that diverged, report a finite value worse than any real result, or fail the trial (a "
          + "function throws, a command exits with a non-zero code)", null);
    }
    notifyTrial(journal.append(record), trial, previous);
  }

  private TrialRecord tell(LocalTrial trial) {
    TrialRecord record = recordOf(trial);
    suggester.tell(record);
    if (earlyStopper != null) {
      earlyStopper.tell(record);
    }
    return record;
  }

  private TrialRecord recordOf(LocalTrial trial) {
    TrialRecord.Builder b = TrialRecord.builder().name(trial.name).assignment(trial.assignment)
        .labels(trial.labels).state(searchState(trial.state)).intermediateValues(trial.objectiveReports);
    if (trial.observation != null) {
      Observations.objectiveValue(trial.observation, experiment.spec().objective().orElseThrow())
          .map(Observations::parseFloat)
          .filter(OptionalDouble::isPresent)
          .ifPresent(v -> b.objectiveValue(v.getAsDouble()));
    }
    return b.build();
  }

  private static io.github.katib4j.search.TrialState searchState(TrialState state) {
    return state.condition() == null ? io.github.katib4j.search.TrialState.RUNNING
        : io.github.katib4j.search.TrialState.of(state.condition());
  }

  private void completed(Instant now) {
    endNoteDue = true;
    if (status.active() == 0) {
      // Before the completion is released: whoever awaits it finds the notes complete.
      noteEnd();
    }
    journalConditions(now);
    journal.append(Records.of("completed", now).text());
    CompletableFuture<Void> durable = journal.flushed();
    Experiment done = experimentWithStatus();
    CompletableFuture<Experiment> current = completion;
    durable.thenRunAsync(() -> current.complete(done), listenerThread);
    checkIdle();
  }

  /**
   * The notes on how the experiment ended that its status alone does not make plain: the failures not noted one by
   * one, and an experiment that Succeeded (as Katib has it when maxTrialCount is reached) with no optimal trial,
   * which a caller of {@code optimalTrial().orElseThrow()} would otherwise learn from a bare exception.
   */
  private void noteEnd() {
    failureNotes.summary().ifPresent(note -> engine.note(ref, note));
    if (!endNoteDue) {
      return;
    }
    endNoteDue = false;
    // A Failed experiment says so already (ExperimentFailedException); one that Succeeded with nothing to show does
    // not.
    if (status.best().isEmpty() && !status.conditions().isTrue("Failed")) {
      engine.warn(ref, "completed (" + status.completionReason() + ") with no optimal trial: no trial reported the"
          + " objective metric " + experiment.spec().objective().orElseThrow().objectiveMetricName() + " ("
          + status.count(TrialState.SUCCEEDED) + " succeeded, " + status.count(TrialState.FAILED) + " failed, "
          + status.count(TrialState.METRICS_UNAVAILABLE) + " without the metric, " + status.count(TrialState.KILLED)
          + " killed, " + status.count(TrialState.EARLY_STOPPED) + " early stopped); the notes above and each trial's"
          + " condition say why, and setting maxFailedTrialCount stops such an experiment sooner", null);
    }
  }

  // ---- journal of conditions ----------------------------------------------------------------------------------

  /** The {@link ConditionList#version()} last journalled. */
  private long journalledVersion = -1;

  private void journalConditionsIfChanged(Instant now) {
    if (status.conditions().version() != journalledVersion) {
      journalConditions(now);
    }
  }

  private void journalConditions(Instant now) {
    journalledVersion = status.conditions().version();
    Records.Line record = Records.of("conditions", now)
        .tree("conditions", Records.conditions(status.conditions().asList()));
    status.startTime().ifPresent(t -> record.string("startTime", t.toString()));
    Experiment current = experimentWithStatus();
    current.status().flatMap(s -> s.completionTime()).ifPresent(t -> record.string("completionTime",
        t.toString()));
    CompletableFuture<Void> durable = journal.append(record.text());
    if (!listeners.isEmpty()) {
      durable.thenRunAsync(() -> listeners.forEach(l -> callListener(l, () -> l.onExperiment(current))),
          listenerThread);
    }
  }

  private void journalExhausted(Instant now) {
    journal.append(Records.of("exhausted", now).text());
    engine.note(ref, "the " + suggester.algorithmName() + " algorithm has proposed every trial it can");
  }

  private void notifyTrial(CompletableFuture<Void> durable, LocalTrial trial, TrialState previous) {
    if (listeners.isEmpty()) {
      return;
    }
    Trial snapshot = trial.toTrial(experiment);
    TrialConditionType before = previous == null ? null : previous.condition();
    // Every trial change moves the experiment's counters (and may move its optimal trial): a status change, which the
    // cluster's watch reports as one too.
    Experiment current = experimentWithStatus();
    durable.thenRunAsync(() -> {
      TrialEvent event = TrialEvent.of(ref, snapshot, before);
      listeners.forEach(l -> callListener(l, () -> l.onTrial(event)));
      listeners.forEach(l -> callListener(l, () -> l.onExperiment(current)));
    }, listenerThread);
  }

  // ---- replay ---------------------------------------------------------------------------------------------------

  /** Rebuilds state from the journal, tells the algorithms the same history, and runs again what was in flight. */
  private void replay(Replayed replayed, Consumer<ExperimentRun> beforeTrials) {
    if (function == null) {
      replayed.renderRunSpecs(engine);
    }
    experiment = replayed.experiment;
    status = new StatusTracker(experiment.spec(), trials);
    suggester = Suggesters.create(experiment.spec(), seed);
    for (LocalTrial trial : replayed.trials) {
      trials.add(trial);
      byName.put(trial.name, trial);
      names.taken(trial.name);
      status.restore(trial);
    }
    status.restore(replayed.conditions, replayed.startTime.orElse(null), replayed.completionTime.orElse(null));
    journalledVersion = status.conditions().version();
    exhausted = replayed.exhausted;
    for (LocalTrial trial : trials) {
      suggester.tell(TrialRecord.builder().name(trial.name).assignment(trial.assignment).labels(trial.labels)
          .build());
      if (!trial.state.isActive()) {
        tell(trial);
      }
    }
    Instant now = engine.clock().instant();
    List<String> rerun = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (LocalTrial trial : trials) {
      if (trial.state.isActive()) {
        Path trialDirectory = trialDirectory(trial.name);
        replayed.orphans.getOrDefault(trial.name, List.of()).forEach(start -> killOrphan(start, trialDirectory));
      }
    }
    // Before any folder is moved and any trial runs again: a process the crashed run started (a trial's, or one a
    // trial left running) could otherwise write into a rerun's folder by its path, or into its log. Not only those
    // with a start record: the crash may have come before the record of a start, or of a trial, was durable. One
    // scan of the processes, once per resume.
    if (function == null) {
      notes.addAll(stopLeftRunning(name -> true, name -> "found when the experiment resumed"));
    }
    for (LocalTrial trial : trials) {
      if (trial.state.isActive()) {
        // A trial whose start was not recorded may still have started (the record was not yet durable): its
        // folder then holds that attempt's files, and the attempt takes its number.
        if (trial.state == TrialState.PENDING && hasFiles(trialDirectory(trial.name))) {
          trial.attempt++;
        }
        setAside(trial.name, "attempt-" + trial.attempt, trial.name + ": attempt " + trial.attempt + " was"
            + " interrupted when the engine stopped").ifPresent(notes::add);
        TrialState previous = trial.state;
        trial.resetForRerun();
        status.moved(trial, previous);
        rerun.add(trial.name);
      }
    }
    notes.addAll(setAsideUnrecorded());
    JsonArray rerunNames = new JsonArray();
    rerun.forEach(rerunNames::add);
    journal.appendDurably(Records.of("resume", now).tree("rerun", rerunNames).text());
    if (!rerun.isEmpty()) {
      engine.note(ref, "resuming: trials " + rerun + " were running when the engine stopped; they run again from the"
          + " start with the same names and assignments, as Katib's job would recreate their pods" + (status
          .isCompleted() ? " (the experiment had completed: as in Katib, trials running at its end run to their"
          + " end, and do not change how it ended)" : ""));
    }
    notes.forEach(note -> engine.note(ref, note));
    beforeTrials.accept(this);
    post(() -> {
      // Also when the experiment had completed: Katib lets the trials running at its end finish (their jobs go on and
      // the trial controller records them), and a rerun left pending would never end, nor would a wait for it.
      for (String name : rerun) {
        launch(byName.get(name));
      }
      if (status.isCompleted()) {
        completion.complete(experimentWithStatus());
        checkIdle();
      }
    });
  }

  /**
   * Moves the folder of a trial's interrupted attempt to {@value #INTERRUPTED}{@code /<trial>/<attempt>} in the
   * experiment's folder, so that its rerun starts in an empty folder, as the pod Katib's job recreates starts with a
   * fresh log and empty volumes: the interrupted attempt's output, metrics file and event files would otherwise be read
   * again as the rerun's (its output was appended to). Nothing is deleted. Returns the note saying where they went,
   * starting with {@code what}; empty when the folder holds nothing.
   */
  private Optional<String> setAside(String trial, String attempt, String what) {
    Path trialDirectory = trialDirectory(trial);
    try {
      if (!hasFiles(trialDirectory)) {
        return Optional.empty();
      }
      Path parent = directory.resolve(INTERRUPTED).resolve(trial);
      Files.createDirectories(parent);
      Path target = parent.resolve(attempt);
      for (int n = 2; Files.exists(target); n++) {
        target = parent.resolve(attempt + "-" + n);
      }
      Files.move(trialDirectory, target);
      return Optional.of(what + "; its files (output, metrics, everything in its folder) are kept in " + target
          + ", and the trial runs in an empty folder, as the pod Katib's job recreates starts with a fresh log and"
          + " empty volumes");
    } catch (IOException e) {
      engine.warn(ref, what + ", and its folder " + trialDirectory + " could not be moved aside (" + e + "); the"
          + " trial that runs there reads its output and metrics files after that attempt's, so its observation may"
          + " include that attempt's values. Stop this run, move the folder's contents away and resume again", null);
      return Optional.empty();
    }
  }

  /**
   * Sets aside the folders under {@code trials/} of attempts the journal has no trial for: the crash came before the
   * trial's record was durable, or a recovery of the journal cut it off. Trial names follow from the seed and the
   * trial's number, so the trial created next under that name would otherwise run in a folder holding that attempt's
   * files. An empty folder (made ahead for the next trial) stays.
   */
  private List<String> setAsideUnrecorded() {
    List<String> notes = new ArrayList<>();
    List<String> unrecorded = new ArrayList<>();
    try (Stream<Path> folders = Files.list(directory.resolve("trials"))) {
      folders.map(f -> f.getFileName().toString()).filter(name -> !byName.containsKey(name)).sorted()
          .forEach(unrecorded::add);
    } catch (IOException e) {
      // No trials folder: no trial has run yet.
      return notes;
    }
    for (String name : unrecorded) {
      setAside(name, "unrecorded", name + ": its folder held the files of an attempt the journal has no record of"
          + " (the engine stopped before the trial's record was written, or the journal's recovery cut it off)")
          .ifPresent(notes::add);
    }
    return notes;
  }

  /** Whether {@code folder} exists and holds anything. */
  private static boolean hasFiles(Path folder) {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.findAny().isPresent();
    } catch (IOException e) {
      // Unreadable: moving it aside says what is wrong, or keeps it.
      return true;
    }
  }

  /** Kills a process a crashed engine left running for the trial in {@code trialDirectory}, and its descendants. */
  private static void killOrphan(JsonObject start, Path trialDirectory) {
    if (!start.has("pid")) {
      return;
    }
    long pid = start.get("pid").getAsLong();
    Optional<String> startToken = start.has("processStart")
        ? Optional.of(start.get("processStart").getAsString()) : Optional.empty();
    ProcessHandle.of(pid)
        .filter(h -> TrialProcesses.isTrialProcess(pid, trialDirectory, startToken))
        .ifPresent(h -> {
          h.descendants().forEach(ProcessHandle::destroyForcibly);
          h.destroyForcibly();
        });
  }

  /**
   * The state recorded in a journal, read record by record. A journal whose every line is a complete record may still
   * not make sense (an edit by hand, or a version of katib4j that writes records this one does not know): a record of
   * a trial without the trial's own record, a second record of a trial or of the experiment, a start after the
   * trial's end, a record type this version does not know, a field missing or of another JSON type. Reading it then
   * throws, naming the file, the line and the record, what was expected and what was seen, and the way out, rather
   * than show (or resume) an experiment that is not the one that ran. A lost end is not such a record: the trial reads
   * as running, and resuming runs it again.
   */
  private static final class Replayed implements Journal.RecordSink {
    /** The record types the engine writes; {@code idle} and {@code completed} change nothing that is read back. */
    private static final List<String> TYPES = List.of("experiment", "trial", "start", "metric", "end", "resume",
        "budget", "conditions", "exhausted", "idle", "completed");
    /** The states a trial's end record may hold: those {@link LocalTrial#markCompleted} takes. */
    private static final List<String> END_STATES = List.of(TrialState.SUCCEEDED.name(), TrialState.FAILED.name(),
        TrialState.METRICS_UNAVAILABLE.name(), TrialState.EARLY_STOPPED.name());

    /** The experiment as its first record holds it, before budget changes. */
    Experiment created;
    long seed;
    boolean functionTrials;
    Experiment experiment;
    final List<LocalTrial> trials = new ArrayList<>();
    final Map<String, LocalTrial> byName = new HashMap<>();
    final Map<String, List<JsonObject>> orphans = new HashMap<>();
    List<Condition> conditions = List.of();
    Optional<Instant> startTime = Optional.empty();
    Optional<Instant> completionTime = Optional.empty();
    boolean exhausted;
    private SearchSpace space;
    private final Path file;
    private final String consequence;
    /**
     * Whether to keep each trial's objective reports (its metric records of the objective metric), which the
     * algorithms and early stopping learn from when the experiment resumes; a reader has no use for them. Every other
     * metric record is checked and dropped: nothing that is read back holds it.
     */
    private final boolean objectiveReports;
    /** The line of each trial's "trial" record, and of its end. */
    private final Map<String, Long> trialLines = new HashMap<>();
    private final Map<String, Long> endLines = new HashMap<>();

    /**
     * A replay of the journal {@code file}, to be given its complete records as they are read, the first of which is
     * on line 1.
     *
     * @param consequence what was done about a record that makes no sense, for the error
     */
    Replayed(Path file, String consequence, boolean objectiveReports) {
      this.file = file;
      this.consequence = consequence;
      this.objectiveReports = objectiveReports;
    }

    /**
     * Applies the record on {@code line}.
     *
     * @throws KatibException when the record makes no sense after those before it
     */
    @Override
    public void accept(long line, JsonObject record) {
      if (line == 1) {
        first(record);
      } else {
        apply(line, record);
      }
    }

    /** Reads the experiment's own record, which must be the first. */
    private void first(JsonObject record) {
      // Without the experiment's own record nothing else can be read: no line can be deleted to go on.
      String wayOut = "To go on, restore " + file.getFileName() + " from a backup: the experiment's own record (line "
          + "1) cannot be done without; then try again";
      try {
        Records.Fields fields = new Records.Fields(record);
        if (!fields.type.equals("experiment")) {
          throw new Records.Invalid("expected the experiment's own record (\"record\":\"experiment\"), which the "
              + "engine writes first, saw a \"" + fields.type + "\" record");
        }
        JsonObject object = fields.object("experiment");
        Experiment experiment = fields.read("experiment", "the experiment in Katib's JSON",
            e -> KatibCodec.create().lenient().fromJsonObject(object, Experiment.class));
        if (experiment.spec().objective().isEmpty()) {
          throw fields.wrong("experiment", "an experiment with an objective");
        }
        // One journalled before experiments kept their creation time gets the record's time.
        Instant time = fields.time();
        if (experiment.metadata().creationTimestamp().isEmpty()) {
          experiment = withCreationTimestamp(experiment, time);
        }
        long seed = fields.integer("seed");
        String trials = fields.optionalString("trials");
        if (!trials.isEmpty() && !trials.equals("process") && !trials.equals("function")) {
          throw fields.wrong("trials", "\"process\" or \"function\"");
        }
        this.created = experiment;
        this.experiment = experiment;
        this.seed = seed;
        this.functionTrials = trials.equals("function");
        // The algorithm's space: hyperband's resource parameter holds its budget whatever its type.
        this.space = Algorithms.space(experiment.spec());
      } catch (Records.Invalid e) {
        throw Journal.nonsense(file, 1, record, e.getMessage(), consequence, wayOut);
      } catch (RuntimeException e) {
        throw Journal.nonsense(file, 1, record, "the experiment's own record cannot be read (" + e + ")",
            consequence, wayOut);
      }
    }

    private void apply(long line, JsonObject record) {
      try {
        applyFields(line, new Records.Fields(record));
      } catch (UnknownTrial e) {
        throw Journal.nonsense(file, line, record, e.getMessage(), consequence, Journal.wayOut(file, "every record "
            + "of trial " + e.trial, linesOf(e.trial), "trial " + e.trial + " is then lost: the experiment goes on "
            + "without it, and resuming it sets the trial's folder aside"));
      } catch (Records.Invalid e) {
        throw nonsense(line, record, e.getMessage());
      } catch (KatibException e) {
        throw e;
      } catch (RuntimeException e) {
        throw nonsense(line, record, "the record cannot be read (" + e + ")");
      }
    }

    private void applyFields(long line, Records.Fields record) {
      switch (record.type) {
        case "experiment":
          throw new Records.Invalid("a second \"experiment\" record: expected one, and line 1 has the "
              + "experiment's own");
        case "trial": {
          String name = record.string("name");
          Long first = trialLines.get(name);
          if (first != null) {
            throw new Records.Invalid("a second \"trial\" record of trial " + name + ": expected one per trial, and "
                + "line " + first + " has the first");
          }
          List<ParameterAssignment> wire = record.read("assignments", "the trial's parameter assignments, "
              + "[{\"name\":...,\"value\":...}, ...]", e -> Records.assignments(e.getAsJsonArray()));
          Assignment assignment = record.read("assignments", "an assignment of each of the experiment's "
              + "parameters", e -> space.assignment(wire));
          Map<String, String> labels = record.read("labels", "the trial's labels, {\"name\":\"value\", ...}",
              e -> Records.labels(e == null || e.isJsonNull() ? null : e.getAsJsonObject()));
          List<EarlyStoppingRule> rules = record.read("rules", "the trial's early stopping rules in Katib's JSON",
              e -> Records.rules(e == null || e.isJsonNull() ? null : e.getAsJsonArray()));
          String parent = record.optionalString("parent");
          LocalTrial trial = new LocalTrial(trials.size(), name, assignment, labels, rules,
              Optional.of(parent).filter(p -> !p.isEmpty()), record.time());
          trials.add(trial);
          byName.put(name, trial);
          trialLines.put(name, line);
          break;
        }
        case "start": {
          LocalTrial started = trial(record, "name");
          Long ended = endLines.get(started.name);
          if (ended != null) {
            throw new Records.Invalid("a \"start\" record of trial " + started.name + ", which ended at line " + ended
                + ": expected a trial's starts before its end, as a trial that ended never runs again");
          }
          int attempt = record.integer("attempt", 1);
          if (record.has("pid")) {
            record.integer("pid");
          }
          record.optionalString("processStart");
          Instant time = record.time();
          started.attempt = attempt;
          started.markRunning(time);
          orphans.computeIfAbsent(started.name, n -> new ArrayList<>()).add(record.record);
          break;
        }
        case "metric": {
          LocalTrial reported = trial(record, "trial");
          String metric = record.string("metric");
          String value = record.string("value");
          if (record.has("step")) {
            record.integer("step");
          }
          if (objectiveReports
              && metric.equals(experiment.spec().objective().orElseThrow().objectiveMetricName())) {
            Observations.parseFloat(value).ifPresent(reported.objectiveReports::add);
          }
          break;
        }
        case "end": {
          LocalTrial ended = trial(record, "name");
          Long before = endLines.get(ended.name);
          if (before != null) {
            throw new Records.Invalid("an \"end\" record of trial " + ended.name + ", which ended at line " + before
                + " already: expected one end per trial");
          }
          String state = record.string("state");
          if (!END_STATES.contains(state)) {
            throw record.wrong("state", "one of " + String.join(", ", END_STATES));
          }
          Observation observation = record.read("observation", "the trial's observation in Katib's JSON, or null",
              Records::observation);
          String reason = record.optionalString("reason");
          String message = record.optionalString("message");
          ended.markCompleted(TrialState.valueOf(state), observation, reason, message, record.time());
          orphans.remove(ended.name);
          endLines.put(ended.name, line);
          break;
        }
        case "resume":
          for (LocalTrial t : trials) {
            if (t.state.isActive()) {
              t.resetForRerun();
            }
          }
          break;
        case "budget":
          for (String field : List.of("maxTrialCount", "parallelTrialCount", "maxFailedTrialCount")) {
            if (record.record.has(field)) {
              record.integer(field, 0);
            }
          }
          experiment = experiment.withSpec(applyBudget(experiment.spec(), record.record));
          break;
        case "conditions":
          conditions = record.read("conditions", "the experiment's conditions in Katib's JSON",
              e -> Records.conditions(e.getAsJsonArray()));
          startTime = record.optionalTime("startTime");
          completionTime = record.optionalTime("completionTime");
          break;
        case "exhausted":
          exhausted = true;
          break;
        case "idle":
        case "completed":
          break;
        default:
          throw new Records.Invalid("a record of type \"" + record.type + "\": expected one of \""
              + String.join("\", \"", TYPES) + "\", the records this version of katib4j writes (a newer version "
              + "may write others: read the journal with it)");
      }
    }

    /** The trial {@code field} of a start, metric or end record names, which an earlier "trial" record created. */
    private LocalTrial trial(Records.Fields record, String field) {
      String name = record.string(field);
      LocalTrial trial = byName.get(name);
      if (trial == null) {
        throw new UnknownTrial(name, "a \"" + record.type + "\" record of trial " + name + ", which has no "
            + "\"trial\" record before it: expected the record of the trial's creation before any other record of "
            + "it, saw none");
      }
      return trial;
    }

    /** A record of a trial no earlier record created: the way out deletes every record of that trial. */
    private static final class UnknownTrial extends Records.Invalid {
      private static final long serialVersionUID = 1L;
      final String trial;

      UnknownTrial(String trial, String message) {
        super(message);
        this.trial = trial;
      }
    }

    /**
     * The lines of the start, metric and end records that name trial {@code name}, read again from the journal (only
     * for the error about such a record): the replay keeps no record.
     */
    private List<Long> linesOf(String name) {
      List<Long> lines = new ArrayList<>();
      Journal.read(file, (line, record) -> {
        String type = Records.string(record, Records.TYPE);
        String field = type.equals("metric") ? "trial" : "name";
        JsonElement named = record.get(field);
        if (line > 1 && List.of("start", "metric", "end").contains(type) && named != null
            && named.isJsonPrimitive() && named.getAsString().equals(name)) {
          lines.add(line);
        }
      });
      return lines;
    }

    private KatibException nonsense(long line, JsonObject record, String problem) {
      return Journal.nonsense(file, line, record, problem, consequence, Journal.wayOut(file, "the line",
          List.of(line), "what it recorded is lost: " + Journal.LOST_RECORDS));
    }

    Experiment experimentWithStatus() {
      StatusTracker tracker = new StatusTracker(experiment.spec(), trials);
      trials.forEach(tracker::restore);
      tracker.restore(conditions, startTime.orElse(null), completionTime.orElse(null));
      return experiment.withStatus(tracker.toStatus(experiment));
    }

    /** Gives each trial the job its template renders to, as the trial had when it ran. */
    void renderRunSpecs(Engine engine) {
      for (LocalTrial trial : trials) {
        trial.runSpec = engine.runSpec(experiment, trial.name, trial.parameterAssignments).orElse(null);
      }
    }

    List<Trial> trialObjects() {
      List<Trial> list = new ArrayList<>();
      trials.forEach(t -> list.add(t.toTrial(experiment)));
      return list;
    }
  }

  static ExperimentSpec applyBudget(ExperimentSpec spec, JsonObject record) {
    ExperimentSpec.Builder b = ExperimentSpec.builder().from(spec);
    if (record.has("maxTrialCount")) {
      b.maxTrialCount(record.get("maxTrialCount").getAsInt());
    }
    if (record.has("parallelTrialCount")) {
      b.parallelTrialCount(record.get("parallelTrialCount").getAsInt());
    }
    if (record.has("maxFailedTrialCount")) {
      b.maxFailedTrialCount(record.get("maxFailedTrialCount").getAsInt());
    }
    return b.build();
  }

  // ---- the public operations ------------------------------------------------------------------------------------

  /** The experiment with its current status. */
  public Experiment snapshot() {
    return read(this::experimentWithStatus);
  }

  private Experiment experimentWithStatus() {
    return experiment.withStatus(status.toStatus(experiment));
  }

  /** The trials, in creation order, as Katib's Trial objects. */
  public List<Trial> trials() {
    return read(() -> {
      List<Trial> list = new ArrayList<>(trials.size());
      trials.forEach(t -> list.add(t.toTrial(experiment)));
      return list;
    });
  }

  /** The Suggestion Katib would keep for the experiment: every assignment issued. */
  public Suggestion suggestion() {
    return read(() -> suggestion(experiment, trials));
  }

  /** Katib's Suggestion for {@code experiment}: every assignment issued, one per trial, in creation order. */
  private static Suggestion suggestion(Experiment experiment, List<LocalTrial> trials) {
    List<TrialAssignment> assignments = new ArrayList<>();
    for (LocalTrial t : trials) {
      assignments.add(TrialAssignment.builder().name(t.name).parameterAssignments(t.parameterAssignments)
          .earlyStoppingRules(t.rules).labels(t.labels).build());
    }
    return Suggestion.builder()
        .metadata(ObjectMeta.builder().name(experiment.name())
            .namespace(experiment.namespace()).labels(experiment.metadata().labels())
            .annotations(experiment.metadata().annotations()).build())
        .spec(SuggestionSpec.builder().algorithm(experiment.spec().algorithm())
            .earlyStopping(experiment.spec().earlyStopping()).requests(trials.size())
            .resumePolicy(experiment.spec().resumePolicy()).build())
        .status(SuggestionStatus.builder().suggestionCount(assignments.size()).suggestions(assignments).build())
        .build();
  }

  /**
   * Changes the trial budget as Katib allows (its update rules U1-U3 apply); raising {@code maxTrialCount} of an
   * experiment that succeeded by reaching it restarts it when its resume policy allows.
   */
  public Experiment editBudget(Budget budget) {
    ExperimentValidator validator = engine.validator(function != null);
    return read(() -> {
      ExperimentSpec.Builder b = ExperimentSpec.builder().from(experiment.spec());
      budget.maxTrialCount().ifPresent(b::maxTrialCount);
      budget.parallelTrialCount().ifPresent(b::parallelTrialCount);
      budget.maxFailedTrialCount().ifPresent(b::maxFailedTrialCount);
      Experiment updated = experiment.withSpec(b.build());
      validator.validateUpdate(updated, experimentWithStatus()).throwIfInvalid("The budget change (" + budget
          + ") of experiment \"" + ref + "\"");
      Instant now = engine.clock().instant();
      Records.Line record = Records.of("budget", now);
      budget.maxTrialCount().ifPresent(n -> record.number("maxTrialCount", n));
      budget.parallelTrialCount().ifPresent(n -> record.number("parallelTrialCount", n));
      budget.maxFailedTrialCount().ifPresent(n -> record.number("maxFailedTrialCount", n));
      journal.appendDurably(record.text());
      experiment = updated;
      status.setSpec(updated.spec());
      if (status.isCompleted() && status.isRestartable()) {
        status.restart(now);
        journalConditions(now);
        completion = new CompletableFuture<>();
        idle = new CompletableFuture<>();
      }
      return experimentWithStatus();
    });
  }

  /**
   * One call of one listener: a listener that throws, an exception or an error such as a test's AssertionError, misses
   * nothing later, and keeps no other from its call. A VirtualMachineError (OutOfMemoryError, StackOverflowError) is
   * the JVM's trouble, not the listener's: it goes to the thread's uncaught-exception handler, as on any thread, and
   * ends this round of calls.
   */
  private void callListener(ExperimentListener listener, Runnable call) {
    callingSince = System.nanoTime();
    calling = listener;
    try {
      call.run();
    } catch (VirtualMachineError e) {
      // Rethrown alone it would vanish: the listener calls run as CompletableFuture stages, which keep it unseen.
      Thread thread = Thread.currentThread();
      thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
      throw e;
    } catch (RuntimeException | Error e) {
      engine.warn(ref, "a listener (" + listener + ") threw " + e + "; it stays subscribed", e);
    } finally {
      calling = null;
    }
  }

  /** Calls {@code listener} with every change from now on, starting with the current state. */
  public Subscription watch(ExperimentListener listener) {
    AtomicBoolean closed = new AtomicBoolean();
    call(() -> {
      Experiment current = experimentWithStatus();
      List<Trial> currentTrials = new ArrayList<>();
      trials.forEach(t -> currentTrials.add(t.toTrial(experiment)));
      journal.flushed().thenRunAsync(() -> {
        if (closed.get()) {
          return;
        }
        callListener(listener, () -> listener.onExperiment(current));
        for (Trial trial : currentTrials) {
          if (closed.get()) {
            return;
          }
          callListener(listener, () -> listener.onTrial(TrialEvent.of(ref, trial, null)));
        }
      }, listenerThread);
      // Added by the coordinator: every later change reaches the listener after this first state.
      listeners.add(listener);
      return null;
    });
    return new ListenerSubscription(listener, ref, () -> {
      listeners.remove(listener);
      if (closed.compareAndSet(false, true)) {
        awaitListenerCall();
      }
    });
  }

  /**
   * Returns once the listener thread has ended the call it is making, so that no listener of a closed subscription
   * is called after its close returns (its caller may print a summary, say, after the progress lines); at once on
   * that thread itself, or once the run is closed.
   */
  private void awaitListenerCall() {
    if (Thread.currentThread() == listenerThreadInstance) {
      return;
    }
    try {
      CompletableFuture.runAsync(() -> { }, listenerThread).get();
    } catch (RejectedExecutionException e) {
      // Closed: no listener is called any more.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until the experiment completes. Waiters are told on the listener thread, after the listener calls for every
   * change up to the completion, so that once this returns the listeners have seen all of them (a program prints its
   * summary after the last progress line, a test asserts on what its listener collected).
   *
   * @param call what the caller called, for the message when it is a listener of this experiment
   * @throws ExperimentFailedException when it failed
   * @throws KatibException at once when called on the listener thread, where it could only time out
   */
  public Experiment await(Duration timeout, String call) {
    refuseOnListenerThread(call);
    // Saturated: a timeout of centuries (or ChronoUnit.FOREVER) means no timeout, not an overflow.
    return throwIfFailed(completed(Durations.saturatedNanos(timeout), timeout));
  }

  /** The experiment once it has completed, Succeeded or Failed, waiting at most {@code timeoutNanos}. */
  private Experiment completed(long timeoutNanos, Duration timeout) {
    return get(completion, timeoutNanos, () -> {
      Experiment last = snapshot();
      boolean ended = last.status().map(s -> s.isCompleted()).orElse(false);
      return new KatibTimeoutException(ended ? behindListeners(last, "completed", timeout)
          : "Experiment " + ref + " did not complete within " + Durations.text(timeout) + "; last seen: "
              + describe(last), last, timeout);
    });
  }

  /**
   * Why a wait for what {@code last} shows has happened timed out: the listener thread, which tells waiters after the
   * listeners, was still calling them; names the listener in a call, and for how long.
   */
  private String behindListeners(Experiment last, String what, Duration timeout) {
    ExperimentListener slow = calling;
    long since = callingSince;
    String which = slow == null ? "" : " (listener " + slow + " has been in one call for "
        + Durations.text(Duration.ofNanos(System.nanoTime() - since)) + ")";
    return "Experiment " + ref + " " + what + " (" + describe(last) + "), but the wait did not return within "
        + Durations.text(timeout) + ": a wait returns once the listeners have been called with every change up to"
        + " then, and they were still being called" + which + ". A listener must return quickly: hand slow work to"
        + " another thread";
  }

  /**
   * Refuses a wait on the listener thread: it returns only after the listener calls before it, the one making it
   * included, so it could only time out.
   */
  private void refuseOnListenerThread(String call) {
    if (Thread.currentThread() == listenerThreadInstance) {
      throw new KatibException(call + " was called by a listener of Experiment " + ref + ", on the thread that calls"
          + " its listeners, where it could only time out: a wait returns once the listeners have been called with"
          + " every change up to then, the call making it included. React to the change in the listener instead"
          + " (onExperiment gets the completed status), or wait on another thread");
    }
  }

  private Experiment throwIfFailed(Experiment done) {
    return throwIfFailed(done, suggestionFailure, this::trials,
        trial -> Optional.ofNullable(failureDetails.get(trial.name())));
  }

  /**
   * {@code done}, unless it Failed: then {@link ExperimentFailedException} saying why beyond Katib's condition, the
   * algorithm's error ({@code suggestionFailure}, null when unknown) or what the last failed trial said.
   */
  public static Experiment throwIfFailed(Experiment done, String suggestionFailure, Supplier<List<Trial>> trials) {
    return throwIfFailed(done, suggestionFailure, trials, trial -> Optional.empty());
  }

  /** As above, with what is known about a failed trial beyond its condition ({@code details}). */
  static Experiment throwIfFailed(Experiment done, String suggestionFailure, Supplier<List<Trial>> trials,
      Function<Trial, Optional<String>> details) {
    Optional<Condition> failed = done.status().flatMap(s -> s.condition(ExperimentConditionType.FAILED))
        .filter(c -> c.status() == ConditionStatus.TRUE);
    if (failed.isPresent()) {
      boolean suggestionFailed = done.status().orElseThrow().isSuggestionFailed();
      String detail = suggestionFailed ? suggestionFailure
          : ExperimentFailedException.trialFailures(trials.get(), details).orElse(null);
      throw new ExperimentFailedException(done, failed.get().reason(), failed.get().message(), detail);
    }
    return done;
  }

  static String describe(Experiment experiment) {
    return experiment.status().map(s -> s.trials() + " trials (" + s.trialsSucceeded() + " succeeded, "
        + s.trialsRunning() + " running, " + (s.trialsFailed() + s.trialMetricsUnavailable()) + " failed)"
        + s.lastCondition().map(c -> ", last condition " + c.type() + " " + c.status().wireName()).orElse(""))
        .orElse("no status");
  }

  /**
   * Waits until the experiment has completed and its last trials have finished (Katib lets trials that are running
   * when an experiment completes run to their end), and returns it; throws as {@link #await} does, within the same
   * {@code timeout} in all.
   */
  public Experiment awaitIdle(Duration timeout, String call) {
    refuseOnListenerThread(call);
    long start = System.nanoTime();
    long timeoutNanos = Durations.saturatedNanos(timeout);
    completed(timeoutNanos, timeout);
    // Elapsed time is subtracted, never start + timeout added, which would overflow for an unbounded timeout.
    long remaining = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE
        : Math.max(0, timeoutNanos) - (System.nanoTime() - start);
    // A failed experiment is reported once its last trials have finished too, so the caller sees how they ended.
    return throwIfFailed(get(idle, remaining, () -> {
      Experiment last = snapshot();
      boolean finished = last.status().map(st -> st.trialsRunning() == 0).orElse(false);
      return new KatibTimeoutException(finished ? behindListeners(last, "completed and its last trials finished",
          timeout) : "the trials of Experiment " + ref + " still running after it completed did not finish within "
          + Durations.text(timeout) + "; last seen: " + describe(last), last, timeout);
    }));
  }

  /** Whether the experiment has completed. */
  public boolean isCompleted() {
    return completion.isDone();
  }

  /**
   * Stops the experiment in this engine once its journal cannot be written (a full disk, a file size limit): nothing
   * that happens after that could be kept, so running on would only lose results. Waiters get the error at once;
   * running trials are stopped and run again on resume, which goes on from every record written before.
   */
  private void stopAfterJournalFailure(KatibException error) {
    stop(error, JOURNAL_FIX);
  }

  private static final String JOURNAL_FIX = "what stopped the journal is fixed (room on the disk, a limit lifted,"
      + " memory for the JVM)";

  /** Stops the run with {@code error}, saying that it goes on once {@code fix}. */
  private void stop(KatibException error, String fix) {
    tellWaiters(error, fix);
    close();
  }

  private void tellWaiters(KatibException error, String fix) {
    KatibException stopped = new KatibException("Experiment " + ref + " stopped: " + error.getMessage() + ". Every"
        + " record written before is kept and the trials that were running run again when it resumes; once " + fix
        + ", resume it (LocalKatib.resume, or katib run FILE --resume)", error);
    engine.warn(ref, "stopped: " + error.getMessage(), null);
    completion.completeExceptionally(stopped);
    idle.completeExceptionally(stopped);
  }

  /**
   * Stops the run on a thread of its own: not on a trial thread, which closing the run waits for, nor while the
   * coordinator is busy. Where no thread can be started (the limit that stopped the run may be on threads), the
   * waiters are told at once and closing the engine stops the rest; no trial is launched meanwhile.
   */
  private void stopElsewhere(KatibException error, String fix) {
    try {
      new Thread(() -> stop(error, fix), "katib4j-stop " + ref).start();
    } catch (OutOfMemoryError e) {
      tellWaiters(error, fix);
    }
  }

  /**
   * Below this many usable bytes a file system counts as full: a process writing its output or files there likely
   * failed for want of room, a buffer's worth at a time.
   */
  static final long FULL_BELOW = 1 << 20;
  /** Set once the run stops for the machine (a full disk, a limit on files, processes or threads): at most once. */
  private final AtomicBoolean stoppedForMachine = new AtomicBoolean();

  /**
   * What says that the file system of {@code trialDirectory} (or of the experiment's folder, which holds the journal)
   * is full, or empty when it is not. Asked only when a process trial did not succeed, so a trial that succeeds pays
   * nothing for it.
   */
  private Optional<String> fullFileSystem(Path trialDirectory) {
    // The trial's folder is usually on the journal's file system, but may be a mount of its own.
    for (Path folder : Files.isDirectory(trialDirectory) ? List.of(trialDirectory, directory) : List.of(directory)) {
      try {
        FileStore store = Files.getFileStore(folder);
        long usable = store.getUsableSpace();
        if (usable < FULL_BELOW) {
          return Optional.of("the file system of " + folder + " (" + store + ") has " + usable + " bytes free");
        }
      } catch (IOException e) {
        // Not known to be full: the failure is the trial's.
      }
    }
    return Optional.empty();
  }

  /**
   * Stops the run as a journal that cannot be written does, when a process trial failed while its file system was
   * full: its failure likely came from the disk (its output or files could not be written), not from the program,
   * and recording it would count toward maxFailedTrialCount and could end the experiment Failed for good. The trial
   * is left in flight and runs again on resume, once there is room.
   */
  private void stopForFullFileSystem(String trial, String failure, String full) {
    if (!stoppedForMachine.compareAndSet(false, true) || stopping.get()) {
      return;
    }
    KatibException error = new KatibException("trial " + trial + " failed (" + failure + ") while " + full + ", so"
        + " it likely failed for want of room; its failure is not recorded");
    stopElsewhere(error, JOURNAL_FIX);
  }

  /**
   * Stops the run as a full disk does when a process trial cannot start because of a limit of this machine
   * ({@link MachineLimits}): on a cluster its pod would stay Pending and never fail the trial, and recording it as
   * failed would count toward maxFailedTrialCount and could end the experiment Failed for good, although every trial
   * would start once the limit is raised. The trial is left in flight and runs on resume.
   */
  private void stopForMachineLimit(String trial, String limit) {
    if (!stoppedForMachine.compareAndSet(false, true) || stopping.get()) {
      return;
    }
    KatibException error = new KatibException("trial " + trial + " could not start: " + limit + ". This is a limit"
        + " of the machine, not the trial's failure (on a cluster its pod would stay Pending), so it is not recorded"
        + " as failed");
    stopElsewhere(error, "the limit is raised or fewer trials run at a time");
  }

  /** Whether the run has been closed (by its engine, or by itself when its journal could not be written). */
  public boolean isClosed() {
    return stopping.get();
  }

  /**
   * Stops running trials (they run again on resume) and releases the directory. Waits for trials to stop, also when
   * another thread is closing the run.
   */
  public void close() {
    beginClose();
    if (!shuttingDown.compareAndSet(false, true)) {
      shutDown.join();
      return;
    }
    try {
      shutDownOnce();
    } finally {
      shutDown.complete(null);
    }
  }

  /** Set by the first {@link #close}, which shuts the run down once its trials have stopped. */
  private final AtomicBoolean shuttingDown = new AtomicBoolean();

  /**
   * Begins to close the run without waiting: no trial starts from now on, and every running one is asked to stop
   * (SIGTERM, an interrupt). {@link #close} then waits for them; an engine closing several runs asks them all first,
   * so that their trials' grace periods pass together.
   */
  public void beginClose() {
    if (stopping.compareAndSet(false, true)) {
      executions.values().forEach(e -> e.cancel("the engine is closing"));
    }
  }

  private void shutDownOnce() {
    // Trials registered while beginClose went through them cancel themselves, seeing stopping set.
    executions.values().forEach(e -> e.cancel("the engine is closing"));
    coordinator.lock();
    try {
      runInbox(false);
      closed = true;
      discardPreparedTrial();
    } finally {
      coordinator.unlock();
    }
    try {
      trialThreads.shutdown();
      if (!trialThreads.awaitTermination(STOP_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
        noteTrialsThatDidNotStop();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sweeper.shutdownNow();
    if (leftBehindCheckedAt != launches) {
      stopLeftBehind("found when the engine closed");
    }
    asideThread.shutdown();
    journal.close();
    listenerThread.shutdown();
    lock.close();
    KatibException closedEarly = new KatibException("the local engine was closed before Experiment " + ref
        + " completed; resume it to go on");
    completion.completeExceptionally(closedEarly);
    idle.completeExceptionally(closedEarly);
  }

  /**
   * How long stopping the run waits for its trials to end once asked: a process trial gets {@link ProcessTrial#GRACE}
   * between SIGTERM and SIGKILL, and a trial function that heeds its thread's interrupt returns at once. Waiting longer
   * would only hold up stop and close for a function that ignores it, which no wait makes stop.
   */
  static final Duration STOP_WAIT = ProcessTrial.GRACE.plusSeconds(5);

  /**
   * Says which trials are still running after {@link #STOP_WAIT}: trial functions that ignored their interrupt. Their
   * threads go on (daemon threads, so the JVM can still exit), and nothing they do from now on is kept.
   */
  private void noteTrialsThatDidNotStop() {
    executions.forEach((name, execution) -> {
      Thread runner = execution.runner;
      engine.warn(ref, name + ": did not stop within " + Durations.text(STOP_WAIT) + " of being asked to (its thread"
          + " was interrupted); its thread" + (runner == null ? "" : " \"" + runner.getName() + "\"") + " goes on running"
          + " in this JVM, and nothing it does from now on is kept. A trial function must return, or let the"
          + " InterruptedException or TrialStoppedException through, once interrupted or once isStopRequested() is"
          + " true; it runs again when the experiment resumes", null);
    });
  }

  /** Trials launched, by the coordinator; and how many had been when {@link #stopLeftBehind} last looked. */
  private volatile long launches;
  private volatile long leftBehindCheckedAt = -1;

  /**
   * Stops the processes this experiment's trials left running after their commands ended (reparented then, so no
   * trial's descendants), and notes for each trial which: Katib's pod stops all its containers' processes when the
   * primary container ends. Done once the experiment is idle and when the engine closes it, as finding them scans every
   * process; a trial whose command was seen with children is looked after as it ends (ProcessTrial).
   */
  private void stopLeftBehind(String when) {
    if (function != null) {
      return;
    }
    synchronized (leftBehindLock) {
      Set<String> running = Set.copyOf(executions.keySet());
      stopLeftRunning(name -> !running.contains(name), name -> when).forEach(note -> engine.note(ref, note));
    }
  }

  /**
   * Stops the processes left running with the folders of the trials {@code trials} selects, all in one grace period;
   * returns a note for each trial that had any, naming it and saying what {@code found} gives for it.
   */
  private List<String> stopLeftRunning(Predicate<String> trials, Function<String, String> found) {
    List<String> notes = new ArrayList<>();
    TrialProcesses.stopLeftRunning(directory.resolve("trials"), trials, ProcessTrial.GRACE, found)
        .forEach((name, note) -> notes.add(name + ": " + note));
    return notes;
  }

  /**
   * Held while looking for and stopping left-behind processes: a sweep and the experiment's end may both look, and
   * the second then finds the processes the first stopped gone, rather than naming them again.
   */
  private final Object leftBehindLock = new Object();

  /** The least time between two sweeps: a scan of all processes takes a few milliseconds of a CPU. */
  static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

  /**
   * Has the processes that trial {@code name}'s command left running (reparented when it ended, so no descendants to
   * look at) stopped soon, as Katib's pod stops its containers' processes when the primary container ends. Finding
   * them scans every process, which on the path from a process's end to the next start would slow short trials; so
   * a sweep on a thread of its own covers every trial ended since the last one, at most once per
   * {@link #SWEEP_INTERVAL}. On the trial's path this costs a queue entry, and once per interval the scheduling.
   */
  private void sweepSoon(String name) {
    endedUnswept.add(Map.entry(name, System.nanoTime()));
    if (sweepScheduled.compareAndSet(false, true)) {
      long delay = Math.max(0, lastSweep + SWEEP_INTERVAL.toNanos() - System.nanoTime());
      try {
        sweeper.schedule(this::sweep, delay, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // Closing: the close looks for every trial's.
      }
    }
  }

  private void sweep() {
    // Cleared before the queue is read: a trial ending from here on schedules the next sweep.
    sweepScheduled.set(false);
    lastSweep = System.nanoTime();
    Map<String, Long> ended = new HashMap<>();
    for (Map.Entry<String, Long> e; (e = endedUnswept.poll()) != null; ) {
      ended.put(e.getKey(), e.getValue());
    }
    if (ended.isEmpty() || stopping.get()) {
      return;
    }
    synchronized (leftBehindLock) {
      // Only trials that have ended, which never run again in this run: a trial starting meanwhile is not touched.
      stopLeftRunning(ended::containsKey, name -> "found "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended.get(name)) + " ms after it ended")
          .forEach(note -> engine.note(ref, note));
    }
  }

  /** Stops the experiment, marks waiters as seeing it deleted, and tells the listeners, last, that it is. */
  public void closeForDeletion() {
    completion.completeExceptionally(new ExperimentNotFoundException(ref, true));
    idle.completeExceptionally(new ExperimentNotFoundException(ref, true));
    // Unsubscribed first, so that no change made while closing reaches them after onDeleted; the calls queued
    // before it still run, as closing shuts the listener thread down without dropping them.
    List<ExperimentListener> subscribed = List.copyOf(listeners);
    listeners.clear();
    try {
      listenerThread.execute(() -> subscribed.forEach(l -> callListener(l, () -> l.onDeleted(ref))));
    } catch (RejectedExecutionException e) {
      // The engine was closed before: nobody listens any more.
    }
    close();
  }
}
