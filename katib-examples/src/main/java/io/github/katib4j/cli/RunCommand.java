package io.github.katib4j.cli;

import com.google.gson.JsonObject;
import io.github.katib4j.Budget;
import io.github.katib4j.ExperimentFailedException;
import io.github.katib4j.ExperimentNotFoundException;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.KatibTimeoutException;
import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import io.github.katib4j.Subscription;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.codec.OtherObject;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.ExperimentStatus;
import io.github.katib4j.experiment.OptimalTrial;
import io.github.katib4j.internal.ShellWords;
import io.github.katib4j.local.LocalKatib;
import io.github.katib4j.local.ProgressPrinter;
import io.github.katib4j.report.ExperimentReport;
import io.github.katib4j.template.ConfigMapLookup;
import io.github.katib4j.validation.ExperimentDefaults;
import io.github.katib4j.validation.ExperimentValidator;
import io.github.katib4j.validation.ValidationResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code katib run FILE}: the experiment on this machine, with Katib's semantics, to its end. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the experiment on this machine, without a cluster: each trial runs the primary container's command as a "
          + "process (relative paths are resolved against the experiment file's folder; the image is not used).",
      "Progress goes to standard error; the optimal trial (or, with -o json|yaml, the whole final Experiment in "
          + "Katib's form) to standard output, and an HTML report next to the journal.",
      "Exit 0 when the experiment Succeeded, 1 when it Failed, 2 for bad input, 3 when --timeout runs out; then, or "
          + "after Ctrl-C, it prints the command that goes on with the experiment."
    })
