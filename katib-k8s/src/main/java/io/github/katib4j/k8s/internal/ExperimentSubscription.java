package io.github.katib4j.k8s.internal;

import com.google.gson.JsonObject;
import io.github.katib4j.ExperimentListener;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.Subscription;
import io.github.katib4j.TrialEvent;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialConditionType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Follows one experiment and its trials (label {@code katib.kubeflow.org/experiment}) with two list-watches, and
 * tells a listener about every experiment change and every trial state change, starting with the current state.
 * After a relist (410 Gone) it compares with what it had seen, so a change made while the watch was down is reported
 * once, and nothing is reported twice.
 */
public final class ExperimentSubscription implements Subscription {
  private static final System.Logger LOG = System.getLogger("io.github.katib4j.k8s");

  private final ExperimentRef ref;
  private final ExperimentListener listener;
  private final Executor dispatch;
  private final ListWatcher experimentWatcher;
  private final ListWatcher trialWatcher;
  /** Touched only by the trial watcher's thread. */
  private final Map<String, Optional<TrialConditionType>> trialStates = new HashMap<>();
  /** Touched only by the experiment watcher's thread. */
  private String deliveredVersion = "";
  private volatile boolean closed;

  private ExperimentSubscription(ClientContext context, ExperimentRef ref, ExperimentListener listener,
      Executor listenerExecutor) {
    this.ref = ref;
    this.listener = listener;
    this.dispatch = new SerialExecutor(listenerExecutor);
    this.experimentWatcher = new ListWatcher(context.api(), Paths.experiments(ref.namespace()),
        Map.of("fieldSelector", "metadata.name=" + ref.name()), new ExperimentHandler(), context.pageSize(),
        "experiment " + ref);
    this.trialWatcher = new ListWatcher(context.api(), Paths.trials(ref.namespace()),
        Map.of("labelSelector", Trial.EXPERIMENT_LABEL + "=" + ref.name()), new TrialHandler(), context.pageSize(),
        "trials of experiment " + ref);
  }

  /** Starts following {@code ref}; listener calls run on {@code listenerExecutor}, one at a time. */
  public static Subscription start(ClientContext context, ExperimentRef ref, ExperimentListener listener,
      Executor listenerExecutor) {
    ExperimentSubscription subscription = new ExperimentSubscription(context, ref, listener, listenerExecutor);
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
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a listener of experiment " + ref + " threw; it stays subscribed", e);
      }
    });
  }

  private final class ExperimentHandler implements ListWatcher.Handler {
    @Override
    public void synced(List<JsonObject> items) {
      items.forEach(this::seen);
    }

    @Override
    public void changed(String type, JsonObject object) {
      if (!"DELETED".equals(type)) {
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
    public void synced(List<JsonObject> items) {
      Set<String> present = new HashSet<>();
      List<Trial> trials = new ArrayList<>();
      for (JsonObject item : items) {
        present.add(Json.name(item));
        decode(item).ifPresent(trials::add);
      }
      trialStates.keySet().retainAll(present);
      trials.sort(Decoding.CREATION_ORDER);
      trials.forEach(this::seen);
    }

    @Override
    public void changed(String type, JsonObject object) {
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

  @Override
  public void close() {
    closed = true;
    experimentWatcher.close();
    trialWatcher.close();
  }
}
