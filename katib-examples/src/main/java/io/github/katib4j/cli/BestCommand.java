package io.github.katib4j.cli;

import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.OptimalTrial;
import io.github.katib4j.k8s.KatibClient;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code katib best NAME}: the best trial so far, as Katib's controller chose it. */
@Command(
    name = "best",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the experiment's best trial so far (Katib's currentOptimalTrial): its name, metrics and assignments, "
          + "one assignment per line after the first line, so that scripts can read them.",
      "Exit 0 when there is one, 1 when the experiment does not exist or no trial has reported the objective yet, 2 "
          + "on usage errors, a cluster that cannot be reached or refuses the request (such as 403 Forbidden), or a "
          + "stored object this version cannot read."
    })
final class BestCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "The experiment's name.")
  String name;

  @Mixin
  ClusterOptions cluster;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (KatibClient katib = cluster.client()) {
      Experiment experiment = katib.get(ClusterOptions.ref(katib, name));
      Optional<OptimalTrial> best = experiment.status().flatMap(s -> s.optimalTrial());
      if (best.isEmpty()) {
        spec.commandLine().getErr().println("katib: experiment " + experiment.namespace() + "/" + name
            + " has no best trial: " + Summaries.noBest(experiment) + "; trials: " + Summaries.trials(experiment));
        return KatibCli.INVALID;
      }
      out.println(Summaries.optimal(best.get()));
      best.get().parameterAssignments().forEach(a -> out.println(a.name() + "=" + a.value()));
      return 0;
    }
  }
}
