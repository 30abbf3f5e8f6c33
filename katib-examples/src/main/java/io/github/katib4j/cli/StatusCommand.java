package io.github.katib4j.cli;

import io.github.katib4j.ExperimentNotFoundException;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentStatus;
import io.github.katib4j.experiment.SuggestionConditionType;
import io.github.katib4j.k8s.KatibClient;
import io.github.katib4j.k8s.internal.Deletions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code katib status NAME}: an experiment's condition, trial counts, budget and best trial. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the experiment's condition, trial counts, budget and best trial, or the whole object with -o.",
      "Exit 0 when it exists, 1 when it does not, 2 on usage errors, a cluster that cannot be reached or refuses the "
          + "request (such as 403 Forbidden), or a stored object this version cannot read."
    })
final class StatusCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "The experiment's name.")
  String name;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "yaml or json: the whole experiment as stored, as kubectl get -o prints it (without "
          + "managedFields), instead of the summary.")
  OutputFormat output;

  @Mixin
  ClusterOptions cluster;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (KatibClient katib = cluster.client()) {
      ExperimentRef ref = ClusterOptions.ref(katib, name);
      if (output != null) {
        // As stored, not re-encoded: fields this version does not model and the numbers' text stay, and an object
        // it cannot decode prints too.
        out.print(output.writeStored(katib.findUnstructured(ref)
            .orElseThrow(() -> new ExperimentNotFoundException(ref, false))));
        return 0;
      }
      Experiment experiment = katib.get(ref);
      out.println("Experiment:  " + experiment.namespace() + "/" + experiment.name());
      out.println("Condition:   " + Summaries.condition(experiment));
      // Kubernetes keeps an experiment being deleted until its finalizers are removed; its name is taken meanwhile.
      Deletions.state(experiment.metadata()).ifPresent(state -> out.println("Deletion:    " + state));
      // Katib's condition says only "Suggestion has failed"; the Suggestion says why.
      if (experiment.status().map(ExperimentStatus::isSuggestionFailed).orElse(false)) {
        katib.suggestion(ExperimentRef.of(experiment)).flatMap(s -> s.status())
            .flatMap(s -> s.condition(SuggestionConditionType.FAILED))
            .ifPresent(c -> out.println("Suggestion:  Failed" + (c.message().isEmpty() ? "" : " (" + c.message()
                + ")")));
      }
      out.println("Trials:      " + Summaries.trials(experiment));
      out.println("Budget:      " + Summaries.budget(experiment));
      out.println("Best trial:  " + experiment.status().flatMap(s -> s.optimalTrial()).map(Summaries::optimal)
          .orElse(Summaries.noBest(experiment)));
      return 0;
    }
  }
}
