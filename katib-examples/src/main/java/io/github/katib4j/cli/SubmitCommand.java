package io.github.katib4j.cli;

import io.github.katib4j.ExperimentListener;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Subscription;
import io.github.katib4j.TrialEvent;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.codec.OtherObject;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.OptimalTrial;
import io.github.katib4j.k8s.KatibClient;
import io.github.katib4j.k8s.KatibUi;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
      "Exit 0 when created (with --wait: when it succeeded), 1 when it is invalid or failed, 2 on usage errors, "
          + "unreadable files or an unreachable cluster, 3 when --timeout passed first."
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
    try (KatibClient katib = cluster.client()) {
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
      try (Subscription progress = katib.watch(ref, new ExperimentListener() {
        @Override
        public void onTrial(TrialEvent event) {
          String metrics = event.trial().status().flatMap(s -> s.observation())
              .map(o -> "  " + Summaries.metrics(o.metrics())).orElse("");
          out.println("trial " + event + metrics);
        }

        @Override
        public void onFailure(KatibException failure) {
          // A user who may not watch trials still gets the result, without the progress: say why it is missing.
          err.println("katib: warning: " + failure.getMessage());
        }
      })) {
        OptimalTrial best = katib.awaitOptimalTrial(ref, timeout);
        out.println("experiment " + ref + " succeeded; best trial: " + Summaries.optimal(best));
      } finally {
        KatibCli.removeShutdownHook(stillRunning);
      }
      return 0;
    }
  }
}
