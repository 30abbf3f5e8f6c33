package io.github.katib4j.k8s.internal;

import com.google.gson.JsonObject;
import io.github.katib4j.ExperimentFailedException;
import io.github.katib4j.ExperimentNotFoundException;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.KatibTimeoutException;
import io.github.katib4j.experiment.Condition;
import io.github.katib4j.experiment.ConditionStatus;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentConditionType;
import io.github.katib4j.experiment.ExperimentStatus;
import io.github.katib4j.experiment.SuggestionConditionType;
import io.github.katib4j.internal.Durations;
import io.github.katib4j.k8s.KatibApiException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Waits for an experiment to reach a goal, driven by a watch of that one experiment (no polling loop), with a direct
 * read every {@link ClientContext#safetyReadInterval()} in case the watch is silently stuck. Ends when the goal is
 * reached, when the goal says it never will be (by throwing), when the experiment is deleted, or at the deadline.
 */
public final class ExperimentWait implements ListWatcher.Handler {
  private static final System.Logger LOG = System.getLogger("io.github.katib4j.k8s");
  private static final Object GONE = new Object();
  private static final Object CLOSED = new Object();

  /** What a wait waits for. */
  public interface Goal {
    /** True when reached; throws when the experiment can no longer reach it. */
    boolean reached(Experiment experiment);

    /** What is awaited, for messages: "to complete", "to restart". */
    String description();
  }

  /** Succeeded: done; Failed: {@link ExperimentFailedException}. */
  public static final Goal COMPLETION = new Goal() {
    @Override
    public boolean reached(Experiment experiment) {
      ExperimentStatus status = experiment.status().orElse(null);
      if (status == null) {
        return false;
      }
      if (status.isFailed()) {
        Condition failed = status.condition(ExperimentConditionType.FAILED).orElseThrow();
        throw new ExperimentFailedException(experiment, failed.reason(), failed.message());
      }
      return status.isSucceeded();
    }

    @Override
    public String description() {
      return "to complete";
    }
  };

  /**
   * Gone: deleted and no longer kept by a finalizer, or replaced by another experiment of the same name. Never reached
   * by what the experiment shows, only by its absence.
   */
  public static final Goal DELETION = new Goal() {
    @Override
    public boolean reached(Experiment experiment) {
      return false;
    }

    @Override
    public String description() {
      return "to be deleted";
    }
  };

  private final ClientContext context;
  private final ExperimentRef ref;
  private final BlockingQueue<Object> observations = new LinkedBlockingQueue<>();
  /** Whether a safety read is under way; one at a time. */
  private final AtomicBoolean reading = new AtomicBoolean();
  /** Ends the safety read under way when the wait ends. */
  private final KubeApi.Cancellation safetyReads = new KubeApi.Cancellation();

  private ExperimentWait(ClientContext context, ExperimentRef ref) {
    this.context = context;
    this.ref = ref;
  }

  /**
   * Waits until {@code goal} is reached and returns the experiment as then seen.
   *
   * @throws ExperimentNotFoundException when it does not exist, or is deleted (or replaced) while waiting
   * @throws KatibTimeoutException when {@code timeout} passes first
   */
  public static Experiment await(ClientContext context, ExperimentRef ref, Duration timeout, Goal goal) {
    Durations.waitTimeout(timeout, "the wait for experiment " + ref + " " + goal.description());
    return new ExperimentWait(context, ref).run(timeout, goal);
  }

  @Override
  public void synced(List<JsonObject> items) {
    observations.add(items.isEmpty() ? GONE : items.get(0));
  }

  @Override
  public void changed(String type, JsonObject object) {
    observations.add("DELETED".equals(type) ? GONE : object);
  }

  @Override
  public void failed(KatibApiException e) {
    observations.add(e);
  }

  /**
   * Starts a safety read unless the last one is still under way: against an API server that hangs, reads would
   * otherwise pile up, a thread each, every interval.
   */
  private void startSafetyRead() {
    if (!reading.compareAndSet(false, true)) {
      return;
    }
    try {
      context.threads().execute(this::safetyRead);
    } catch (RejectedExecutionException e) {
      reading.set(false);
    }
  }

  private void safetyRead() {
    try {
      observations.add(context.api().find(Paths.experiment(ref), safetyReads).<Object>map(o -> o).orElse(GONE));
    } catch (KatibException e) {
      LOG.log(System.Logger.Level.DEBUG, "safety read of experiment {0} failed: {1}", ref, e.getMessage());
    } finally {
      reading.set(false);
    }
  }

  private Experiment run(Duration timeout, Goal goal) {
    String what = "waiting for experiment " + ref + " " + goal.description();
    Runnable unregister = context.onClose(() -> observations.add(CLOSED), what);
    try {
      return run(timeout, goal, what);
    } catch (RejectedExecutionException e) {
      // The client's threads were stopped between the check above and starting the watch.
      throw ClientContext.closedException(what);
    } finally {
      unregister.run();
    }
  }

  private Experiment run(Duration timeout, Goal goal, String what) {
    long start = context.api().timing().nanoTime();
    // Saturated: a timeout of centuries (or ChronoUnit.FOREVER) means no timeout, not an overflow. Times are compared
    // as elapsed nanoseconds, which cannot overflow, never as start + timeout.
    long timeoutNanos = Durations.saturatedNanos(timeout);
    long stallNanos = Durations.saturatedNanos(context.stallWarning());
    boolean once = timeoutNanos == 0;
    ListWatcher watcher = null;
    ScheduledFuture<?> safety = null;
    if (once) {
      // Zero means: look once, and decide on what is seen.
      observations.add(context.api().find(Paths.experiment(ref)).<Object>map(o -> o).orElse(GONE));
    } else {
      watcher = new ListWatcher(context.api(), Paths.experiments(ref.namespace()),
          Map.of("fieldSelector", "metadata.name=" + ref.name()), this, context.pageSize(), "experiment " + ref);
      // At least a millisecond: a shorter interval would only keep a thread reading.
      long interval = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
          Durations.saturatedNanos(context.safetyReadInterval()));
      safety = context.timer().scheduleWithFixedDelay(this::startSafetyRead, interval, interval,
          TimeUnit.NANOSECONDS);
      watcher.start(context.threads());
    }
    String uid = null;
    Experiment last = null;
    JsonObject lastStatus = null;
    long lastChange = start;
    boolean warned = false;
    try {
      while (true) {
        long now = context.api().timing().nanoTime();
        if (once ? last != null : now - start >= timeoutNanos) {
          throw timeout(timeout, goal, last, now - lastChange);
        }
        long wait = timeoutNanos - (now - start);
        if (!warned) {
          wait = Math.min(wait, stallNanos - (now - lastChange));
        }
        Object seen = observations.poll(Math.max(1, wait), TimeUnit.NANOSECONDS);
        if (seen == null) {
          if (!warned && last != null && goal != DELETION
              && context.api().timing().nanoTime() - lastChange >= stallNanos) {
            warned = true;
            LOG.log(System.Logger.Level.WARNING, "Experiment {0} has not changed for {1}: {2}; check that "
                + "katib-controller is running and look at the trials (katib trials {3} --namespace {4})", ref,
                Durations.text(context.stallWarning()), summary(last), ref.name(), ref.namespace());
          }
          continue;
        }
        if (seen == CLOSED) {
          throw ClientContext.closedException(what);
        }
        if (seen == GONE) {
          if (goal == DELETION) {
            return null;
          }
          throw new ExperimentNotFoundException(ref, uid != null);
        }
        if (seen instanceof KatibApiException) {
          throw (KatibApiException) seen;
        }
        JsonObject object = (JsonObject) seen;
        if (uid == null) {
          uid = Json.uid(object);
        } else if (!uid.equals(Json.uid(object))) {
          // Deleted and created again under the same name: not the experiment this wait began with.
          if (goal == DELETION) {
            return null;
          }
          throw new ExperimentNotFoundException(ref, true);
        }
        Experiment experiment = Decoding.experiment(object);
        if (experiment.metadata().deletionTimestamp().isPresent() && goal != DELETION) {
          throw new ExperimentNotFoundException(ref, true);
        }
        // A deletion changes the metadata (finalizers going), a run the status.
        JsonObject status = goal == DELETION ? Json.object(object, "metadata") : Json.object(object, "status");
        if (!Objects.equals(status, lastStatus)) {
          lastStatus = status;
          lastChange = context.api().timing().nanoTime();
          warned = false;
        }
        last = experiment;
        boolean reached;
        try {
          reached = goal.reached(experiment);
        } catch (ExperimentFailedException e) {
          throw withDetail(e);
        }
        if (reached) {
          return experiment;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KatibException("interrupted while " + what, e);
    } finally {
      if (safety != null) {
        safety.cancel(false);
        safetyReads.cancel();
      }
      if (watcher != null) {
        watcher.close();
      }
    }
  }

  /**
   * Katib's Failed condition says only "Suggestion has failed" or "max failed count has reached"; the Suggestion's
   * own Failed condition ("Validation failed: ...") or the last failed trial's says why, so the exception carries
   * that too when it can be read.
   */
  private ExperimentFailedException withDetail(ExperimentFailedException e) {
    if (e.detail().isPresent()) {
      return e;
    }
    try {
      Optional<String> detail = e.experiment().status().map(ExperimentStatus::isSuggestionFailed).orElse(false)
          ? context.api().find(Paths.suggestion(ref)).map(Decoding::suggestion).flatMap(s -> s.status())
              .flatMap(s -> s.condition(SuggestionConditionType.FAILED)).map(Condition::message)
              .filter(m -> !m.isEmpty()).map(why -> "Suggestion " + ref + ": " + why)
          : ExperimentFailedException.trialFailures(context.trials(ref));
      return detail.map(why -> new ExperimentFailedException(e.experiment(), e.conditionReason(),
          e.conditionMessage(), why)).orElse(e);
    } catch (KatibException readFailed) {
      LOG.log(System.Logger.Level.DEBUG, "could not read why experiment {0} failed: {1}", ref,
          readFailed.getMessage());
      return e;
    }
  }

  private KatibTimeoutException timeout(Duration timeout, Goal goal, Experiment last, long unchangedNanos) {
    String waited = "Timed out after " + (timeout.isZero() ? "one look (timeout 0)" : Durations.text(timeout))
        + " waiting for experiment " + ref + " " + goal.description();
    String seen = last == null ? "it was never seen"
        : (goal == DELETION ? deletionSummary(last) : summary(last)) + ", unchanged for "
            + Durations.text(Duration.ofNanos(unchangedNanos));
    Optional<KubeApi.Outage> outage = context.api().outage();
    if (outage.isPresent()) {
      // What Katib did meanwhile is not known: the experiment may have moved on unseen.
      KubeApi.Outage down = outage.get();
      long ago = context.api().timing().nanoTime() - down.sinceNanos();
      return new KatibTimeoutException(waited + "; the API server has not answered since "
          + clockTime(ago) + " (" + Durations.text(Duration.ofNanos(ago)) + " ago; " + down.error()
          + "), so what happened meanwhile is not known; last seen before: " + seen + ". Check that the cluster is "
          + "reachable (kubectl get --raw /readyz with the same kubeconfig), then wait again", last, timeout);
    }
    if (last == null) {
      return new KatibTimeoutException(waited + "; last seen: " + seen + ", so the API server did not answer in "
          + "time. Wait longer, or check that the cluster is reachable", null, timeout);
    }
    if (goal == DELETION) {
      return new KatibTimeoutException(waited + "; last seen: " + seen + ". "
          + last.metadata().deletionTimestamp().map(since -> "It goes once its finalizers are removed: "
              + Deletions.holders(last.metadata().finalizers()) + "; or wait longer")
          .orElse("Delete it first"), last, timeout);
    }
    return new KatibTimeoutException(waited + "; last seen: " + seen + ". Wait longer, or look at its trials (katib "
        + "trials " + ref.name() + " --namespace " + ref.namespace() + ") and at katib-controller's log", last,
        timeout);
  }

  /** The wall-clock time {@code agoNanos} ago, as a person compares it with their clock: "14:03:07". */
  private static String clockTime(long agoNanos) {
    return java.time.LocalTime.now().minusNanos(agoNanos)
        .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss"));
  }

  /** "being deleted since ... (finalizers: ...)", or "not being deleted". */
  private static String deletionSummary(Experiment experiment) {
    return Deletions.state(experiment.metadata()).orElse("not being deleted");
  }

  /** "Running (ExperimentRunning: Experiment is running), trials 3 of 12: 1 succeeded, 2 running, 0 failed". */
  public static String summary(Experiment experiment) {
    ExperimentStatus status = experiment.status().orElse(null);
    if (status == null || status.conditions().isEmpty()) {
      return "no status yet (Katib's controller has not reconciled it)";
    }
    // The most recently changed condition that holds, as `kubectl get experiment` shows its type.
    String condition = status.conditions().stream().filter(c -> c.status() == ConditionStatus.TRUE)
        .reduce((a, b) -> b).map(c -> {
          String why = c.reason().isEmpty() ? c.message() : c.message().isEmpty() ? c.reason()
              : c.reason() + ": " + c.message();
          return c.type() + (why.isEmpty() ? "" : " (" + why + ")");
        }).orElse("no condition holds yet");
    String max = experiment.spec().maxTrialCount().isPresent()
        ? " of " + experiment.spec().maxTrialCount().getAsInt() : "";
    return condition + ", trials " + status.trials()
        + max + ": " + status.trialsSucceeded() + " succeeded, " + status.trialsRunning() + " running, "
        + status.trialsPending() + " pending, " + (status.trialsFailed() + status.trialMetricsUnavailable())
        + " failed";
  }
}
