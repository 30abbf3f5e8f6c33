package io.github.katib4j.cli;

import io.github.katib4j.Budget;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.k8s.KatibClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code katib budget NAME}: changes the trial counts Katib lets a running experiment change. */
@Command(
    name = "budget",
    mixinStandardHelpOptions = true,
    description = {
      "Changes maxTrialCount, parallelTrialCount and maxFailedTrialCount, checked first with Katib's update rules.",
      "Raising --max-trials of an experiment that succeeded by reaching it, with resume policy LongRunning or "
          + "FromVolume, restarts it; the command returns once Katib has restarted it.",
      "Exit 0 when changed, 1 when Katib would refuse the change or the experiment does not exist, 2 on usage "
          + "errors, a cluster that cannot be reached or refuses the request (such as 403 Forbidden), or a stored object "
          + "this version cannot read."
    })
final class BudgetCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "The experiment's name.")
  String name;

  @Option(names = "--max-trials", paramLabel = "N", description = "The new maxTrialCount.")
  Integer maxTrials;

  @Option(names = "--parallel", paramLabel = "N", description = "The new parallelTrialCount.")
  Integer parallel;

  @Option(names = "--max-failed", paramLabel = "N", description = "The new maxFailedTrialCount.")
  Integer maxFailed;

  @Mixin
  ClusterOptions cluster;

  @Override
  public Integer call() {
    Budget budget = Budget.unchanged();
    if (maxTrials != null) {
      budget = budget.withMaxTrialCount(maxTrials);
    }
    if (parallel != null) {
      budget = budget.withParallelTrialCount(parallel);
    }
    if (maxFailed != null) {
      budget = budget.withMaxFailedTrialCount(maxFailed);
    }
    if (budget.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "say what to change: --max-trials, --parallel or --max-failed");
    }
    try (KatibClient katib = cluster.client()) {
      Experiment updated = katib.editBudget(ClusterOptions.ref(katib, name), budget);
      spec.commandLine().getOut().println("experiment " + updated.namespace() + "/" + name + ": "
          + Summaries.budget(updated) + "; " + Summaries.condition(updated));
      return 0;
    }
  }
}
