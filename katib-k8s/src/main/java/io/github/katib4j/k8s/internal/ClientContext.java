package io.github.katib4j.k8s.internal;

import com.google.gson.JsonObject;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.Trial;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

/**
 * What the client's waits and watches share: the API, threads for watches, a timer, their settings, and whether the
 * client is closed.
 */
public final class ClientContext {
  private final KubeApi api;
  private final ExecutorService threads;
  private final ScheduledExecutorService timer;
  private final int pageSize;
  private final Duration safetyReadInterval;
  private final Duration stallWarning;
  /** What {@link #close()} must end: the waits under way. */
  private final Set<Runnable> onClose = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

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

  /**
   * The experiment's trials (label {@code katib.kubeflow.org/experiment}) in creation order, read in pages; one that
   * cannot be decoded is left out with a warning.
   */
  public List<Trial> trials(ExperimentRef ref) {
    return storedTrials(ref).stream().flatMap(t -> Decoding.readable(t, Trial.class, trialsOf(ref)).stream())
        .collect(Collectors.toUnmodifiableList());
  }

  /** The experiment's trials as the API server sent them, in creation order, read in pages. */
  public List<JsonObject> storedTrials(ExperimentRef ref) {
    return Pager.listAll(api, Paths.trials(ref.namespace()), Paths.trialsOf(ref), pageSize).items().stream()
        .sorted(Decoding.STORED_CREATION_ORDER).collect(Collectors.toUnmodifiableList());
  }

  /** What the experiment's trials are, for messages: "the trials of experiment kubeflow/random". */
  public static String trialsOf(ExperimentRef ref) {
    return "the trials of experiment " + ref;
  }

  /** How often a wait reads the experiment directly, whatever the watch says. */
  public Duration safetyReadInterval() {
    return safetyReadInterval;
  }

  /** How long a wait sees no status change before it warns that the experiment looks stalled. */
  public Duration stallWarning() {
    return stallWarning;
  }

  /**
   * Throws the exception that says the client is closed, when it is.
   *
   * @param what the call, for the message: "awaitCompletion", "watch"
   */
  public void ensureOpen(String what) {
    if (closed) {
      throw closedException(what);
    }
  }

  /** The exception for a call made on a closed client, or under way when it was closed. */
  public static KatibException closedException(String what) {
    return new KatibException("The KatibClient is closed, so " + what + " cannot go on; make calls before closing "
        + "the client (try-with-resources ends it with its block), or build a new one with KatibClient.builder()");
  }

  /**
   * Runs {@code action} when the client is closed, unless the returned deregistration has run first.
   *
   * @throws KatibException when the client is closed already
   */
  public Runnable onClose(Runnable action, String what) {
    onClose.add(action);
    if (closed && onClose.remove(action)) {
      throw closedException(what);
    }
    return () -> onClose.remove(action);
  }

  /** Marks the client closed and ends what registered with {@link #onClose}; the caller stops the threads. */
  public void close() {
    closed = true;
    for (Runnable action : onClose) {
      if (onClose.remove(action)) {
        action.run();
      }
    }
  }

  public boolean isClosed() {
    return closed;
  }
}