final class RunCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "An experiment in YAML or JSON; - reads it from standard input "
      + "(relative paths then start from the working directory).")
  Path file;

  /** What FILE holds, once read. */
  private ExperimentInput input;
  /** The ConfigMaps trial templates are read from: FILE's own, else those given with --configmap. */
  private ConfigMapLookup lookup;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "katib-runs",
      description = "Where experiments keep their journal and trial folders (default: ${DEFAULT-VALUE}).")
  Path directory;

  @Option(names = "--resume", description = "Go on with this experiment from where an earlier run stopped.")
  boolean resume;

  @Option(names = "--parallel", paramLabel = "N", description = "Run N trials at a time (spec.parallelTrialCount).")
  Integer parallel;

  @Option(names = "--max-trials", paramLabel = "N", description = "Stop after N trials (spec.maxTrialCount).")
  Integer maxTrials;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the search, when the algorithm sets no "
      + "random_state; the same seed gives the same trials.")
  Long seed;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "7d", converter = DurationConverter.class,
      description = "Give up waiting after this long, such as 90s, 30m or 2h (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, json or yaml "
      + "(default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--configmap", paramLabel = "FILE",
      description = "A ConfigMap manifest holding trial templates the experiment refers to; repeatable.")
  List<Path> configMaps = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    // Everything for standard error goes through the progress printer, which keeps it off the progress line that a
    // terminal shows rewritten in place.
    ProgressPrinter progressPrinter = ((KatibCli) spec.root().userObject()).progressPrinters
        .apply(spec.commandLine().getErr());
    PrintWriter err = progressPrinter.messages();
    if (!List.of("table", "json", "yaml").contains(output)) {
      err.println("katib: -o takes table, json or yaml, not " + output);
      return KatibCli.BAD_INPUT;
    }
    if (!atLeastOne("--parallel", parallel, err) || !atLeastOne("--max-trials", maxTrials, err)) {
      return KatibCli.BAD_INPUT;
    }
    input = ExperimentInput.read(file, spec);
    ConfigMapLookup given = ConfigMapLookup.none();
    for (Path configMap : configMaps) {
      given = ConfigMapLookup.fromManifest(configMap).orElse(given);
    }
    lookup = input.configMaps().orElse(given);
    List<ValidationResult> results = ExperimentValidator.forLocalRuns().withConfigMaps(lookup::template)
        .validateSource(input.text(), input.name());
    List<OtherObject> others = input.noteOthers(err, ValidateCommand.CONFIG_MAP_USE);
    if (results.isEmpty()) {
      err.println(input.noExperiment(others));
      return KatibCli.BAD_INPUT;
    }
    if (results.size() != 1 || results.get(0).experiment().isEmpty()) {
      err.println(input.notOneExperiment(results.size(), "run"));
      return KatibCli.BAD_INPUT;
    }
    Experiment experiment = results.get(0).experiment().get();
    // On resume the journal holds the experiment, and the options change its budget once it is open again.
    boolean overridden = !resume && (parallel != null || maxTrials != null);
    if (overridden) {
      experiment = withOverrides(experiment, err);
    }
    List<Problem> problems = results.get(0).problems();
    // With overrides, the engine checks the changed experiment again when it is created.
    if (!problems.isEmpty() && (!overridden || problems.stream().anyMatch(p -> p.rule().equals("schema")))) {
      problems.forEach(p -> err.println(ValidateCommand.format(input.name(), p)));
      return KatibCli.BAD_INPUT;
    }
    LocalKatib.Builder builder = LocalKatib.builder().directory(directory)
        .baseDirectory(input.folder()).notes(err).configMaps(lookup);
    if (seed != null) {
      builder.seed(seed);
    }
    try (LocalKatib katib = builder.build()) {
      StopOnExit stopOnExit = new StopOnExit(katib, err, progressPrinter);
      Runtime.getRuntime().addShutdownHook(stopOnExit);
      try {
        return run(katib, experiment, stopOnExit, progressPrinter, out, err);
      } catch (KatibException e) {
        if (stopOnExit.isRunning()) {
          // Ctrl-C or a kill closed the engine under the command, and the hook said how to go on; the JVM exits with
          // the signal's status, not this one.
          return KatibCli.TIMED_OUT;
        }
        throw e;
      } finally {
        stopOnExit.removeUnlessRunning();
        progressPrinter.end();
      }
    }
  }

  private int run(LocalKatib katib, Experiment experiment, StopOnExit stopOnExit, ProgressPrinter progressPrinter,
      PrintWriter out, PrintWriter err) {
    ExperimentRef ref;
    try {
      // A generateName gives each run a name of its own, so only a named experiment can have run before.
      Optional<Experiment> earlier = resume || experiment.name().isEmpty() ? Optional.empty()
          : katib.find(named(katib, experiment));
      if (earlier.isPresent()) {
        ExperimentRef named = ExperimentRef.of(earlier.get());
        String state = earlier.get().status().map(st -> st.isSucceeded() ? " (Succeeded)" : st.isFailed()
            ? " (Failed)" : " (not finished)").orElse("");
        err.println("katib: " + named + " already ran in " + katib.directory(named) + state + "; to go on with it: "
            + goOnCommand() + "; to start afresh, delete that folder or give the experiment another metadata.name");
        return KatibCli.BAD_INPUT;
      }
      // A stop from now on may leave an experiment to go on with: this one, once it is known to exist.
      stopOnExit.starting(experiment.name().isEmpty() ? null : named(katib, experiment));
      if (resume) {
        ref = named(katib, experiment);
        Optional<Experiment> stored = katib.find(ref);
        if (stored.isEmpty()) {
          err.println("katib: there is no experiment " + ref + " to resume in " + katib.directory(ref)
              + (Files.exists(katib.directory(ref)) ? " (its journal holds no complete record: an engine stopped"
                  + " there before the experiment was created, so nothing ran)" : "")
              + "; to start it: " + startCommand());
          return KatibCli.BAD_INPUT;
        }
        // Checked against the experiment as stored, before resuming: resuming relaunches the trials that were in
        // flight and journals it, which a refused change must not do.
        Budget budget = budgetChange(stored.get(), err);
        if (!budget.isEmpty()) {
          ExperimentValidator.forLocalRuns().withConfigMaps(lookup::template)
              .validateUpdate(withBudget(stored.get(), budget), stored.get())
              .throwIfInvalid("The budget change (" + budget + ") of experiment \"" + ref + "\"");
        }
        Experiment resumed = katib.resume(ref);
        noteChangesSince(resumed, experiment, katib.directory(ref), err);
        if (!budget.isEmpty()) {
          katib.editBudget(ref, budget);
        }
      } else {
        ref = ExperimentRef.of(katib.create(experiment));
      }
      stopOnExit.started(ref);
    } catch (KatibValidationException | ExperimentNotFoundException e) {
      // What the engine refuses before anything runs (an algorithm only a cluster runs, nothing to resume) is input
      // this command cannot run, not an experiment that failed.
      err.println("katib: " + e.getMessage());
      return KatibCli.BAD_INPUT;
    }
    Experiment done;
    int exit = 0;
    Subscription progress = katib.watch(ref, progressPrinter);
    stopOnExit.watching(ref, progress);
    try {
      done = katib.awaitTrials(ref, timeout);
    } catch (ExperimentFailedException e) {
      done = e.experiment();
      exit = KatibCli.INVALID;
    } catch (KatibTimeoutException e) {
      progress.close();
      progressPrinter.end();
      err.println("katib: " + e.getMessage());
      err.println("katib: " + howToGoOn(katib, ref));
      return KatibCli.TIMED_OUT;
    } finally {
      // Before the summary, so that no progress line (of a resumed experiment's trials, say) comes after it, nor
      // shares the summary's first line.
      progress.close();
      progressPrinter.end();
      stopOnExit.waited();
    }
    ExperimentReport report = ExperimentReport.of(done, katib.trials(ref));
    Path html = katib.directory(ref).resolve("report.html");
    report.writeHtml(html);
    print(out, done, report, html);
    return exit;
  }

  private static ExperimentRef named(LocalKatib katib, Experiment experiment) {
    return ExperimentRef.of(experiment.namespace().isEmpty() ? katib.namespace() : experiment.namespace(),
        experiment.name());
  }

  /** Where the completed trials are and the command that goes on with the experiment from there. */
  private String howToGoOn(LocalKatib katib, ExperimentRef ref) {
    return "running trials are stopped and run again from the start on resume; every completed trial is kept in "
        + katib.directory(ref) + "; to go on: " + goOnCommand();
  }

  /** The command that goes on with this experiment where it stopped. */
  private String goOnCommand() {
    return command(List.of("--resume"));
  }

  /** The command that starts this experiment, as given but for --resume. */
  private String startCommand() {
    List<String> options = new ArrayList<>();
    if (parallel != null) {
      options.addAll(List.of("--parallel", parallel.toString()));
    }
    if (maxTrials != null) {
      options.addAll(List.of("--max-trials", maxTrials.toString()));
    }
    if (seed != null) {
      options.addAll(List.of("--seed", seed.toString()));
    }
    return command(options);
  }

  /** This command line with {@code options}, quoted for a shell, as the user can paste it. */
  private String command(List<String> options) {
    List<String> words = new ArrayList<>(List.of("katib", "run", file.toString(), "--dir", directory.toString()));
    configMaps.forEach(c -> words.addAll(List.of("--configmap", c.toString())));
    words.addAll(options);
    String command = ShellWords.join(words);
    return file.toString().equals(ExperimentInput.STDIN)
        ? command + " (with the same experiment on standard input)" : command;
  }

  /**
   * What Ctrl-C or a kill does while the experiment runs: the progress stops, the engine closes (which stops the
   * trials' processes; every completed trial is already in the journal) and the user is told how to go on, also when
   * the kill came while the experiment was being created or resumed, before its progress was shown.
   */
  private final class StopOnExit extends Thread {
    private final LocalKatib katib;
    private final PrintWriter err;
    private final ProgressPrinter progressPrinter;
    /** The experiment being created or resumed, while it may not exist yet; null for one named by generateName. */
    private volatile ExperimentRef starting;
    /** The experiment once created or resumed. */
    private volatile ExperimentRef ref;
    private volatile Subscription progress;
    private volatile boolean waited;
    private volatile boolean running;

    StopOnExit(LocalKatib katib, PrintWriter err, ProgressPrinter progressPrinter) {
      super("katib4j-shutdown");
      this.katib = katib;
      this.err = err;
      this.progressPrinter = progressPrinter;
    }

    void starting(ExperimentRef ref) {
      this.starting = ref;
    }

    void started(ExperimentRef ref) {
      this.ref = ref;
    }

    void watching(ExperimentRef ref, Subscription progress) {
      this.ref = ref;
      this.progress = progress;
    }

    /** The wait has ended: an exit from now on stops no trial and has nothing to say. */
    void waited() {
      waited = true;
    }

    boolean isRunning() {
      return running;
    }

    /** Once the command has ended, normally or not, a later exit of the JVM has nothing to stop. */
    void removeUnlessRunning() {
      KatibCli.removeShutdownHook(this);
    }

    @Override
    public void run() {
      running = true;
      if (waited) {
        katib.close();
        return;
      }
      Subscription watched = progress;
      if (watched != null) {
        watched.close();
      }
      ExperimentRef started = ref;
      if (started != null) {
        stopped(started);
        katib.close();
        return;
      }
      // Stopped while the experiment was being created or resumed: once the engine is closed, its journal says
      // whether there is one to go on with.
      katib.close();
      ExperimentRef named = starting;
      try {
        if (named != null && katib.find(named).isPresent()) {
          stopped(named);
        }
      } catch (RuntimeException e) {
        // A journal that cannot be read now is reported by the next run of the command.
      }
    }

    private void stopped(ExperimentRef stopped) {
      progressPrinter.end();
      err.println("katib: stopped before " + stopped + " ended; " + howToGoOn(katib, stopped));
      err.flush();
    }
  }

  private static boolean atLeastOne(String option, Integer trials, PrintWriter err) {
    if (trials != null && trials < 1) {
      err.println("katib: " + option + " takes a number of trials of at least 1, not " + trials);
      return false;
    }
    return true;
  }

  /**
   * The experiment with --parallel and --max-trials applied. Katib requires the failure and parallel budgets to fit
   * the trial budget, so a smaller one lowers them too.
   */
  private Experiment withOverrides(Experiment experiment, PrintWriter err) {
    ExperimentSpec spec = experiment.spec();
    if (parallel != null) {
      spec = spec.withParallelTrialCount(parallel);
    }
    if (maxTrials == null) {
      return experiment.withSpec(spec);
    }
    spec = spec.withMaxTrialCount(maxTrials);
    if (spec.maxFailedTrialCount().orElse(0) > maxTrials) {
      err.println("katib: --max-trials " + maxTrials + " also lowers maxFailedTrialCount to " + maxTrials);
      spec = spec.withMaxFailedTrialCount(maxTrials);
    }
    if (spec.parallelTrialCount().orElse(ExperimentDefaults.PARALLEL_TRIAL_COUNT) > maxTrials) {
      err.println("katib: --max-trials " + maxTrials + " also lowers parallelTrialCount to " + maxTrials);
      spec = spec.withParallelTrialCount(maxTrials);
    }
    return experiment.withSpec(spec);
  }

  /** What --parallel and --max-trials change in the budget of a resumed experiment, with Katib's update rules. */
  private Budget budgetChange(Experiment resumed, PrintWriter err) {
    if (parallel == null && maxTrials == null) {
      return Budget.unchanged();
    }
    ExperimentSpec was = resumed.spec();
    ExperimentSpec now = withOverrides(resumed, err).spec();
    Budget budget = Budget.unchanged();
    if (!now.maxTrialCount().equals(was.maxTrialCount())) {
      budget = budget.withMaxTrialCount(now.maxTrialCount().getAsInt());
    }
    if (!now.parallelTrialCount().equals(was.parallelTrialCount())) {
      budget = budget.withParallelTrialCount(now.parallelTrialCount().getAsInt());
    }
    if (!now.maxFailedTrialCount().equals(was.maxFailedTrialCount())) {
      budget = budget.withMaxFailedTrialCount(now.maxFailedTrialCount().getAsInt());
    }
    return budget;
  }

  /** {@code experiment}, without its status, with {@code budget} applied, as the engine applies a budget change. */
  private static Experiment withBudget(Experiment experiment, Budget budget) {
    ExperimentSpec.Builder b = ExperimentSpec.builder().from(experiment.spec());
    budget.maxTrialCount().ifPresent(b::maxTrialCount);
    budget.parallelTrialCount().ifPresent(b::parallelTrialCount);
    budget.maxFailedTrialCount().ifPresent(b::maxFailedTrialCount);
    return experiment.withoutStatus().withSpec(b.build());
  }

  /**
   * A file edited since its experiment began does not change it: resume goes on with the experiment the journal
   * holds, which the user would otherwise not know. The budget is left out (the options change it) and so is the
   * seed (the journal keeps the one the search began with).
   */
  private void noteChangesSince(Experiment resumed, Experiment fromFile, Path experimentDir, PrintWriter err) {
    KatibCodec codec = KatibCodec.create();
    JsonObject was = codec.toJsonObject(resumed.withoutStatus()).getAsJsonObject("spec");
    JsonObject now = codec.toJsonObject(ExperimentDefaults.apply(fromFile)).getAsJsonObject("spec");
    Set<String> fields = new TreeSet<>(was.keySet());
    fields.addAll(now.keySet());
    fields.removeAll(List.of("maxTrialCount", "parallelTrialCount", "maxFailedTrialCount"));
    fields.removeIf(field -> Objects.equals(was.get(field), now.get(field)));
    if (!fields.isEmpty()) {
      err.println("katib: " + input.name() + " has changed since " + resumed.name() + " began (spec." + String.join(", spec.",
          fields) + "); --resume goes on with the experiment as it began, kept in " + experimentDir + ". To run the"
          + " file as it is now, give it another metadata.name");
    }
    if (seed != null) {
      err.println("katib: --seed is not used with --resume: the search goes on with the seed it began with");
    }
  }

  private void print(PrintWriter out, Experiment done, ExperimentReport report, Path html) {
    if (!output.equals("table")) {
      out.print(OutputFormat.valueOf(output).write(done));
      return;
    }
    ExperimentStatus status = done.status().orElseThrow();
    status.optimalTrial().ifPresentOrElse(best -> printOptimal(out, best),
        () -> out.println("No trial reported the objective metric, so there is no optimal trial."));
    out.println();
    out.print(report.table());
    out.println();
    out.println("Report: " + html);
  }

  private static void printOptimal(PrintWriter out, OptimalTrial best) {
    out.println("Optimal trial: " + Summaries.shown(best.bestTrialName()));
    best.parameterAssignments().forEach(a -> out.println("  " + Summaries.shown(a.name() + " = " + a.value())));
    best.observation().metrics().forEach(m -> out.println("  " + Summaries.shown(m.name() + ": min " + m.min()
        + ", max " + m.max() + ", latest " + m.latest())));
  }
}
