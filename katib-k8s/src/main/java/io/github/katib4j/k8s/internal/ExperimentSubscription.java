package io.github.katib4j.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.ExperimentListener;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.Subscription;
import io.github.katib4j.TrialEvent;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialConditionType;
import io.github.katib4j.k8s.KatibApiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Follows one experiment and its trials (label {@code katib.kubeflow.org/experiment}) with two list-watches, and
 * tells a listener about every experiment change and every trial state change, starting with the current state.
 * After a relist (410 Gone) it compares with what it had seen, so a change made while the watch was down is reported
 * once, and nothing is reported twice. It follows the experiment of the uid it started with: when that one is
 * deleted (or replaced by a new experiment of the same name) the listener hears {@code onDeleted} and the
 * subscription ends; trials owned by another experiment of the same name are ignored.
 */
public final class ExperimentSubscription implements Subscription {
  private static final System.Logger LOG = System.getLogger("io.github.katib4j.k8s");

  private final ExperimentRef ref;
  private final String uid;
  private final ExperimentListener listener;
  private final Runnable onEnd;
  private final Executor dispatch;
  private final ListWatcher experimentWatcher;
  private final ListWatcher trialWatcher;
  /** Touched only by the trial watcher's thread. */
  private final Map<String, Optional<TrialConditionType>> trialStates = new HashMap<>();
  /** Touched only by the experiment watcher's thread. */
  private String deliveredVersion = "";
  /** Closed by the caller: no more listener calls, not even those already queued. */
  private volatile boolean closed;
  /** Ended because the experiment is gone: the watches stop, the calls already queued (onDeleted last) still run. */
  private final AtomicBoolean ended = new AtomicBoolean();

  private ExperimentSubscription(ClientContext context, ExperimentRef ref, String uid, ExperimentListener listener,
      Executor listenerExecutor, Runnable onEnd) {
    this.ref = ref;
    this.uid = uid;
    this.listener = listener;
    this.onEnd = onEnd;
    this.dispatch = new SerialExecutor(listenerExecutor);
    this.experimentWatcher = new ListWatcher(context.api(), Paths.experiments(ref.namespace()),
        Map.of("fieldSelector", "metadata.name=" + ref.name()), new ExperimentHandler(), context.pageSize(),
        "experiment " + ref);
    this.trialWatcher = new ListWatcher(context.api(), Paths.trials(ref.namespace()),
        Map.of("labelSelector", Trial.EXPERIMENT_LABEL + "=" + ref.name()), new TrialHandler(), context.pageSize(),
        "trials of experiment " + ref);
  }

  /**
   * Starts following {@code ref}, the experiment with {@code uid}; listener calls run on {@code listenerExecutor},
   * one at a time; {@code onEnd} runs when the subscription ends because the experiment is gone.
   */
  public static ExperimentSubscription start(ClientContext context, ExperimentRef ref, String uid,
      ExperimentListener listener, Executor listenerExecutor, Runnable onEnd) {
    ExperimentSubscription subscription = new ExperimentSubscription(context, ref, uid, listener, listenerExecutor,
        onEnd);
    subscription.experimentWatcher.start(context.threads());
    subscription.trialWatcher.start(context.threads());
    return subscription;
  }

  private void deliver(Runnable call) {
    dispatch.execute(() -> {
      if (closed) {
        return;
      }
      try {
        call.run();
      } catch (VirtualMachineError e) {
        // The JVM's trouble (out of memory, say), not the listener's: the executor's thread reports it.
        throw e;
      } catch (RuntimeException | Error e) {
        // An Error too, such as a test's AssertionError: the listener misses no later call.
        LOG.log(System.Logger.Level.WARNING, "a listener of experiment " + ref + " threw; it stays subscribed", e);
      }
    });
  }

  /** A failure retrying does not fix by itself: tell the listener, once (the watcher reports each once). */
  private void failed(String what, KatibApiException e) {
    boolean stopped = e.statusCode() == 401 || e.statusCode() == 403;
    KatibException failure = new KatibException((stopped ? "Stopped following " : "Cannot follow, for now, ") + what
        + ", so its changes are not reported" + (stopped ? "" : " until this is fixed") + ": " + e.getMessage(), e);
    deliver(() -> listener.onFailure(failure));
  }

