package io.github.katib4j.cli;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.k8s.DeletePropagation;
import io.github.katib4j.k8s.KatibClient;
import io.github.katib4j.k8s.internal.Deletions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code katib delete NAME}: deletes an experiment with its trials, and waits until it is gone. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
      "Deletes the experiment; Kubernetes then deletes its trials and suggestion. As kubectl delete, waits until it is "
          + "gone: Kubernetes keeps it, marked for deletion, until its finalizers are removed (katib-controller's "
          + "update-prometheus-metrics; with --cascade foreground, until its trials are deleted), and its name is "
          + "taken until then.",
      "Exit 0 when deleted, 1 when it does not exist, 2 on usage errors or a cluster that cannot be reached or refuses "
          + "the request (such as 403 Forbidden), 3 when --timeout "
          + "passed first (it is still being deleted)."
    })
final class DeleteCommand implements Callable<Integer> {
  /** How long the wait goes on before saying what it waits for. */
  private static final Duration MOMENT = Duration.ofSeconds(2);

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "The experiment's name.")
  String name;

  @Option(names = "--cascade", paramLabel = "POLICY", defaultValue = "BACKGROUND",
      description = "BACKGROUND (trials go after the experiment), FOREGROUND (before it) or ORPHAN (they stay); "
          + "default: ${DEFAULT-VALUE}.")
  DeletePropagation cascade;

  @Option(names = "--wait", paramLabel = "BOOLEAN", arity = "0..1", defaultValue = "true", fallbackValue = "true",
      description = "Wait until the experiment is gone (default: ${DEFAULT-VALUE}); --wait=false returns once the "
          + "deletion is accepted.")
  boolean await;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
      description = "How long --wait waits, such as 90s, 30m or 2h (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Mixin
  ClusterOptions cluster;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (KatibClient katib = cluster.client()) {
      ExperimentRef ref = ClusterOptions.ref(katib, name);
      katib.delete(ref, cascade);
      if (!await) {
        out.println("experiment " + ref + " marked for deletion (not waiting until it is gone)");
        return 0;
      }
      CompletableFuture<Void> gone = CompletableFuture.runAsync(() -> katib.awaitDeletion(ref, timeout), task -> {
        Thread waiter = new Thread(task, "katib-delete-wait");
        waiter.setDaemon(true);
        waiter.start();
      });
      try {
        try {
          gone.get(MOMENT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // More than a moment: say what keeps it.
          try {
            katib.find(ref).ifPresent(kept -> {
              err.println("katib: waiting for experiment " + ref + " to go: it is " + Deletions.state(
                  kept.metadata()).map(state -> state + "; " + Deletions.holders(kept.metadata().finalizers()))
                  .orElse("not marked for deletion yet"));
              err.flush();
            });
          } catch (KatibException unread) {
            // The wait goes on, and says what it last saw when it ends.
          }
          gone.get();
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException) {
          throw (RuntimeException) e.getCause();
        }
        if (e.getCause() instanceof Error) {
          throw (Error) e.getCause();
        }
        throw new KatibException("waiting for experiment " + ref + " to be deleted failed: " + e.getCause(),
            e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KatibException("interrupted while waiting for experiment " + ref + " to be deleted", e);
      }
      out.println("experiment " + ref + " deleted");
      return 0;
    }
  }
}
