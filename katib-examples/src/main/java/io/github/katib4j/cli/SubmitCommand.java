package io.github.katib4j.cli;

import io.github.katib4j.ExperimentFailedException;
import io.github.katib4j.ExperimentListener;
import io.github.katib4j.ExperimentNotFoundException;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.KatibTimeoutException;
import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Subscription;
import io.github.katib4j.TrialEvent;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.codec.OtherObject;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.OptimalTrial;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialConditionType;
import io.github.katib4j.k8s.KatibClient;
import io.github.katib4j.k8s.KatibUi;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code katib submit FILE}: checks an experiment against the cluster, creates it and optionally waits for it. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the experiment against the cluster (Katib installed, its katib-config, the namespace label, ConfigMap "
          + "templates, every validation rule, the projected size of Katib's objects) and creates it in --namespace, "
          + "else in the file's namespace, else in the kubeconfig context's.",
      "With --wait, prints each trial's state changes as they happen and the best trial at the end.",
      "Exit 0 when created (with --wait: when it succeeded), 1 when it is invalid or failed, 2 when nothing was "
          + "created: usage errors, unreadable files, a cluster that cannot be reached or refuses the request (such as "
          + "403 Forbidden), 3 when --timeout passed first, 4 when the experiment was created but --wait could not "
          + "follow it (it goes on running; the message says how to follow it)."
    })