  /** The experiment is gone: tell the listener, last, and stop watching. */
  private void deleted() {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    deliver(() -> listener.onDeleted(ref));
    experimentWatcher.close();
    trialWatcher.close();
    onEnd.run();
  }

  /** Whether {@code trial} belongs to another experiment than the one followed, one of the same name. */
  private boolean ownedByAnother(JsonObject trial) {
    JsonElement owners = Json.object(trial, "metadata").get("ownerReferences");
    if (owners == null || !owners.isJsonArray() || owners.getAsJsonArray().isEmpty()) {
      return false;
    }
    for (JsonElement owner : owners.getAsJsonArray()) {
      if (owner.isJsonObject() && uid.equals(Json.string(owner.getAsJsonObject(), "uid"))) {
        return false;
      }
    }
    return true;
  }

  private final class ExperimentHandler implements ListWatcher.Handler {
    @Override
    public void failed(KatibApiException e) {
      ExperimentSubscription.this.failed("experiment " + ref, e);
    }

    @Override
    public void synced(List<JsonObject> items) {
      // The list selects the name; the experiment followed is the one with its uid.
      Optional<JsonObject> same = items.stream().filter(i -> uid.equals(Json.uid(i))).findFirst();
      if (same.isEmpty()) {
        deleted();
      } else {
        seen(same.get());
      }
    }

    @Override
    public void changed(String type, JsonObject object) {
      if (ended.get()) {
        return;
      }
      if (!uid.equals(Json.uid(object)) || "DELETED".equals(type)) {
        // DELETED, or an experiment of the same name with another uid: the one followed was deleted (its own DELETED
        // event may have been missed while the watch was down).
        deleted();
      } else {
        seen(object);
      }
    }

    private void seen(JsonObject object) {
      String version = Json.resourceVersion(object);
      if (version.equals(deliveredVersion)) {
        return;
      }
      deliveredVersion = version;
      Experiment experiment;
      try {
        experiment = Decoding.experiment(object);
      } catch (KatibException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot read experiment {0}: {1}", ref, e.getMessage());
        return;
      }
      deliver(() -> listener.onExperiment(experiment));
    }
  }

  private final class TrialHandler implements ListWatcher.Handler {
    @Override
    public void failed(KatibApiException e) {
      ExperimentSubscription.this.failed("the trials of experiment " + ref, e);
    }

    @Override
    public void synced(List<JsonObject> items) {
      Set<String> present = new HashSet<>();
      List<Trial> trials = new ArrayList<>();
      for (JsonObject item : items) {
        if (ownedByAnother(item)) {
          continue;
        }
        present.add(Json.name(item));
        decode(item).ifPresent(trials::add);
      }
      trialStates.keySet().retainAll(present);
      trials.sort(Decoding.CREATION_ORDER);
      trials.forEach(this::seen);
    }

    @Override
    public void changed(String type, JsonObject object) {
      if (ended.get() || ownedByAnother(object)) {
        return;
      }
      if ("DELETED".equals(type)) {
        trialStates.remove(Json.name(object));
      } else {
        decode(object).ifPresent(this::seen);
      }
    }

    private Optional<Trial> decode(JsonObject object) {
      try {
        return Optional.of(Decoding.trial(object));
      } catch (KatibException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot read trial {0} of experiment {1}: {2}", Json.name(object), ref,
            e.getMessage());
        return Optional.empty();
      }
    }

    private void seen(Trial trial) {
      Optional<TrialConditionType> state = trial.status().flatMap(s -> s.state());
      Optional<TrialConditionType> before = trialStates.put(trial.name(), state);
      if (before == null || !before.equals(state)) {
        TrialEvent event = TrialEvent.of(ref, trial, before == null ? null : before.orElse(null));
        deliver(() -> listener.onTrial(event));
      }
    }
  }

  /** Whether it ended because the experiment is gone. */
  public boolean isEnded() {
    return ended.get();
  }

  @Override
  public void close() {
    closed = true;
    experimentWatcher.close();
    trialWatcher.close();
  }
}
