package io.github.katib4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.Budget;
import io.github.katib4j.ExperimentFailedException;
import io.github.katib4j.ExperimentListener;
import io.github.katib4j.ExperimentNotFoundException;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.Katib;
import io.github.katib4j.KatibException;
import io.github.katib4j.KatibTimeoutException;
import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Subscription;
import io.github.katib4j.TrialEvent;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentConditionType;
import io.github.katib4j.experiment.ExperimentStatus;
import io.github.katib4j.experiment.ObjectMeta;
import io.github.katib4j.experiment.OptimalTrial;
import io.github.katib4j.experiment.ResumePolicy;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialConditionType;
import io.github.katib4j.experiment.TrialStatus;
import io.github.katib4j.validation.ExperimentDefaults;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The scenarios every {@link Katib} engine must pass, whether it runs experiments on this machine or on a cluster:
 * extend it, say how to make an experiment with a given outcome, and how the engine is made to work towards it.
 *
 * <pre>{@code
 * class LocalKatibContractTest extends KatibContract {
 *   protected Katib katib() { return engine; }
 *   protected Experiment experiment(String name, Outcome outcome) { ... }
 *   protected void drive(ExperimentRef ref, Outcome outcome) {}   // the local engine runs the trials itself
 * }
 * }</pre>
 */
public abstract class KatibContract {
  /** The longest any scenario waits for an experiment to complete. */
  protected static final Duration COMPLETION = Duration.ofSeconds(60);

  /** What an experiment's trials do once the engine runs them. */
  public enum Outcome {
    /**
     * Every trial succeeds and reports the objective metric (minimized), each with a different value; the experiment
     * succeeds when {@code maxTrialCount} trials have completed (reason {@code ExperimentMaxTrialsReached}).
     */
    SUCCEED,
    /** Every trial fails; the experiment fails once {@code maxFailedTrialCount} have (reason ExperimentFailed). */
    FAIL,
    /** Trials start and keep running, so the experiment never completes. */
    HANG
  }

  /** The engine under test. */
  protected abstract Katib katib();

  /**
   * A new, valid experiment called {@code name} (in {@code katib().namespace()}) with {@code maxTrialCount} 3 and
   * {@code parallelTrialCount} at most 3, whose trials reach {@code outcome} when run; for {@link Outcome#FAIL},
   * {@code maxFailedTrialCount} is set.
   */
  protected abstract Experiment experiment(String name, Outcome outcome);

  /**
   * Makes the engine work on {@code ref} towards {@code outcome} in the background, and keeps doing so after budget
   * changes until the experiment is deleted: a no-op for engines that run trials themselves; a stand-in for Katib's
   * controller for a cluster without one.
   */
  protected abstract void drive(ExperimentRef ref, Outcome outcome);

  /** A name no other scenario uses: {@code <prefix>-<random>}, within Katib's 40 characters. */
  protected static String uniqueName(String prefix) {
    return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
  }

  private Experiment submit(String prefix, Outcome outcome) {
    Experiment created = katib().create(experiment(uniqueName(prefix), outcome));
    drive(ExperimentRef.of(created), outcome);
    return created;
  }

