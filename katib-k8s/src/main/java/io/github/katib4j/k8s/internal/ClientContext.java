package io.github.katib4j.k8s.internal;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.experiment.Trial;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

/** What the client's waits and watches share: the API, threads for watches, a timer, and their settings. */
public final class ClientContext {
  private final KubeApi api;
  private final ExecutorService threads;
  private final ScheduledExecutorService timer;
  private final int pageSize;
  private final Duration safetyReadInterval;
  private final Duration stallWarning;

  public ClientContext(KubeApi api, ExecutorService threads, ScheduledExecutorService timer, int pageSize,
      Duration safetyReadInterval, Duration stallWarning) {
    this.api = api;
    this.threads = threads;
    this.timer = timer;
    this.pageSize = pageSize;
    this.safetyReadInterval = safetyReadInterval;
    this.stallWarning = stallWarning;
  }

  public KubeApi api() {
    return api;
  }

  /** Runs watches and safety reads; one thread each while they last. */
  public ExecutorService threads() {
    return threads;
  }

  public ScheduledExecutorService timer() {
    return timer;
  }

  public int pageSize() {
    return pageSize;
  }

  /** The experiment's trials (label {@code katib.kubeflow.org/experiment}) in creation order, read in pages. */
  public List<Trial> trials(ExperimentRef ref) {
    return Pager.listAll(api, Paths.trials(ref.namespace()), Paths.trialsOf(ref), pageSize).items().stream()
        .map(Decoding::trial).sorted(Decoding.CREATION_ORDER).collect(Collectors.toList());
  }

  /** How often a wait reads the experiment directly, whatever the watch says. */
  public Duration safetyReadInterval() {
    return safetyReadInterval;
  }

  /** How long a wait sees no status change before it warns that the experiment looks stalled. */
  public Duration stallWarning() {
    return stallWarning;
  }
}