final class SubmitCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = ExperimentInput.FILE_HELP)
  Path file;

  @Option(names = "--wait", description = "Wait until the experiment succeeds or fails.")
  boolean await;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
      description = "How long --wait waits, such as 90s, 30m or 2h (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--ui", paramLabel = "URL",
      description = "The Katib UI's address, such as http://localhost:8080, to print the experiment's page.")
  URI ui;

  @Option(names = "--object-size-limit", paramLabel = "BYTES", converter = ByteSizeConverter.class,
      description = "The largest object the cluster's etcd stores, such as 1572864, 1536Ki or 8Mi (default: 1.5Mi, "
          + "etcd's --max-request-bytes); the checks refuse an experiment whose Experiment, Suggestion or Trials "
          + "are projected to pass 90% of it.")
  Long objectSizeLimit;

  @Mixin
  ClusterOptions cluster;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Every option is checked before anything is created: a mistake found afterwards would leave an experiment
    // behind that nobody waits for.
    KatibUi katibUi;
    try {
      katibUi = ui == null ? null : KatibUi.at(ui);
    } catch (KatibException e) {
      throw new ParameterException(spec.commandLine(), "--ui: " + e.getMessage());
    }
    KatibCodec codec = KatibCodec.create();
    ExperimentInput input = ExperimentInput.read(file, spec);
    List<Experiment> all = codec.readAll(input.text(), input.name(), Experiment.class);
    List<OtherObject> others = input.noteOthers(err, "submit creates only the Experiment, and the cluster checks its"
        + " template against the ConfigMap there: create or update the ConfigMap first (kubectl apply -f)");
    if (all.isEmpty()) {
      err.println(input.noExperiment(others));
      return KatibCli.BAD_INPUT;
    }
    if (all.size() != 1) {
      err.println(input.notOneExperiment(all.size(), "submit"));
      return KatibCli.BAD_INPUT;
    }
    Experiment read = all.get(0);
    // --namespace wins over the file's namespace, so one file can go to several namespaces.
    Experiment experiment = cluster.namespace == null ? read
        : read.withMetadata(read.metadata().withNamespace(cluster.namespace));
    try (KatibClient katib = cluster.client(builder -> {
      if (objectSizeLimit != null) {
        try {
          builder.objectSizeLimit(objectSizeLimit);
        } catch (KatibException e) {
          throw new ParameterException(spec.commandLine(), "--object-size-limit: " + e.getMessage());
        }
      }
    })) {
      Experiment created;
      try {
        created = katib.create(experiment);
      } catch (KatibValidationException e) {
        // The checks ran on the experiment read from the file: say where in it each problem is, as validate does.
        err.println("katib: " + e.getMessage().lines().findFirst().orElse(""));
        codec.locate(input.text(), input.name(), e.problems())
            .forEach(p -> err.println("  - " + ValidateCommand.format(input.name(), p)));
        return KatibCli.INVALID;
      }
      ExperimentRef ref = ExperimentRef.of(created);
      out.println("experiment " + ref + " created");
      if (katibUi != null) {
        out.println("Katib UI: " + katibUi.experiment(ref));
      }
      if (!await) {
        return 0;
      }
      // Ctrl-C or a kill ends the wait, not the experiment: say so, and how to find it again.
      Thread stillRunning = new Thread(() -> {
        err.println("katib: stopped waiting; experiment " + ref + " goes on running on the cluster: follow it with "
            + "katib status " + ref.name() + " --namespace " + ref.namespace() + ", or stop it with katib delete "
            + ref.name() + " --namespace " + ref.namespace());
        err.flush();
      }, "katib4j-shutdown");
      Runtime.getRuntime().addShutdownHook(stillRunning);
      TrialProgress progress = new TrialProgress(out, ref, created.metadata().uid());
      Experiment done;
      try {
        Subscription following = katib.watch(ref, new ExperimentListener() {
          @Override
          public void onTrial(TrialEvent event) {
            progress.print(event);
          }

          @Override
          public void onFailure(KatibException failure) {
            // A user who may not watch trials still gets the result, without the progress: say why it is missing.
            progress.incomplete();
            err.println("katib: warning: " + failure.getMessage());
          }
        });
        try {
          done = katib.awaitCompletion(ref, timeout);
        } catch (ExperimentFailedException e) {
          following.close();
          progress.catchUp(katib, err);
          throw e;
        } finally {
          following.close();
        }
        progress.catchUp(katib, err);
      } catch (KatibTimeoutException | ExperimentFailedException | ExperimentNotFoundException e) {
        // Documented outcomes of the wait itself: 3, and 1 for an experiment that failed or was deleted.
        throw e;
      } catch (KatibException e) {
        // Anything else (no right to list or watch experiments, a cluster gone, an object this version cannot read)
        // ends the wait, not the experiment: say that it exists, with its own exit code, so that a script does not
        // take it for "nothing was created" (2).
        err.println("katib: " + e.getMessage());
        err.println("katib: experiment " + ref + " was created and goes on running on the cluster, but waiting for it"
            + " failed, so its outcome is unknown here: follow it with katib status " + ref.name() + " --namespace "
            + ref.namespace() + " (or kubectl get experiment " + ref.name() + " -n " + ref.namespace() + "), or stop"
            + " it with katib delete " + ref.name() + " --namespace " + ref.namespace());
        return KatibCli.WAIT_FAILED;
      } finally {
        KatibCli.removeShutdownHook(stillRunning);
      }
      OptimalTrial best = done.status().flatMap(s -> s.optimalTrial()).orElseThrow(() -> new KatibException(
          "Experiment " + ref + " succeeded, but no trial reported the objective metric, so there is no optimal "
          + "trial"));
      out.println("experiment " + ref + " succeeded; best trial: " + Summaries.optimal(best));
      return 0;
    }
  }

  /**
   * The trial lines of --wait. The watch may lag behind the wait: the experiment's own watch can learn that it ended
   * while the trials' watch is still reconnecting (after an API server outage, say), and closing the subscription
   * then would lose every change it had not delivered yet. So, once the subscription is closed, one list of the
   * trials prints what the watch did not, from the last state printed for each trial: every trial's final state is
   * printed once, and no transition twice.
   */
  private static final class TrialProgress {
    private final PrintWriter out;
    private final ExperimentRef ref;
    private final String uid;
    /** The state last printed for each trial (empty: Pending); guarded by this. */
    private final Map<String, Optional<TrialConditionType>> printed = new HashMap<>();
    /** Set by the catch-up: an event of the closed subscription still under way prints nothing more. */
    private boolean caughtUp;
    /** Whether a warning already said that changes are missing, as it does for a user who may not list trials. */
    private volatile boolean incomplete;

    TrialProgress(PrintWriter out, ExperimentRef ref, String uid) {
      this.out = out;
      this.ref = ref;
      this.uid = uid;
    }

    void incomplete() {
      incomplete = true;
    }

    synchronized void print(TrialEvent event) {
      if (caughtUp) {
        return;
      }
      printed.put(event.trial().name(), event.state());
      String metrics = event.trial().status().flatMap(s -> s.observation())
          .map(o -> "  " + Summaries.metrics(o.metrics())).orElse("");
      out.println("trial " + event + metrics);
    }

    /** Prints, from one list, each trial's state that differs from the one last printed for it. */
    void catchUp(KatibClient katib, PrintWriter err) {
      List<Trial> trials;
      try {
        trials = katib.trials(ref);
      } catch (KatibException e) {
        if (incomplete) {
          // Said already, with the reason, which is most likely this one too.
          return;
        }
        err.println("katib: warning: cannot read the final state of the trials of experiment " + ref + ", so the trial"
            + " lines above may miss their last changes (katib trials " + ref.name() + " --namespace "
            + ref.namespace() + " shows them): " + e.getMessage());
        return;
      }
      synchronized (this) {
        for (Trial trial : trials) {
          // A trial left over from an earlier experiment of the same name, as the subscription ignores them.
          boolean another = !trial.metadata().ownerReferences().isEmpty() && trial.metadata().ownerReferences()
              .stream().noneMatch(o -> o.uid().equals(uid));
          if (another) {
            continue;
          }
          Optional<TrialConditionType> state = trial.status().flatMap(s -> s.state());
          Optional<TrialConditionType> before = printed.get(trial.name());
          if (before == null || !before.equals(state)) {
            print(TrialEvent.of(ref, trial, before == null ? null : before.orElse(null)));
          }
        }
        caughtUp = true;
      }
    }
  }
}
