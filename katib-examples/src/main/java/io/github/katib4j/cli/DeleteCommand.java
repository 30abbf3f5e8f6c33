package io.github.katib4j.cli;

import io.github.katib4j.k8s.DeletePropagation;
import io.github.katib4j.k8s.KatibClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code katib delete NAME}: deletes an experiment with its trials. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
      "Deletes the experiment; Kubernetes then deletes its trials and suggestion.",
      "Exit 0 when deleted, 1 when it does not exist, 2 on usage errors or an unreachable cluster."
    })
final class DeleteCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "The experiment's name.")
  String name;

  @Option(names = "--cascade", paramLabel = "POLICY", defaultValue = "BACKGROUND",
      description = "BACKGROUND (trials go after the experiment), FOREGROUND (before it) or ORPHAN (they stay); "
          + "default: ${DEFAULT-VALUE}.")
  DeletePropagation cascade;

  @Mixin
  ClusterOptions cluster;

  @Override
  public Integer call() {
    try (KatibClient katib = cluster.client()) {
      katib.delete(ClusterOptions.ref(katib, name), cascade);
      spec.commandLine().getOut().println("experiment " + katib.namespace() + "/" + name + " deleted");
      return 0;
    }
  }
}
