package io.github.katib4j.local;

import io.github.katib4j.Budget;
import io.github.katib4j.ExperimentListener;
import io.github.katib4j.ExperimentNotFoundException;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.Katib;
import io.github.katib4j.KatibException;
import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import io.github.katib4j.Subscription;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ObjectMeta;
import io.github.katib4j.experiment.Suggestion;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.internal.Durations;
import io.github.katib4j.internal.FileTrees;
import io.github.katib4j.internal.kubernetes.KubernetesNames;
import io.github.katib4j.internal.local.DirectoryLock;
import io.github.katib4j.internal.local.ExperimentRun;
import io.github.katib4j.internal.local.LocalEngine;
import io.github.katib4j.template.ConfigMapLookup;
import io.github.katib4j.validation.ExperimentDefaults;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Runs Katib experiments on this machine, without a cluster: the embedded default behind {@link Katib#local()}.
 *
 * <p>Trials are the trial template's primary container run as a process (its command and arguments, never through a
 * shell; the image is not used), or a {@link TrialFunction} in this JVM. Metrics are collected as Katib's collectors do,
 * and the experiment follows Katib's rules: parallel and total trial budgets, the goal, failure limits, early stopping,
 * and the same conditions, reasons and status.
 *
 * <p>Each experiment lives in its own directory under {@link Builder#directory(Path)}: an append-only journal of every
 * suggestion, trial start, metric and result, and a folder per trial with its output. Killing the engine at any moment
 * loses nothing: {@link #resume} keeps every completed trial, runs again the trials that were in flight, and, with the
 * same seed, the search proposes what it would have.
 *
 * <pre>{@code
 * try (LocalKatib katib = LocalKatib.create()) {
 *   Experiment created = katib.create(experiment, trial -> Map.of("loss", train(trial.doubleValue("lr"))));
 *   OptimalTrial best = katib.awaitOptimalTrial(ExperimentRef.of(created), Duration.ofMinutes(10));
 * }
 * }</pre>
 */
public final class LocalKatib implements Katib {
  private final Path directory;
  private final String namespace;
  private final Long seed;
  private final LocalEngine engine;
  private final ConfigMapLookup configMaps;
  private final Map<ExperimentRef, ExperimentRun> runs = new ConcurrentHashMap<>();
  /** The last note on an incomplete journal tail given for each experiment read from its folder. */
  private final Map<ExperimentRef, String> tailsNoted = new ConcurrentHashMap<>();
  /** The last warning given for each experiment {@link #list} left out as unreadable. */
  private final Map<ExperimentRef, String> unreadableWarned = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private LocalKatib(Builder builder) {
    this.directory = builder.directory.toAbsolutePath().normalize();
    this.namespace = builder.namespace;
    this.seed = builder.seed;
    this.configMaps = builder.configMaps;
    this.engine = new LocalEngine(builder.clock, builder.baseDirectory.toAbsolutePath(), builder.notes, configMaps);
  }

  /** An engine keeping experiments under {@code ./katib-runs}, with namespace {@code default}. */
  public static LocalKatib create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String namespace() {
    return namespace;
  }

  /**
   * What a REPL shows of the engine: its directory and namespace, the experiments it runs, and whether it is closed,
   * such as {@code LocalKatib[directory=/home/me/katib-runs, namespace=default, running=[default/demo]]}.
   */
  @Override
  public String toString() {
    List<String> running = new ArrayList<>();
    runs.forEach((ref, run) -> {
      if (!run.isClosed()) {
        running.add(ref.toString());
      }
    });
    running.sort(null);
    return "LocalKatib[directory=" + directory + ", namespace=" + namespace + ", running=" + running
        + (closed ? ", closed" : "") + "]";
  }

  /**
   * The directory of an experiment: {@code <directory>/<namespace>/<name>}.
   *
   * @throws KatibValidationException when the reference's namespace or name is not one Kubernetes takes
   */
  public Path directory(ExperimentRef ref) {
    return folder(checked(ref));
  }

  private Path folder(ExperimentRef checked) {
    return directory.resolve(checked.namespace()).resolve(checked.name());
  }

  /**
   * {@code ref}, in this engine's namespace when it names none, once checked to be names Kubernetes takes (rules
   * {@code K-namespace} and {@code K-name}, as for the experiments themselves): the folder they name then stays inside
   * {@link Builder#directory}, which {@code ..}, {@code /} or an absolute path would leave.
   */
  private ExperimentRef checked(ExperimentRef ref) {
    Objects.requireNonNull(ref, "ref");
    ExperimentRef resolved = ref.namespace().isEmpty() ? ExperimentRef.of(namespace, ref.name()) : ref;
    KubernetesNames.require("Experiment reference \"" + ref + "\"", KubernetesNames.namespaceProblem("namespace",
        resolved.namespace()), KubernetesNames.nameProblem("name", resolved.name()));
    return resolved;
  }

  /**
   * Creates and starts an experiment whose trials run the trial template's primary container as a process.
   *
   * @throws KatibValidationException listing every problem, including what the local engine cannot run
   */
  @Override
  public Experiment create(Experiment experiment) {
    return start(experiment, null);
  }

  /**
   * Creates and starts an experiment whose trials call {@code function}; the experiment needs no trial template.
   *
   * @throws KatibValidationException listing every problem
   */
  public Experiment create(Experiment experiment, TrialFunction function) {
    return start(experiment, Objects.requireNonNull(function, "function"));
  }

  /** Creates the experiment, waits until it completes and returns it; see {@link #awaitCompletion}. */
  public Experiment run(Experiment experiment, Duration timeout) {
    Durations.waitTimeout(timeout, "the run of experiment " + Objects.requireNonNull(experiment, "experiment").name());
    return awaitCompletion(ExperimentRef.of(create(experiment)), timeout);
  }

  /** Creates the experiment with {@code function} as its trials, waits until it completes and returns it. */
  public Experiment run(Experiment experiment, TrialFunction function, Duration timeout) {
    Durations.waitTimeout(timeout, "the run of experiment " + Objects.requireNonNull(experiment, "experiment").name());
    return awaitCompletion(ExperimentRef.of(create(experiment, function)), timeout);
  }

  private Experiment start(Experiment given, TrialFunction function) {
    Objects.requireNonNull(given, "experiment");
    // First: a closed engine runs nothing, so what it would have found wrong with the experiment is beside the point.
    throwIfClosed();
    Experiment named = name(given);
    Experiment defaulted = ExperimentDefaults.apply(named);
    // The validator for local runs holds every check the engine makes before it starts (its search's, its
    // collectors'), so that katib validate --local reports the same.
    List<Problem> problems = engine.validator(function != null).validate(named).problems();
    if (!problems.isEmpty()) {
      throw new KatibValidationException("Experiment " + ExperimentRef.of(named), problems);
    }
    if (function == null) {
      engine.checkRunnable(defaulted);
    }
    ExperimentRef ref = ExperimentRef.of(defaulted);
    ExperimentRun live = live(ref);
    if (live != null) {
      throw alreadyHere(ref, live, "delete it (delete(ref)), or give the new one another name");
    }
    // Again: close() may have run meanwhile.
    throwIfClosed();
    long runSeed = seed != null ? seed : new SecureRandom().nextLong();
    // Registered before its trials start: a trial function may call back into this engine at once.
    ExperimentRun run = ExperimentRun.start(engine, folder(ref), defaulted, runSeed, function,
        started -> runs.put(ref, started));
    return afterStart(ref, run);
  }

  private static KatibException alreadyHere(ExperimentRef ref, ExperimentRun run, String advice) {
    if (!run.isCompleted()) {
      return new KatibException("Experiment " + ref + " is already running in this engine; wait for it "
          + "(awaitCompletion), or stop it first (stop(ref))");
    }
    boolean succeeded = run.snapshot().status().map(s -> s.isSucceeded()).orElse(false);
    return new KatibException("Experiment " + ref + " already exists in this engine (it " + (succeeded ? "Succeeded"
        : "Failed") + "); " + advice);
  }

  private void throwIfClosed() {
    if (closed) {
      throw new KatibException("This LocalKatib is closed, so it starts no experiment; build a new one with "
          + "LocalKatib.builder() (what a closed engine ran can still be read and resumed there)");
    }
  }

  /** A run started while {@link #close} ran is closed too, so that no experiment outlives its engine. */
  private Experiment afterStart(ExperimentRef ref, ExperimentRun run) {
    if (closed) {
      runs.remove(ref, run);
      run.close();
      throwIfClosed();
    }
    return run.snapshot();
  }

  /** Gives the experiment a namespace and, from {@code generateName}, a name, as the API server would. */
  private Experiment name(Experiment experiment) {
    ObjectMeta meta = experiment.metadata();
    ObjectMeta.Builder b = ObjectMeta.builder().from(meta);
    if (meta.namespace().isEmpty()) {
      b.namespace(namespace);
    }
    if (meta.name().isEmpty()) {
      if (meta.generateName().isEmpty()) {
        throw new KatibValidationException("The experiment", List.of(Problem.of("metadata.name", "V1",
            "name or generateName is required; set one")));
      }
      String alphabet = "bcdfghjklmnpqrstvwxz2456789";
      SecureRandom random = new SecureRandom();
      StringBuilder name = new StringBuilder(meta.generateName());
      for (int i = 0; i < 5; i++) {
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      b.name(name.toString());
    }
    return experiment.withMetadata(b.build());
  }

  /**
   * Resumes an experiment of process trials that a previous engine ran in this directory (it stopped, was closed, or
   * was killed): completed trials are kept, trials that were running run again from the start.
   */
  public Experiment resume(ExperimentRef ref) {
    return resume(ref, null);
  }

  /** Resumes an experiment whose trials call {@code function}. */
  public Experiment resume(ExperimentRef given, TrialFunction function) {
    ExperimentRef ref = checked(given);
    ExperimentRun live = live(ref);
    if (live != null) {
      throw alreadyHere(ref, live, "it is open here, so there is nothing to resume");
    }
    Path dir = folder(ref);
    if (!Files.exists(dir.resolve(ExperimentRun.JOURNAL))) {
      throw new ExperimentNotFoundException(ref, false);
    }
    throwIfClosed();
    ExperimentRun run = ExperimentRun.resume(engine, dir, function, resumed -> runs.put(ref, resumed));
    return afterStart(ref, run);
  }

  /**
   * Stops the experiment's running trials and releases its directory, without completing it; {@link #resume} goes on
   * from there. Trial processes get SIGTERM, then SIGKILL 5 seconds later; trial functions are interrupted (see
   * {@link TrialFunction}). Returns once they have ended, or after 10 seconds, noting any trial function still
   * running then.
   */
  public void stop(ExperimentRef given) {
    ExperimentRef ref = checked(given);
    ExperimentRun run = runs.remove(ref);
    if (run == null || run.isClosed()) {
      throw new KatibException("Experiment " + ref + " is not running in this engine");
    }
    run.close();
  }

  @Override
  public Optional<Experiment> find(ExperimentRef given) {
    ExperimentRef ref = checked(given);
    ExperimentRun run = live(ref);
    if (run != null) {
      return Optional.of(run.snapshot());
    }
    return stored(ref).map(snapshot -> snapshot.experiment);
  }

  /**
   * {@inheritDoc}
   *
   * <p>An experiment whose journal cannot be read (damaged, or edited so that it no longer makes sense) is left out
   * rather than hiding the others: a warning names it and says why, as reading it would ({@link #find} on it throws
   * that error), once for each error, on the engine's notes writer or its logger
   * ({@link Builder#notes(PrintWriter)}). The journal is left as it is.
   */
  @Override
  public List<Experiment> list(String given) {
    String namespace = Objects.requireNonNull(given, "namespace").isEmpty() ? this.namespace : given;
    KubernetesNames.require("Namespace \"" + namespace + "\"", KubernetesNames.namespaceProblem("namespace",
        namespace));
    List<Experiment> experiments = new ArrayList<>();
    Path dir = directory.resolve(namespace);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(dir)) {
      // A folder whose name no experiment can have was not made by an engine: it is not one of the experiments.
      children.filter(p -> KubernetesNames.dns1123Subdomain(p.getFileName().toString()).isEmpty())
          .filter(p -> Files.exists(p.resolve(ExperimentRun.JOURNAL))).sorted(Comparator.naturalOrder())
          .forEach(p -> listed(ExperimentRef.of(namespace, p.getFileName().toString())).ifPresent(experiments::add));
    } catch (IOException e) {
      throw new KatibException("cannot list the experiments of namespace " + namespace + " in " + dir + ": " + e, e);
    }
    return List.copyOf(experiments);
  }

  /** The experiment for {@link #list}: empty, with a warning, when its journal cannot be read. */
  private Optional<Experiment> listed(ExperimentRef ref) {
    try {
      Optional<Experiment> found = find(ref);
      unreadableWarned.remove(ref);
      return found;
    } catch (KatibException e) {
      String warning = "left out of the list of namespace " + ref.namespace() + ", as it cannot be read: "
          + e.getMessage();
      if (!warning.equals(unreadableWarned.put(ref, warning))) {
        engine.warn(ref, warning, null);
      }
      return Optional.empty();
    }
  }

  @Override
  public List<Trial> trials(ExperimentRef given) {
    ExperimentRef ref = checked(given);
    ExperimentRun run = live(ref);
    return List.copyOf(run != null ? run.trials() : read(ref).trials());
  }

  @Override
  public Optional<Suggestion> suggestion(ExperimentRef given) {
    ExperimentRef ref = checked(given);
    ExperimentRun run = live(ref);
    return run != null ? Optional.of(run.suggestion()) : stored(ref).map(ExperimentRun.Snapshot::suggestion);
  }

  @Override
  public Experiment editBudget(ExperimentRef ref, Budget budget) {
    Objects.requireNonNull(budget, "budget");
    return running(checked(ref)).editBudget(budget);
  }

  @Override
  public Subscription watch(ExperimentRef ref, ExperimentListener listener) {
    ExperimentRef checked = checked(ref);
    Objects.requireNonNull(listener, "listener");
    return running(checked).watch(listener);
  }

  /**
   * {@inheritDoc}
   *
   * <p>When it returns, the experiment's listeners have been called with every change up to its completion, so what a
   * listener printed or collected is complete (the cluster client does not promise this). A listener slow to return
   * delays it, and a timeout then says so, naming the listener; called from a listener of the same experiment, on the
   * thread that calls them, it throws {@link KatibException} at once, as it could only time out there.
   */
  @Override
  public Experiment awaitCompletion(ExperimentRef given, Duration timeout) {
    ExperimentRef ref = checked(given);
    Durations.waitTimeout(timeout, "the wait for experiment " + ref + " to complete");
    ExperimentRun run = runs.get(ref);
    if (run != null) {
      return run.await(timeout, "awaitCompletion");
    }
    ExperimentRun.Snapshot stored = read(ref);
    if (stored.experiment.status().map(s -> s.isCompleted()).orElse(false)) {
      // The algorithm's error, when a suggestion failed, lived only in the engine that ran it.
      return ExperimentRun.throwIfFailed(stored.experiment, null, stored::trials);
    }
    throw new KatibException("Experiment " + ref + " is not running in this engine and has not completed; "
        + resumeAdvice());
  }

  /**
   * Waits until the experiment has completed and the trials still running at that moment have finished, as Katib lets
   * them, and returns it; throws as {@link #awaitCompletion} does, for a Failed experiment once those trials have
   * finished too. As for {@link #awaitCompletion}, the listeners have then been called with every change up to then.
   */
  public Experiment awaitTrials(ExperimentRef given, Duration timeout) {
    ExperimentRef ref = checked(given);
    Durations.waitTimeout(timeout, "the wait for experiment " + ref + " and its trials to end");
    ExperimentRun run = runs.get(ref);
    return run != null ? run.awaitIdle(timeout, "awaitTrials") : awaitCompletion(ref, timeout);
  }

  /**
   * Deletes the experiment with its directory. An experiment open in this engine is stopped first; one open in another
   * engine (running, or completed and not yet stopped there), in this process or another, is left alone and this call
   * throws.
   *
   * @throws ExperimentNotFoundException when it does not exist
   * @throws KatibException when another engine runs it, naming that engine's process
   */
  @Override
  public void delete(ExperimentRef given) {
    ExperimentRef ref = checked(given);
    ExperimentRun run = runs.get(ref);
    Path dir = folder(ref);
    // The names were checked to be single folder names; should that ever change, nothing outside is deleted.
    if (!dir.normalize().startsWith(directory) || directory.relativize(dir.normalize()).getNameCount() != 2) {
      throw new KatibException("Experiment " + ref + " would be in " + dir + ", which is not a folder two levels"
          + " inside the engine's directory " + directory + "; nothing was deleted");
    }
    if (run == null && !Files.exists(dir.resolve(ExperimentRun.JOURNAL))) {
      throw new ExperimentNotFoundException(ref, false);
    }
    if (run != null && !run.isClosed()) {
      runs.remove(ref, run);
      run.closeForDeletion();
    }
    // Held while deleting, also after stopping this engine's own run: another engine may have resumed the
    // experiment meanwhile, and deleting its journal and folders under it would leave it running on nothing.
    DirectoryLock lock = DirectoryLock.acquire(dir, "Experiment " + ref + " was not deleted; stop it in that engine"
        + " (LocalKatib.stop(ref)) or close that engine, then delete it");
    try {
      // A run that stopped itself stayed for its waiters; it goes with its directory.
      runs.remove(ref);
      FileTrees.deleteRecursively(dir);
    } catch (IOException e) {
      throw new KatibException("cannot delete " + dir + ": " + e.getMessage(), e);
    } finally {
      lock.close();
    }
  }

  /**
   * Closes every running experiment, stopping their trials as {@link #stop} does; their trials run again when the
   * experiments resume, in another engine. A closed engine starts nothing more (create, run and resume throw); it still
   * reads what is in its directory.
   */
  @Override
  public void close() {
    closed = true;
    List<ExperimentRun> all = new ArrayList<>(runs.values());
    runs.clear();
    // Every run's trials are asked to stop before any is waited for: their grace periods pass together.
    all.forEach(ExperimentRun::beginClose);
    all.forEach(ExperimentRun::close);
  }

  /**
   * The experiment's run in this engine, or null. A run that stopped itself, its journal no longer writable, counts
   * as not running: its directory holds what was kept, which reads then return and {@link #resume} goes on from. It
   * stays in {@code runs} until another run replaces it, so that waiting ({@link #awaitCompletion}) still gets the
   * error it stopped with, whatever was read before.
   */
  private ExperimentRun live(ExperimentRef ref) {
    ExperimentRun run = runs.get(ref);
    return run != null && !run.isClosed() ? run : null;
  }

  private ExperimentRun running(ExperimentRef ref) {
    ExperimentRun run = live(ref);
    if (run == null) {
      if (Files.exists(folder(ref).resolve(ExperimentRun.JOURNAL))) {
        throw new KatibException("Experiment " + ref + " is not running in this engine; " + resumeAdvice());
      }
      throw new ExperimentNotFoundException(ref, false);
    }
    return run;
  }

  /** How to go on with an experiment this engine does not run: a closed engine resumes nothing. */
  private String resumeAdvice() {
    return closed ? "this LocalKatib is closed, so resume it in a new one (LocalKatib.builder()...build().resume(ref))"
        : "resume it first (resume(ref))";
  }

  private ExperimentRun.Snapshot read(ExperimentRef ref) {
    return stored(ref).orElseThrow(() -> new ExperimentNotFoundException(ref, false));
  }

  /**
   * What the journal of an experiment not running in this engine holds, if there is one; read without writing to it,
   * since another process may be running the experiment.
   */
  private Optional<ExperimentRun.Snapshot> stored(ExperimentRef ref) {
    Path dir = folder(ref);
    if (!Files.exists(dir.resolve(ExperimentRun.JOURNAL))) {
      return Optional.empty();
    }
    Optional<ExperimentRun.Snapshot> read = ExperimentRun.read(dir, engine);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    ExperimentRun.Snapshot snapshot = read.get();
    // Once for what one read after another finds unchanged (a report reads the experiment, then its trials).
    snapshot.incompleteTail().ifPresentOrElse(tail -> {
      if (!tail.equals(tailsNoted.put(ref, tail))) {
        engine.note(ref, tail);
      }
    }, () -> tailsNoted.remove(ref));
    return Optional.of(snapshot);
  }

  /** Configures a {@link LocalKatib}. */
  public static final class Builder {
    private Path directory = Path.of("katib-runs");
    private Path baseDirectory = Path.of("");
    private String namespace = "default";
    private Long seed;
    private Clock clock = Clock.systemUTC();
    private PrintWriter notes;
    private ConfigMapLookup configMaps = ConfigMapLookup.none();

    private Builder() {}

    /** Where experiments keep their journals and trial folders (default {@code ./katib-runs}). */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * The working directory of process trials whose container sets none, against which a relative
     * {@code workingDir} is resolved too (default: this process's working directory).
     */
    public Builder baseDirectory(Path baseDirectory) {
      this.baseDirectory = Objects.requireNonNull(baseDirectory, "baseDirectory");
      return this;
    }

    /**
     * The namespace of experiments created without one, and of references that name none (default
     * {@code default}).
     *
     * @throws KatibValidationException when it is not a namespace Kubernetes takes (a DNS-1123 label)
     */
    public Builder namespace(String namespace) {
      KubernetesNames.require("The engine's namespace", KubernetesNames.namespaceProblem("namespace",
          Objects.requireNonNull(namespace, "namespace")));
      this.namespace = namespace;
      return this;
    }

    /**
     * The seed of every experiment's search, unless its algorithm sets {@code random_state}; the same seed gives the
     * same trials. Without it each experiment draws a seed, which its journal keeps for resuming.
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Where to print notes for the user instead of logging them; see {@link #notes(PrintWriter)}. */
    public Builder notes(PrintStream notes) {
      return notes(new PrintWriter(Objects.requireNonNull(notes, "notes"), true));
    }

    /**
     * Where to print notes for the user, such as trials run again on resume, why a trial failed or why the algorithm
     * failed, one line each ({@code katib: <namespace>/<name>: <note>}). By default they go to the
     * {@link System.Logger} {@code io.github.katib4j.local}, at {@code INFO}, and at {@code WARNING} for what needs
     * acting on (an algorithm or the journal that failed, a listener that threw, a NaN objective value).
     */
    public Builder notes(PrintWriter notes) {
      this.notes = Objects.requireNonNull(notes, "notes");
      return this;
    }

    /** ConfigMaps that hold trial templates experiments refer to. */
    public Builder configMaps(ConfigMapLookup configMaps) {
      this.configMaps = Objects.requireNonNull(configMaps, "configMaps");
      return this;
    }

    /** For tests: the clock that stamps conditions and times. */
    Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public LocalKatib build() {
      return new LocalKatib(this);
    }
  }
}
