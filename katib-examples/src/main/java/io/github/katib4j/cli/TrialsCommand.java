package io.github.katib4j.cli;

import io.github.katib4j.ExperimentNotFoundException;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.k8s.KatibClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code katib trials NAME}: an experiment's trials with their state, metrics and assignments. */
@Command(
    name = "trials",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the experiment's trials in creation order: name, state, observed metrics and parameter assignments.",
      "Exit 0 when the experiment exists, 1 when it does not, 2 on usage errors, a cluster that cannot be reached or "
          + "refuses the request (such as 403 Forbidden), or a stored object this version cannot read."
    })
final class TrialsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "The experiment's name.")
  String name;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "yaml or json: the Trial objects as stored, in one List as kubectl get -o prints them (without "
          + "managedFields), instead of the table.")
  OutputFormat output;

  @Mixin
  ClusterOptions cluster;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (KatibClient katib = cluster.client()) {
      // Trials can outlive a deleted experiment until the garbage collector runs; ask for the experiment first.
      ExperimentRef ref = ClusterOptions.ref(katib, name);
      // Read as stored: an experiment this version cannot decode still has trials to show.
      if (katib.findUnstructured(ref).isEmpty()) {
        throw new ExperimentNotFoundException(ref, false);
      }
      if (output != null) {
        out.print(output.writeStoredList(katib.trialsUnstructured(ref)));
        return 0;
      }
      List<Trial> trials = katib.trials(ref);
      if (trials.isEmpty()) {
        // As kubectl says "No resources found": on standard error, so that the table a script reads stays empty.
        spec.commandLine().getErr().println("katib: experiment " + ref + " has no trials yet");
        return 0;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"NAME", "STATE", "METRICS", "ASSIGNMENTS"});
      for (Trial trial : trials) {
        rows.add(new String[] {Summaries.shown(trial.name()), Summaries.state(trial),
            trial.status().flatMap(s -> s.observation()).map(o -> Summaries.metrics(o.metrics()))
                .orElse(Summaries.NO_VALUE),
            Summaries.assignments(trial.spec().parameterAssignments())});
      }
      int[] widths = new int[4];
      rows.forEach(r -> {
        for (int i = 0; i < 4; i++) {
          widths[i] = Math.max(widths[i], r[i].length());
        }
      });
      for (String[] row : rows) {
        out.println(String.format("%-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %s", row[0],
            row[1], row[2], row[3]).stripTrailing());
      }
      return 0;
    }
  }
}