  /** Polls {@code condition} (for a precondition, not for what is under test) until it holds or 30 s pass. */
  protected static <T> T eventually(String what, Supplier<Optional<T>> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> value = condition.get();
      if (value.isPresent()) {
        return value.get();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  @Test
  void create_validExperiment_returnsItAsStoredAndGetFindsIt() {
    Experiment sent = experiment(uniqueName("create"), Outcome.HANG);

    Experiment created = katib().create(sent);
    Experiment read = katib().get(ExperimentRef.of(created));

    assertThat(created.name()).isEqualTo(sent.name());
    assertThat(created.namespace()).isEqualTo(katib().namespace());
    assertThat(read.name()).isEqualTo(sent.name());
    // An engine may store the experiment with Katib's defaults applied, as Katib's mutating webhook does.
    assertThat(ExperimentDefaults.apply(read).spec().objective())
        .isEqualTo(ExperimentDefaults.apply(sent).spec().objective());
    assertThat(ExperimentDefaults.apply(read).spec().parameters())
        .isEqualTo(ExperimentDefaults.apply(sent).spec().parameters());
    assertThat(read.spec().maxTrialCount()).isEqualTo(sent.spec().maxTrialCount());
    assertThat(katib().get(created.name()).name()).isEqualTo(sent.name());
  }

  @Test
  void create_withGenerateName_returnsTheGeneratedName() {
    Experiment named = experiment(uniqueName("gen"), Outcome.HANG);
    Experiment sent = named.withMetadata(ObjectMeta.builder().from(named.metadata()).name("")
        .generateName("gen-").build());

    Experiment created = katib().create(sent);

    assertThat(created.name()).startsWith("gen-").hasSizeGreaterThan("gen-".length());
    assertThat(katib().find(ExperimentRef.of(created))).isPresent();
  }

  @Test
  void create_invalidExperiment_throwsEveryProblemWithItsFieldPath() {
    Experiment valid = experiment(uniqueName("invalid"), Outcome.HANG);
    Experiment invalid = valid.withSpec(valid.spec().withParallelTrialCount(5).withMaxFailedTrialCount(-1));

    assertThatThrownBy(() -> katib().create(invalid))
        .isInstanceOf(KatibValidationException.class)
        .hasMessageContaining("spec.parallelTrialCount")
        .hasMessageContaining("spec.maxFailedTrialCount");
    assertThat(katib().find(ExperimentRef.of(valid))).isEmpty();
  }

  @Test
  void create_nameTaken_throwsAndKeepsTheFirst() {
    Experiment first = katib().create(experiment(uniqueName("taken"), Outcome.HANG));

    assertThatThrownBy(() -> katib().create(experiment(first.name(), Outcome.HANG)))
        .isInstanceOf(KatibException.class)
        .hasMessageContaining(first.name())
        .hasMessageContaining("already");
    assertThat(katib().list(katib().namespace())).filteredOn(e -> e.name().equals(first.name())).hasSize(1);
  }

  @Test
  void get_missingExperiment_throwsNotFoundAndFindIsEmpty() {
    ExperimentRef missing = ExperimentRef.of(katib().namespace(), uniqueName("missing"));

    assertThat(katib().find(missing)).isEmpty();
    assertThatThrownBy(() -> katib().get(missing))
        .isInstanceOf(ExperimentNotFoundException.class)
        .satisfies(e -> assertThat(((ExperimentNotFoundException) e).deletedWhileWaiting()).isFalse());
  }

  @Test
  void list_containsEveryCreatedExperiment() {
    Experiment a = katib().create(experiment(uniqueName("list-a"), Outcome.HANG));
    Experiment b = katib().create(experiment(uniqueName("list-b"), Outcome.HANG));

    List<String> names = katib().list(katib().namespace()).stream().map(Experiment::name)
        .collect(Collectors.toList());

    assertThat(names).contains(a.name(), b.name());
  }

  /**
   * Makes the experiment {@code ref}, created with outcome {@link Outcome#HANG}, one the engine cannot read (the local
   * engine: a damaged journal), and returns true; false, the default, when the engine cannot be made to hold such an
   * experiment.
   */
  protected boolean makeUnreadable(ExperimentRef ref) {
    return false;
  }

  @Test
  void list_withAnExperimentTheEngineCannotRead_returnsTheOthers_andFindThrowsForIt() {
    Experiment readable = katib().create(experiment(uniqueName("readable"), Outcome.HANG));
    Experiment unreadable = katib().create(experiment(uniqueName("unreadable"), Outcome.HANG));
    Assumptions.assumeTrue(makeUnreadable(ExperimentRef.of(unreadable)), "this engine cannot be made to hold an "
        + "experiment it cannot read");

    List<String> names = katib().list(katib().namespace()).stream().map(Experiment::name)
        .collect(Collectors.toList());

    assertThat(names).contains(readable.name()).doesNotContain(unreadable.name());
    assertThatThrownBy(() -> katib().find(ExperimentRef.of(unreadable))).isInstanceOf(KatibException.class)
        .hasMessageContaining(unreadable.name());
  }

  @Test
  void awaitCompletion_succeedingExperiment_returnsItSucceededWithItsTrials() {
    Experiment created = submit("succeed", Outcome.SUCCEED);
    ExperimentRef ref = ExperimentRef.of(created);

    Experiment done = katib().awaitCompletion(ref, COMPLETION);

    ExperimentStatus status = done.status().orElseThrow();
    assertThat(status.isSucceeded()).isTrue();
    assertThat(status.condition(ExperimentConditionType.SUCCEEDED).orElseThrow().reason())
        .isEqualTo("ExperimentMaxTrialsReached");
    assertThat(status.trialsSucceeded()).isEqualTo(created.spec().maxTrialCount().getAsInt());
    List<Trial> trials = katib().trials(ref);
    assertThat(trials).hasSize(status.trials());
    assertThat(trials).allSatisfy(t -> {
      assertThat(t.status().flatMap(s -> s.state())).hasValue(TrialConditionType.SUCCEEDED);
      assertThat(t.status().flatMap(s -> s.observation()).flatMap(o -> o.metric(objectiveMetric(created))))
          .isPresent();
    });
    assertThat(trials.stream().map(Trial::name).collect(Collectors.toList()))
        .containsExactlyInAnyOrderElementsOf(status.succeededTrialList());
  }

  @Test
  void awaitOptimalTrial_succeedingExperiment_returnsTheTrialWithTheBestObjective() {
    Experiment created = submit("optimal", Outcome.SUCCEED);
    ExperimentRef ref = ExperimentRef.of(created);

    OptimalTrial best = katib().awaitOptimalTrial(ref, COMPLETION);

    String metric = objectiveMetric(created);
    Trial lowest = katib().trials(ref).stream()
        .min((x, y) -> Double.compare(objective(x, metric), objective(y, metric))).orElseThrow();
    assertThat(best.bestTrialName()).isEqualTo(lowest.name());
    assertThat(best.parameterAssignments()).isEqualTo(lowest.spec().parameterAssignments());
    assertThat(best.observation().metric(metric)).isPresent();
  }

  @Test
  void awaitCompletion_failingExperiment_throwsFailedWithKatibsReason() {
    Experiment created = submit("fail", Outcome.FAIL);

    assertThatThrownBy(() -> katib().awaitCompletion(ExperimentRef.of(created), COMPLETION))
        .isInstanceOf(ExperimentFailedException.class)
        .hasMessageContaining(created.name())
        .satisfies(e -> {
          ExperimentFailedException failed = (ExperimentFailedException) e;
          assertThat(failed.conditionReason()).isEqualTo("ExperimentFailed");
          assertThat(failed.conditionMessage()).contains("max failed count");
          assertThat(failed.experiment().status().orElseThrow().isFailed()).isTrue();
          // Katib's condition names no trial; the detail says what the last one to fail had said when the wait saw
          // the experiment fail (trials still running then may fail later).
          String detail = failed.detail().orElseThrow();
          assertThat(detail).matches("(1 trial failed: |\\d+ trials failed; the last, ).*");
          // An engine may add what it knows beyond the condition, in parentheses (the local engine: the exit code).
          assertThat(katib().trials(ExperimentRef.of(created)))
              .filteredOn(t -> t.status().flatMap(TrialStatus::failure).isPresent())
              .anySatisfy(t -> assertThat(detail).containsPattern(Pattern.quote(" " + t.name() + ": "
                  + t.status().flatMap(TrialStatus::failure).orElseThrow().message()) + "( \\(.*\\))?$"));
          assertThat(failed.getMessage()).contains(failed.detail().orElseThrow());
        });
  }

  @Test
  void awaitCompletion_experimentThatDoesNotEnd_timesOutSayingWhatWasLastSeen() {
    Experiment created = submit("hang", Outcome.HANG);
    ExperimentRef ref = ExperimentRef.of(created);
    eventually("a running trial", () -> katib().trials(ref).stream()
        .filter(t -> t.status().flatMap(s -> s.state()).isPresent()).findFirst());

    long start = System.nanoTime();
    assertThatThrownBy(() -> katib().awaitCompletion(ref, Duration.ofSeconds(2)))
        .isInstanceOf(KatibTimeoutException.class)
        .hasMessageContaining(created.name())
        .satisfies(e -> {
          KatibTimeoutException timeout = (KatibTimeoutException) e;
          assertThat(timeout.timeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(timeout.lastSeen()).hasValueSatisfying(x -> assertThat(x.name()).isEqualTo(created.name()));
          assertThat(timeout.retryable()).isTrue();
        });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void awaitCompletion_experimentDeletedWhileWaiting_throwsNotFoundSayingSo() throws Exception {
    Experiment created = submit("deleted", Outcome.HANG);
    ExperimentRef ref = ExperimentRef.of(created);
    Thread deleter = new Thread(() -> {
      sleep(Duration.ofMillis(700));
      katib().delete(ref);
    });

    deleter.start();
    try {
      assertThatThrownBy(() -> katib().awaitCompletion(ref, COMPLETION))
          .isInstanceOf(ExperimentNotFoundException.class)
          .hasMessageContaining("deleted while waiting")
          .satisfies(e -> assertThat(((ExperimentNotFoundException) e).deletedWhileWaiting()).isTrue());
    } finally {
      deleter.join();
    }
  }

  @Test
  void awaitCompletion_negativeTimeout_isRefusedSayingWhatZeroDoes() {
    ExperimentRef ref = ExperimentRef.of(submit("backwards", Outcome.HANG));

    assertThatThrownBy(() -> katib().awaitCompletion(ref, Duration.ofSeconds(-5)))
        .isExactlyInstanceOf(KatibException.class)
        .hasMessage("The timeout of the wait for experiment " + ref + " to complete must not be negative, found "
            + "PT-5S; pass Duration.ZERO to look once without waiting");
  }

  @Test
  void awaitCompletion_missingExperiment_throwsNotFoundAtOnce() {
    ExperimentRef missing = ExperimentRef.of(katib().namespace(), uniqueName("never"));

    assertThatThrownBy(() -> katib().awaitCompletion(missing, COMPLETION))
        .isInstanceOf(ExperimentNotFoundException.class)
        .satisfies(e -> assertThat(((ExperimentNotFoundException) e).deletedWhileWaiting()).isFalse());
  }

  @Test
  void watch_succeedingExperiment_reportsEveryTrialStateChangeInOrder() {
    Experiment created = katib().create(experiment(uniqueName("watch"), Outcome.SUCCEED));
    ExperimentRef ref = ExperimentRef.of(created);
    List<TrialEvent> events = new CopyOnWriteArrayList<>();
    List<Experiment> changes = new CopyOnWriteArrayList<>();

    try (Subscription subscription = katib().watch(ref, new ExperimentListener() {
      @Override
      public void onTrial(TrialEvent event) {
        events.add(event);
      }

      @Override
      public void onExperiment(Experiment experiment) {
        changes.add(experiment);
      }
    })) {
      drive(ref, Outcome.SUCCEED);
      katib().awaitCompletion(ref, COMPLETION);
      eventually("the listener to see the experiment succeed", () -> changes.stream()
          .filter(e -> e.status().map(ExperimentStatus::isSucceeded).orElse(false)).findFirst());
    }

    List<Trial> trials = katib().trials(ref);
    assertThat(trials).isNotEmpty();
    for (Trial trial : trials) {
      List<TrialEvent> ofTrial = events.stream().filter(e -> e.trial().name().equals(trial.name()))
          .collect(Collectors.toList());
      assertThat(ofTrial).as("events of %s: %s", trial.name(), ofTrial).isNotEmpty();
      assertThat(ofTrial.get(ofTrial.size() - 1).state()).hasValue(TrialConditionType.SUCCEEDED);
      for (int i = 1; i < ofTrial.size(); i++) {
        assertThat(ofTrial.get(i).previousState()).isEqualTo(ofTrial.get(i - 1).state());
        assertThat(ofTrial.get(i).state()).isNotEqualTo(ofTrial.get(i - 1).state());
      }
    }
    assertThat(events).allSatisfy(e -> assertThat(e.experiment()).isEqualTo(ref));
  }

  @Test
  void watch_listenerThatThrowsAnError_missesNoLaterEvent_andKeepsNoOtherListenerFromItsCall() {
    Experiment created = katib().create(experiment(uniqueName("throwing"), Outcome.SUCCEED));
    ExperimentRef ref = ExperimentRef.of(created);
    List<TrialEvent> thrownAt = new CopyOnWriteArrayList<>();
    List<TrialEvent> seenAfter = new CopyOnWriteArrayList<>();

    // Each call throws, as a test's failed assertion in a listener would; the second listener is called after it.
    try (Subscription throwing = katib().watch(ref, new ExperimentListener() {
          @Override
          public void onTrial(TrialEvent event) {
            thrownAt.add(event);
            throw new AssertionError("listener assertion for " + event);
          }

          @Override
          public void onExperiment(Experiment experiment) {
            throw new AssertionError("listener assertion for the experiment");
          }
        });
        Subscription after = katib().watch(ref, new ExperimentListener() {
          @Override
          public void onTrial(TrialEvent event) {
            seenAfter.add(event);
          }
        })) {
      drive(ref, Outcome.SUCCEED);
      katib().awaitCompletion(ref, COMPLETION);
      List<Trial> trials = katib().trials(ref);
      for (List<TrialEvent> events : List.of(thrownAt, seenAfter)) {
        eventually("both listeners to see every trial succeed", () -> Optional.of(events).filter(seen -> trials
            .stream().allMatch(t -> seen.stream().anyMatch(e -> e.trial().name().equals(t.name())
                && e.state().equals(Optional.of(TrialConditionType.SUCCEEDED))))));
      }
    }
  }

  @Test
  void watch_experimentDeleted_tellsTheListenerOnceAndLast() {
    Experiment created = submit("unwatched", Outcome.HANG);
    ExperimentRef ref = ExperimentRef.of(created);
    List<String> calls = new CopyOnWriteArrayList<>();

    try (Subscription subscription = katib().watch(ref, new ExperimentListener() {
      @Override
      public void onTrial(TrialEvent event) {
        calls.add("trial " + event);
      }

      @Override
      public void onExperiment(Experiment experiment) {
        calls.add("experiment");
      }

      @Override
      public void onDeleted(ExperimentRef experiment) {
        calls.add("deleted " + experiment);
      }
    })) {
      eventually("the listener's first call", () -> calls.stream().findFirst());
      katib().delete(ref);
      eventually("the listener to hear of the deletion", () -> calls.stream().filter(c -> c.startsWith("deleted"))
          .findFirst());
      sleep(Duration.ofMillis(500));
    }

    assertThat(calls).filteredOn(c -> c.startsWith("deleted")).containsExactly("deleted " + ref);
    assertThat(calls).last().isEqualTo("deleted " + ref);
  }

  @Test
  void watch_withoutAListener_isRefusedAtOnce_andASubscriptionSaysWhatItIs() {
    Experiment created = submit("described", Outcome.HANG);
    ExperimentRef ref = ExperimentRef.of(created);
    ExperimentListener listener = new ExperimentListener() {
      @Override
      public String toString() {
        return "the-listener";
      }
    };

    assertThatThrownBy(() -> katib().watch(ref, null)).isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("listener");
    Subscription subscription = katib().watch(ref, listener);
    assertThat(subscription).hasToString("Subscription of the-listener to experiment " + ref + " (open)");
    subscription.close();
    assertThat(subscription).hasToString("Subscription of the-listener to experiment " + ref + " (closed)");
  }

  @Test
  void trialsAndList_areUnmodifiable() {
    Experiment created = submit("unmodifiable", Outcome.HANG);
    ExperimentRef ref = ExperimentRef.of(created);

    assertThatThrownBy(() -> katib().trials(ref).clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> katib().list(ref.namespace()).clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void watch_missingExperiment_throwsNotFound() {
    ExperimentRef missing = ExperimentRef.of(katib().namespace(), uniqueName("unwatched"));

    assertThatThrownBy(() -> katib().watch(missing, new ExperimentListener() {}))
        .isInstanceOf(ExperimentNotFoundException.class);
  }

  @Test
  void editBudget_runningExperiment_changesTheCountsAndReturnsTheUpdate() {
    Experiment created = submit("budget", Outcome.HANG);
    ExperimentRef ref = ExperimentRef.of(created);

    Experiment updated = katib().editBudget(ref, Budget.unchanged().withMaxTrialCount(7)
        .withParallelTrialCount(2).withMaxFailedTrialCount(2));

    assertThat(updated.spec().maxTrialCount()).hasValue(7);
    assertThat(updated.spec().parallelTrialCount()).hasValue(2);
    assertThat(updated.spec().maxFailedTrialCount()).hasValue(2);
    assertThat(katib().get(ref).spec().maxTrialCount()).hasValue(7);
    assertThat(katib().get(ref).spec().objective()).isEqualTo(created.spec().objective());
  }

  @Test
  void editBudget_maxTrialCountNotAboveCreatedTrials_isRefusedWithKatibsRule() {
    Experiment created = submit("lower", Outcome.HANG);
    ExperimentRef ref = ExperimentRef.of(created);
    int trials = eventually("a trial in the status", () -> katib().get(ref).status().map(ExperimentStatus::trials)
        .filter(n -> n > 0));

    assertThatThrownBy(() -> katib().editBudget(ref, Budget.unchanged().withMaxTrialCount(trials)))
        .isInstanceOf(KatibValidationException.class)
        .hasMessageStartingWith("The budget change (maxTrialCount " + trials + ") of experiment \"" + ref + "\" has")
        .hasMessageContaining("spec.maxTrialCount")
        .hasMessageContaining("[U2]");
    assertThat(katib().get(ref).spec().maxTrialCount()).isEqualTo(created.spec().maxTrialCount());
  }

  @Test
  void editBudget_succeededNeverResumeExperiment_isRefusedBecauseItCannotRestart() {
    Experiment created = submit("norestart", Outcome.SUCCEED);
    ExperimentRef ref = ExperimentRef.of(created);
    katib().awaitCompletion(ref, COMPLETION);

    assertThatThrownBy(() -> katib().editBudget(ref, Budget.unchanged().withMaxTrialCount(10)))
        .isInstanceOf(KatibValidationException.class)
        .hasMessageContaining("[U1]");
  }

  @Test
  void editBudget_raisingMaxTrialsOfSucceededLongRunningExperiment_restartsItForTheNewTrials() {
    Experiment base = experiment(uniqueName("restart"), Outcome.SUCCEED);
    Experiment created = katib().create(base.withSpec(base.spec().withResumePolicy(ResumePolicy.LONG_RUNNING)));
    ExperimentRef ref = ExperimentRef.of(created);
    drive(ref, Outcome.SUCCEED);
    int first = katib().awaitCompletion(ref, COMPLETION).status().orElseThrow().trials();

    Experiment restarted = katib().editBudget(ref, Budget.unchanged().withMaxTrialCount(first + 2));
    Experiment done = katib().awaitCompletion(ref, COMPLETION);

    assertThat(restarted.spec().maxTrialCount()).hasValue(first + 2);
    assertThat(restarted.status().map(ExperimentStatus::isCompleted)).hasValue(false);
    assertThat(done.status().orElseThrow().trialsSucceeded()).isEqualTo(first + 2);
    assertThat(katib().trials(ref)).hasSize(first + 2);
  }

  @Test
  void delete_existingExperiment_removesIt() {
    Experiment created = submit("delete", Outcome.HANG);
    ExperimentRef ref = ExperimentRef.of(created);

    katib().delete(ref);

    eventually("the experiment to be gone", () -> katib().find(ref).isEmpty() ? Optional.of(true)
        : Optional.empty());
    assertThatThrownBy(() -> katib().delete(ref)).isInstanceOf(ExperimentNotFoundException.class);
  }

  private static String objectiveMetric(Experiment experiment) {
    return experiment.spec().objective().orElseThrow().objectiveMetricName();
  }

  /** The objective value Katib compares for a minimized objective: the metric's min. */
  private static double objective(Trial trial, String metric) {
    return trial.status().flatMap(s -> s.observation()).flatMap(o -> o.metric(metric))
        .flatMap(m -> m.minValue().isPresent() ? Optional.of(m.minValue().getAsDouble()) : Optional.empty())
        .orElse(Double.MAX_VALUE);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
