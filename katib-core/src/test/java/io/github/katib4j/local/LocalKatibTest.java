package io.github.katib4j.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.Budget;
import io.github.katib4j.ExperimentFailedException;
import io.github.katib4j.ExperimentListener;
import io.github.katib4j.ExperimentNotFoundException;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.KatibTimeoutException;
import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Subscription;
import io.github.katib4j.TrialEvent;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.EarlyStopping;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentStatus;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.OptimalTrial;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ResumePolicy;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialConditionType;
import io.github.katib4j.experiment.TrialStatus;
import io.github.katib4j.report.ExperimentReport;
import io.github.katib4j.report.TrialRow;
import io.github.katib4j.validation.ExperimentValidator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalKatibTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private LocalKatib katib;

  @BeforeEach
  void engine() {
    katib = LocalKatib.builder().directory(dir).seed(7).build();
  }

  @AfterEach
  void close() {
    katib.close();
  }

  static Experiment.Builder quadratic(String name) {
    return Experiment.builder()
        .name(name)
        .objective(Objective.minimize("loss"))
        .algorithm(Algorithm.random())
        .parameters(Parameter.doubleRange("x", -5, 5), Parameter.doubleRange("y", -5, 5))
        .parallelTrialCount(3)
        .maxTrialCount(12);
  }

  static Map<String, Double> loss(TrialContext trial) {
    double x = trial.doubleValue("x");
    double y = trial.doubleValue("y");
    return Map.of("loss", (x - 1) * (x - 1) + (y + 2) * (y + 2));
  }

  private static ExperimentStatus status(Experiment experiment) {
    return experiment.status().orElseThrow();
  }

  @Test
  void functionTrials_runToTheTrialBudget_likeKatib() {
    Experiment done = katib.run(quadratic("budget").build(), LocalKatibTest::loss, TIMEOUT);

    ExperimentStatus status = status(done);
    assertThat(status.isSucceeded()).isTrue();
    assertThat(status.condition(io.github.katib4j.experiment.ExperimentConditionType.SUCCEEDED).orElseThrow()
        .reason()).isEqualTo("ExperimentMaxTrialsReached");
    assertThat(status.trials()).isEqualTo(12);
    assertThat(status.trialsSucceeded()).isEqualTo(12);
    assertThat(status.succeededTrialList()).hasSize(12);
    assertThat(status.isRunning()).isFalse();
    assertThat(status.completionTime()).isPresent();

    List<Trial> trials = katib.trials(ExperimentRef.of(done));
    Trial best = trials.stream().min((a, b) -> Double.compare(lossOf(a), lossOf(b))).orElseThrow();
    OptimalTrial optimal = status.optimalTrial().orElseThrow();
    assertThat(optimal.bestTrialName()).isEqualTo(best.name());
    assertThat(optimal.parameterAssignments()).isEqualTo(best.spec().parameterAssignments());
    assertThat(trials).allSatisfy(t -> {
      assertThat(t.name()).matches("budget-[bcdfghjklmnpqrstvwxz2456789]{8}");
      assertThat(t.metadata().labels()).containsEntry(Trial.EXPERIMENT_LABEL, "budget");
      assertThat(t.status().orElseThrow().is(TrialConditionType.SUCCEEDED)).isTrue();
      assertThat(t.status().orElseThrow().condition(TrialConditionType.RUNNING).orElseThrow().status().wireName())
          .isEqualTo("False");
    });
    assertThat(Files.exists(katib.directory(ExperimentRef.of(done)).resolve("journal.log"))).isTrue();
  }

  @Test
  void functionTrials_getTheirDirectoriesOnlyWhenTheyAskForThem() {
    Set<String> asked = ConcurrentHashMap.newKeySet();

    Experiment done = katib.run(quadratic("lazy").parallelTrialCount(2).maxTrialCount(6).build(), trial -> {
      if (trial.trialName().hashCode() % 2 == 0) {
        assertThat(trial.checkpointDirectory()).isEmptyDirectory().startsWith(trial.directory());
        asked.add(trial.trialName());
      }
      return loss(trial);
    }, TIMEOUT);

    assertThat(asked).as("trials that asked for their checkpoint folder").isNotEmpty().hasSizeLessThan(6);
    Path trialsDir = katib.directory(ExperimentRef.of(done)).resolve("trials");
    assertThat(katib.trials(ExperimentRef.of(done))).hasSize(6).allSatisfy(t -> assertThat(Files.exists(
        trialsDir.resolve(t.name()))).as(t.name() + " has a directory").isEqualTo(asked.contains(t.name())));
  }

  private static double lossOf(Trial trial) {
    return trial.status().orElseThrow().observation().orElseThrow().metric("loss").orElseThrow().minValue()
        .orElseThrow();
  }

  @Test
  void goal_endsTheExperimentAsSoonAsATrialReachesIt() {
    Experiment experiment = quadratic("goal").objective(Objective.minimize("loss").goal(1000)).maxTrialCount(50)
        .parallelTrialCount(1).build();

    Experiment done = katib.run(experiment, LocalKatibTest::loss, TIMEOUT);

    assertThat(status(done).condition(io.github.katib4j.experiment.ExperimentConditionType.SUCCEEDED).orElseThrow()
        .reason()).isEqualTo("ExperimentGoalReached");
    assertThat(status(done).trials()).isEqualTo(1);
  }

  @Test
  void failures_failTheExperimentAtMaxFailedTrialCount_withKatibsReason() {
    Experiment experiment = quadratic("failing").maxFailedTrialCount(2).parallelTrialCount(1).build();

    assertThatThrownBy(() -> katib.run(experiment, trial -> {
      throw new IllegalStateException("diverged");
    }, TIMEOUT))
        .isInstanceOf(ExperimentFailedException.class)
        .satisfies(e -> {
          ExperimentFailedException failed = (ExperimentFailedException) e;
          assertThat(failed.conditionReason()).isEqualTo("ExperimentFailed");
          assertThat(failed.conditionMessage()).isEqualTo("Experiment has failed because max failed count has reached");
          assertThat(status(failed.experiment()).trialsFailed()).isEqualTo(2);
          assertThat(failed.detail()).hasValueSatisfying(detail -> assertThat(detail)
              .matches("2 trials failed; the last, failing-[a-z0-9]+: Trial has failed\\. Job message: "
                  + "java\\.lang\\.IllegalStateException: diverged \\(stack trace in .*exception\\.txt\\)"));
          assertThat(failed.getMessage()).endsWith("(" + failed.detail().orElseThrow() + ")");
        });
    List<Trial> trials = katib.trials(ExperimentRef.of("default", "failing"));
    assertThat(trials.get(0).status().orElseThrow().condition(TrialConditionType.FAILED).orElseThrow().message())
        .startsWith("Trial has failed. Job message: java.lang.IllegalStateException: diverged");
  }

  @Test
  void failedExperiment_awaitedFromAnotherEngine_throwsFailedAsTheEngineThatRanItDid() {
    Experiment experiment = quadratic("failed-before").maxFailedTrialCount(1).parallelTrialCount(1).build();
    assertThatThrownBy(() -> katib.run(experiment, trial -> {
      throw new IllegalStateException("diverged");
    }, TIMEOUT)).isInstanceOf(ExperimentFailedException.class);
    katib.close();

    try (LocalKatib later = LocalKatib.builder().directory(dir).build()) {
      assertThatThrownBy(() -> later.awaitCompletion(ExperimentRef.of("default", "failed-before"), TIMEOUT))
          .isInstanceOf(ExperimentFailedException.class)
          .hasMessageContaining("max failed count has reached (1 trial failed: failed-before-")
          .hasMessageContaining("java.lang.IllegalStateException: diverged");
    }
  }

  @Test
  void functionReportingANullValue_failsItsTrialNamingTheMetric() {
    Map<String, Double> noValue = new HashMap<>();
    noValue.put("loss", null);

    assertThatThrownBy(() -> katib.run(quadratic("null-loss").maxFailedTrialCount(1).parallelTrialCount(1).build(),
        trial -> noValue, TIMEOUT))
        .isInstanceOf(ExperimentFailedException.class)
        .hasMessageContaining("metric loss has no value (null); report a number, or leave the metric out");
  }

  @Test
  void create_withTheNameOfAnExperimentThatEndedInThisEngine_saysItExists_notThatItRuns() {
    katib.run(quadratic("twice").maxTrialCount(2).parallelTrialCount(1).build(), LocalKatibTest::loss, TIMEOUT);

    assertThatThrownBy(() -> katib.create(quadratic("twice").build(), LocalKatibTest::loss))
        .isInstanceOf(KatibException.class)
        .hasMessage("Experiment default/twice already exists in this engine (it Succeeded); delete it (delete(ref)), "
            + "or give the new one another name");
    assertThatThrownBy(() -> katib.resume(ExperimentRef.of("default", "twice"), LocalKatibTest::loss))
        .hasMessage("Experiment default/twice already exists in this engine (it Succeeded); it is open here, so "
            + "there is nothing to resume");
  }

  @Test
  void closedEngine_startsNoExperiment_butStillReadsWhatItRan() {
    Experiment done = katib.run(quadratic("before-close").maxTrialCount(2).parallelTrialCount(1).build(),
        LocalKatibTest::loss, TIMEOUT);
    katib.close();

    assertThatThrownBy(() -> katib.create(quadratic("after-close").build(), LocalKatibTest::loss))
        .isInstanceOf(KatibException.class)
        .hasMessageStartingWith("This LocalKatib is closed, so it starts no experiment; build a new one");
    assertThatThrownBy(() -> katib.resume(ExperimentRef.of(done), LocalKatibTest::loss))
        .hasMessageStartingWith("This LocalKatib is closed");
    assertThat(katib.find(ExperimentRef.of("default", "after-close"))).isEmpty();
    assertThat(Files.exists(dir.resolve("default").resolve("after-close"))).isFalse();
    assertThat(katib.trials(ExperimentRef.of(done))).hasSize(2);
  }

  @Test
  void awaitTrials_ofAFailedExperiment_throwsOnlyOnceTheTrialsStillRunningHaveFinished() {
    Experiment experiment = quadratic("straggler").maxFailedTrialCount(1).parallelTrialCount(2).maxTrialCount(4)
        .build();
    AtomicInteger started = new AtomicInteger();
    CountDownLatch bothRunning = new CountDownLatch(2);
    ExperimentRef ref = ExperimentRef.of("default", "straggler");
    katib.create(experiment, trial -> {
      bothRunning.countDown();
      bothRunning.await();
      if (started.getAndIncrement() == 0) {
        throw new IllegalStateException("diverged");
      }
      // Katib lets a trial that is running when its experiment fails run to its end.
      assertThatThrownBy(() -> katib.awaitCompletion(ref, TIMEOUT)).isInstanceOf(ExperimentFailedException.class);
      return Map.of("loss", 1.0);
    });

    assertThatThrownBy(() -> katib.awaitTrials(ref, TIMEOUT))
        .isInstanceOf(ExperimentFailedException.class)
        .satisfies(e -> {
          ExperimentStatus status = status(((ExperimentFailedException) e).experiment());
          assertThat(status.trialsFailed()).isEqualTo(1);
          assertThat(status.trialsSucceeded()).isEqualTo(1);
          assertThat(status.trialsRunning()).isZero();
        });
    assertThat(katib.trials(ref)).extracting(t -> t.status().orElseThrow().is(TrialConditionType.SUCCEEDED))
        .containsExactlyInAnyOrder(true, false);
  }

  /** Repeated because the trials race create() to its end (before the fix, 39 of 40 runs failed). */
  @RepeatedTest(3)
  void trialFunction_callingBackIntoTheEngineAtOnce_findsItsExperiment() {
    ExperimentRef ref = ExperimentRef.of("default", "callback");
    Experiment done = katib.run(quadratic("callback").parallelTrialCount(2).maxTrialCount(2).build(), trial -> {
      // create() may not have returned yet: the engine knows the experiment before its first trial starts.
      katib.watch(ref, new ExperimentListener() { }).close();
      return Map.of("loss", 1.0);
    }, TIMEOUT);

    assertThat(status(done).trialsSucceeded()).isEqualTo(2);
  }

  @Test
  void closedSubscription_callsItsListenerNoMoreOnceCloseReturns_notEvenWithTheStateItStartedWith()
      throws Exception {
    Experiment done = katib.run(quadratic("replayed").maxTrialCount(60).build(), LocalKatibTest::loss, TIMEOUT);
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch firstCall = new CountDownLatch(1);
    ExperimentListener slow = new ExperimentListener() {
      @Override
      public void onExperiment(Experiment experiment) {
        call();
      }

      @Override
      public void onTrial(TrialEvent event) {
        call();
      }

      private void call() {
        calls.incrementAndGet();
        firstCall.countDown();
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };

    Subscription subscription = katib.watch(ExperimentRef.of(done), slow);
    assertThat(firstCall.await(10, TimeUnit.SECONDS)).isTrue();
    subscription.close();
    int atClose = calls.get();
    Thread.sleep(100);

    // The first state is the experiment and its 60 trials; closing stopped it part of the way.
    assertThat(atClose).isBetween(1, 60);
    assertThat(calls.get()).isEqualTo(atClose);
  }

  @Test
  void progressPrinter_listsEachTrialAsItFinishes_andCountsWithoutListingThoseFinishedBefore() throws Exception {
    CountDownLatch watching = new CountDownLatch(1);
    ExperimentRef ref = ExperimentRef.of(katib.create(quadratic("progress").parallelTrialCount(1).maxTrialCount(3)
        .build(), trial -> {
          watching.await();
          return loss(trial);
        }));
    StringWriter live = new StringWriter();
    Subscription subscription = katib.watch(ref, ProgressPrinter.lines(new PrintWriter(live)));
    watching.countDown();
    katib.awaitTrials(ref, TIMEOUT);
    subscription.close();

    assertThat(live.toString().lines()).hasSize(4);
    assertThat(live.toString()).containsPattern("progress-\\w{8} Succeeded loss=[-0-9.e+]+ \\| progress: 1/3 trials"
        + " done, 0 running, 0 failed \\| best loss=[-0-9.e+]+ \\(progress-\\w{8}\\) \\| 00:00:\\d\\d\n")
        .contains("progress: 3/3 trials done")
        .containsPattern("\nprogress: Succeeded: Experiment has succeeded because max trial count has reached"
            + " \\(\\d\\d:\\d\\d:\\d\\d\\)\n$");

    StringWriter later = new StringWriter();
    try (Subscription again = katib.watch(ref, ProgressPrinter.lines(new PrintWriter(later)))) {
      long until = System.nanoTime() + TIMEOUT.toNanos();
      while (!later.toString().contains("progress: Succeeded") && System.nanoTime() < until) {
        Thread.sleep(10);
      }
    }
    assertThat(later.toString()).matches("progress: Succeeded: Experiment has succeeded because max trial count has"
        + " reached \\(\\d\\d:\\d\\d:\\d\\d\\)\n");
  }

  @Test
  void progressPrinter_printsTheOutcomeOnce_thoughTrialsRunningAtTheGoalChangeTheStatusAfterwards() throws Exception {
    CountDownLatch secondStarted = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    StringWriter live = new StringWriter();
    Experiment created = katib.create(quadratic("goal-met").parallelTrialCount(2).maxTrialCount(4)
        .objective(Objective.minimize("loss").goal(1e9))
        .build(), trial -> {
          if (calls.incrementAndGet() == 1) {
            secondStarted.await();
            return Map.of("loss", 1.0);
          }
          secondStarted.countDown();
          Thread.sleep(300);
          return Map.of("loss", 2.0);
        });
    ExperimentRef ref = ExperimentRef.of(created);
    try (Subscription subscription = katib.watch(ref, ProgressPrinter.lines(new PrintWriter(live)))) {
      katib.awaitCompletion(ref, TIMEOUT);
      katib.awaitTrials(ref, TIMEOUT);
    }

    assertThat(live.toString()).containsOnlyOnce("goal-met: Succeeded: Experiment has succeeded because Objective goal"
        + " has reached");
  }

  @Test
  void nameACannotRunWith_runsHere_butNotesThatKatibsSuggestionServiceCouldNotBeNamedAfterIt() {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).seed(7).notes(new PrintWriter(notes, true)).build();
    Experiment done = katib.run(quadratic("a.b").maxTrialCount(2).parallelTrialCount(1).build(),
        LocalKatibTest::loss, TIMEOUT);

    assertThat(status(done).isSucceeded()).isTrue();
    assertThat(notes.toString()).contains("katib: default/a.b: this experiment runs here, but not on a Katib cluster"
        + " (metadata.name, rule K-suggestion-name): Katib names the suggestion's Deployment and Service"
        + " \"a.b-random\"");
  }

  @Test
  void progressPrinter_rewritingOnATerminal_putsMessagesOnLinesOfTheirOwn_andEndLeavesALineBreak() throws Exception {
    StringWriter terminal = new StringWriter();
    ProgressPrinter printer = ProgressPrinter.rewriting(new PrintWriter(terminal));
    katib.close();
    katib = LocalKatib.builder().directory(dir).seed(7).notes(printer.messages()).build();
    CountDownLatch watching = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    ExperimentRef ref = ExperimentRef.of(katib.create(quadratic("tty").parallelTrialCount(1).maxTrialCount(3)
        .build(), trial -> {
          watching.await();
          // A NaN, which the engine notes while the progress line is on the screen.
          return calls.incrementAndGet() == 2 ? Map.of("loss", Double.NaN) : loss(trial);
        }));
    Subscription subscription = katib.watch(ref, printer);
    watching.countDown();
    katib.awaitTrials(ref, TIMEOUT);
    subscription.close();
    printer.end();
    printer.messages().println("katib: after the end");

    String text = terminal.toString();
    assertThat(text).contains("\rtty: ").endsWith("\nkatib: after the end\n");
    List<String> screen = new ArrayList<>();
    for (String line : text.split("\n")) {
      // What a terminal shows: each carriage return starts the line again, over what it held.
      StringBuilder shown = new StringBuilder();
      for (String part : line.split("\r")) {
        shown.replace(0, Math.min(part.length(), shown.length()), part);
        if (shown.length() < part.length()) {
          shown.append(part.substring(shown.length()));
        }
      }
      screen.add(shown.toString().stripTrailing());
    }
    assertThat(screen).anySatisfy(line -> assertThat(line).startsWith("katib: default/tty: tty-")
        .contains("its objective metric loss is NaN"));
    assertThat(screen).allSatisfy(line -> assertThat(line.contains("katib:")).as(line)
        .isEqualTo(line.startsWith("katib: ")));
  }

  /** A java.util.logging handler that adds every record it is given to {@code records}. */
  private static Handler recordingInto(List<LogRecord> records) {
    return new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }

  @Test
  void notesWithoutAWriter_goToTheLoggerIoGithubKatib4jLocal_namedAsTheirSource_notAnInternalClass() throws Exception {
    katib.close();
    katib = LocalKatib.builder().directory(dir).build();
    Logger log = Logger.getLogger("io.github.katib4j.local");
    List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
    Handler handler = recordingInto(logged);
    log.addHandler(handler);
    try {
      // A NaN objective is noted.
      katib.run(quadratic("noted").parallelTrialCount(1).maxTrialCount(1).build(), trial -> Map.of("loss",
          Double.NaN), TIMEOUT);
    } catch (KatibException e) {
      // Whatever the outcome: the note is what is looked at.
    } finally {
      log.removeHandler(handler);
    }

    assertThat(logged).isNotEmpty().allSatisfy(r -> {
      assertThat(r.getLoggerName()).isEqualTo("io.github.katib4j.local");
      // What java.util.logging's default format (SimpleFormatter, as in JShell) shows as the record's source.
      String firstLine = new java.util.logging.SimpleFormatter().format(r).lines().findFirst().orElseThrow();
      assertThat(firstLine).endsWith(" io.github.katib4j.local").doesNotContain("internal");
    });
  }

  @Test
  void toString_showsWhatAReplUserLooksFor() {
    assertThat(katib.toString()).isEqualTo("LocalKatib[directory=" + dir.toAbsolutePath().normalize()
        + ", namespace=default, running=[]]");
    Parameter lr = Parameter.doubleRange("lr", 0.01, 0.05).logUniform();
    assertThat(lr.feasibleSpace().toString())
        .isEqualTo("{\"max\":\"0.05\",\"min\":\"0.01\",\"distribution\":\"logUniform\"}");
    assertThat(lr.toString()).isEqualTo("{\"name\":\"lr\",\"parameterType\":\"double\",\"feasibleSpace\":"
        + lr.feasibleSpace() + "}");
    assertThat(Objective.maximize("accuracy").goal(0.99).toString()).startsWith("{\"type\":\"maximize\"");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void listenerThatThrows_staysSubscribed_keepsNoOtherListenerFromItsCall_andIsLoggedByDefault(boolean error)
      throws Exception {
    // No notes writer: notes go to the System.Logger io.github.katib4j.local, which is java.util.logging here.
    katib.close();
    katib = LocalKatib.builder().directory(dir).build();
    Logger log = Logger.getLogger("io.github.katib4j.local");
    List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
    Handler handler = recordingInto(logged);
    log.addHandler(handler);
    try {
      CountDownLatch watching = new CountDownLatch(1);
      ExperimentRef ref = ExperimentRef.of(katib.create(quadratic("listeners").parallelTrialCount(1).maxTrialCount(3)
          .build(), trial -> {
            watching.await();
            return loss(trial);
          }));
      // An Error too, such as the AssertionError of a test's assertion in a listener.
      Throwable failure = error ? new AssertionError("listener bug") : new IllegalStateException("listener bug");
      AtomicInteger thrown = new AtomicInteger();
      AtomicInteger events = new AtomicInteger();
      List<String> succeeded = Collections.synchronizedList(new ArrayList<>());
      try (Subscription failing = katib.watch(ref, new ExperimentListener() {
            @Override
            public void onTrial(TrialEvent event) {
              thrown.incrementAndGet();
              if (failure instanceof Error) {
                throw (Error) failure;
              }
              throw (RuntimeException) failure;
            }
          });
          Subscription counting = katib.watch(ref, new ExperimentListener() {
            @Override
            public void onTrial(TrialEvent event) {
              events.incrementAndGet();
              if (event.state().orElse(null) == TrialConditionType.SUCCEEDED) {
                succeeded.add(event.trial().name());
              }
            }
          })) {
        watching.countDown();
        katib.awaitTrials(ref, TIMEOUT);
      }

      assertThat(succeeded).containsExactlyElementsOf(katib.trials(ref).stream().map(Trial::name).toList());
      assertThat(thrown.get()).as("called with every event after throwing").isEqualTo(events.get());
      assertThat(logged).filteredOn(r -> r.getLevel() == Level.WARNING)
          .anySatisfy(r -> {
            assertThat(r.getMessage()).startsWith("default/listeners: a listener (")
                .endsWith(") threw " + failure + "; it stays subscribed");
            assertThat(r.getThrown()).isSameAs(failure);
          });
    } finally {
      log.removeHandler(handler);
    }
  }

  @Test
  void listenerThatThrowsAVirtualMachineError_reachesTheUncaughtExceptionHandler_notTheNotes() throws Exception {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).notes(new PrintWriter(notes, true)).build();
    List<Throwable> uncaught = Collections.synchronizedList(new ArrayList<>());
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
    try {
      CountDownLatch watching = new CountDownLatch(1);
      ExperimentRef ref = ExperimentRef.of(katib.create(quadratic("vm-error").parallelTrialCount(1).maxTrialCount(2)
          .build(), trial -> {
            watching.await();
            return loss(trial);
          }));
      OutOfMemoryError simulated = new OutOfMemoryError("simulated");
      AtomicInteger calls = new AtomicInteger();
      try (Subscription subscription = katib.watch(ref, new ExperimentListener() {
        @Override
        public void onTrial(TrialEvent event) {
          if (calls.incrementAndGet() == 1) {
            throw simulated;
          }
        }
      })) {
        watching.countDown();
        katib.awaitTrials(ref, TIMEOUT);
      }

      assertThat(uncaught).containsExactly(simulated);
      assertThat(calls.get()).as("later events still come").isGreaterThan(1);
      assertThat(notes.toString()).doesNotContain("simulated");
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }

  @Test
  void aClosedEngine_saysSoFirst_beforeWhatItWouldFindWrongWithTheExperiment() {
    katib.close();
    // No trial template: a process experiment the open engine would refuse for that (T1).
    Experiment experiment = quadratic("closed").build();

    assertThatThrownBy(() -> katib.create(experiment)).isExactlyInstanceOf(KatibException.class)
        .hasMessageStartingWith("This LocalKatib is closed, so it starts no experiment");
  }

  @Test
  void anErrorInTheEngine_leavesTheApiAsItself_notWrappedInAKatibException() {
    OutOfMemoryError heap = new OutOfMemoryError("Java heap space");
    AtomicInteger armed = new AtomicInteger();
    // The engine reads the clock as it works: a clock that throws once stands for the JVM failing under the engine.
    Clock clock = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        if (armed.compareAndSet(1, 0)) {
          throw heap;
        }
        return Instant.now();
      }
    };
    katib.close();
    katib = LocalKatib.builder().directory(dir).seed(7).clock(clock).build();
    Experiment done = katib.run(quadratic("oom").maxTrialCount(2).parallelTrialCount(1)
        .resumePolicy(ResumePolicy.LONG_RUNNING).build(), LocalKatibTest::loss, TIMEOUT);
    armed.set(1);

    assertThatThrownBy(() -> katib.editBudget(ExperimentRef.of(done), Budget.unchanged().withMaxTrialCount(4)))
        .isSameAs(heap);
  }

  @Test
  void failingFunction_notesTheFirstFailureOfEachKindInFull_countsTheRest_andSaysNoTrialIsOptimal() {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).seed(7).notes(new PrintWriter(notes)).build();
    // Two mistakes: a whole number read from a double parameter, and an exception of the function's own.
    TrialFunction function = t -> {
      if (t.doubleValue("y") > 0) {
        throw new IllegalStateException("y is positive");
      }
      return Map.of("loss", (double) t.longValue("x"));
    };

    Experiment done = katib.run(quadratic("allfail").build(), function, TIMEOUT);

    // As Katib: with maxFailedTrialCount unset the budget is reached, so the experiment succeeds with no optimal trial.
    assertThat(status(done).isSucceeded()).isTrue();
    assertThat(status(done).optimalTrial()).isEmpty();
    String text = notes.toString();
    assertThat(text).containsOnlyOnce(": failed: io.github.katib4j.KatibException: parameter x is ");
    assertThat(text).containsOnlyOnce(": failed: java.lang.IllegalStateException: y is positive (stack trace in ");
    assertThat(text).containsOnlyOnce("katib: default/allfail: 10 more trials failed like the ones noted above (not"
        + " noted one by one); each trial's exception.txt holds its stack trace");
    assertThat(text).containsOnlyOnce("katib: default/allfail: completed (ExperimentMaxTrialsReached) with no optimal"
        + " trial: no trial reported the objective metric loss (0 succeeded, 12 failed, 0 without the metric, 0 killed,"
        + " 0 early stopped)");
    assertThat(text.lines().count()).as(text).isEqualTo(4);
  }

  @Test
  void missingObjectiveMetric_isMetricsUnavailable_whichCountsAsFailed_andANoteSaysWhatWasReported() {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).notes(new PrintWriter(notes)).build();
    Experiment experiment = quadratic("unavailable").maxFailedTrialCount(1).parallelTrialCount(1).build();

    assertThatThrownBy(() -> katib.run(experiment, trial -> Map.of("accuracy", 0.5), TIMEOUT))
        .isInstanceOf(ExperimentFailedException.class);

    Trial trial = katib.trials(ExperimentRef.of("default", "unavailable")).get(0);
    assertThat(trial.status().orElseThrow().is(TrialConditionType.METRICS_UNAVAILABLE)).isTrue();
    assertThat(trial.status().flatMap(TrialStatus::failure).orElseThrow().message()).isEqualTo("Metrics are not "
        + "available. Job message: the function did not report the objective metric loss; it reported [accuracy]");
    assertThat(trial.status().orElseThrow().observation().orElseThrow().metric("loss").orElseThrow().latest())
        .isEqualTo("unavailable");
    assertThat(notes.toString()).contains("katib: default/unavailable: " + trial.name() + ": the function did not"
        + " report the objective metric loss; it reported [accuracy]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"reversed range", "push collector", "no command", "int bound beyond 64 bits",
      "other kind without the primary container"})
  void create_processTrials_refusesExactlyWhatTheLocalValidatorReports(String edit) {
    String yaml = KatibCodec.create().toYaml(CommandExperiments.randomOverX("agree", 1, 2, "[python3]",
        "['-c', 'print(\"loss=${trialParameters.x}\")']"));
    Experiment experiment = KatibCodec.create().readExperiment(switch (edit) {
      case "reversed range" -> yaml.replace("min: \"0\"", "min: \"2\"");
      case "push collector" -> yaml.replace("  parameters:", "  metricsCollectorSpec:\n    collector: {kind: Push}\n"
          + "  parameters:");
      case "no command" -> yaml.replaceAll("(?m)^ *command:\n( *- .*\n)*", "");
      case "other kind without the primary container" -> yaml
          .replace("apiVersion: batch/v1", "apiVersion: example.com/v1").replace("kind: Job", "kind: Trainer").replace("- name: training", "- name: trainer")
          .replace("  trialTemplate:\n", "  trialTemplate:\n    successCondition: status.done\n"
              + "    failureCondition: status.failed\n");
      default -> yaml.replace("parameterType: double", "parameterType: int").replace("max: \"1\"", "max: \"1e30\"");
    });

    List<io.github.katib4j.Problem> reported = ExperimentValidator.forLocalRuns().validate(experiment).problems();

    assertThat(reported).isNotEmpty();
    assertThatThrownBy(() -> katib.create(experiment)).isInstanceOfSatisfying(KatibValidationException.class,
        e -> assertThat(e.problems()).isEqualTo(reported));
  }

  @Test
  void create_functionTrials_refusesExactlyWhatTheLocalValidatorReports() {
    // Katib's goptuna service has direction numbers for 21199 dimensions, katib4j's sobol for 256.
    List<Parameter> many = new ArrayList<>();
    for (int i = 0; i < 257; i++) {
      many.add(Parameter.doubleRange("p" + i, 0, 1));
    }
    Experiment experiment = quadratic("wide-sobol").algorithm(Algorithm.sobol()).parameters(many).build();

    List<io.github.katib4j.Problem> reported = ExperimentValidator.forLocalFunctionRuns().validate(experiment)
        .problems();

    assertThat(reported).singleElement().satisfies(p -> {
      assertThat(p.rule()).isEqualTo("K-local");
      assertThat(p.message()).contains("katib4j's sobol supports up to 256 parameters (Katib's goptuna service up to"
          + " 21199), this experiment has 257");
    });
    assertThatThrownBy(() -> katib.create(experiment, LocalKatibTest::loss))
        .isInstanceOfSatisfying(KatibValidationException.class, e -> assertThat(e.problems()).isEqualTo(reported));
  }

  @Test
  void hyperbandWithACategoricalResource_runsAndReadsBackWithTheBudgetsAsValues() {
    Experiment experiment = quadratic("hyperband-categorical").algorithm(Algorithm.hyperband("y", 3))
        .parameters(Parameter.doubleRange("x", -5, 5), Parameter.categorical("y", "low", "high"))
        .parallelTrialCount(3).maxTrialCount(20).build();

    Experiment done = katib.run(experiment, trial -> Map.of("loss", Math.abs(trial.doubleValue("x"))), TIMEOUT);
    katib.close();
    katib = LocalKatib.builder().directory(dir).build();

    assertThat(done.status().orElseThrow().trialsSucceeded()).isEqualTo(6);
    assertThat(katib.trials(ExperimentRef.of(done))).extracting(t -> t.spec().parameterAssignments()
        .get(1).value()).containsExactly("1", "1", "1", "3", "3", "3");
  }

  @Test
  void algorithmSearchingARangeOtherwiseThanWritten_saysSoInANote() {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).notes(new PrintWriter(notes)).build();
    Experiment experiment = quadratic("sobol-log").algorithm(Algorithm.sobol())
        .parameters(Parameter.doubleRange("x", 0, 5).logUniform(), Parameter.doubleRange("y", -5, 5))
        .maxTrialCount(3).build();

    katib.run(experiment, LocalKatibTest::loss, TIMEOUT);

    assertThat(notes.toString()).containsOnlyOnce("katib: default/sobol-log: parameter x has distribution logUniform"
        + " but min 0, which has no logarithm, so sobol searches it uniformly");
  }

  @Test
  void suggestionThatFailsWhileAsked_failsTheExperiment_asKatibDoesWhenItsSuggestionServiceFails() {
    // Katib's pbt service breeds generation 1 by replacing the weakest quarter with members of the top quarter; with
    // distinct losses, one of them -inf, numpy's (and our) upper quantile is NaN, the top quarter is empty, and
    // breeding fails.
    Experiment experiment = KatibCodec.create().readExperiment(String.join("\n",
        "apiVersion: kubeflow.org/v1beta1",
        "kind: Experiment",
        "metadata: {name: pbt}",
        "spec:",
        "  objective: {type: minimize, objectiveMetricName: loss}",
        "  algorithm:",
        "    algorithmName: pbt",
        "    algorithmSettings:",
        "      - {name: suggestion_trial_dir, value: /var/log/katib/checkpoints/}",
        "      - {name: n_population, value: '5'}",
        "      - {name: truncation_threshold, value: '0.25'}",
        "  parallelTrialCount: 1",
        "  maxTrialCount: 10",
        "  parameters:",
        "    - {name: lr, parameterType: double, feasibleSpace: {min: '0.01', max: '0.05', step: '0.01'}}",
        ""));
    List<String> calls = Collections.synchronizedList(new ArrayList<>());

    assertThatThrownBy(() -> katib.run(experiment, trial -> {
      calls.add(trial.trialName());
      return Map.of("loss", calls.size() == 3 ? Double.NEGATIVE_INFINITY : trial.doubleValue("lr") + calls.size());
    }, TIMEOUT))
        .isInstanceOf(ExperimentFailedException.class)
        .satisfies(e -> {
          ExperimentFailedException failed = (ExperimentFailedException) e;
          assertThat(failed.conditionReason()).isEqualTo("ExperimentFailed");
          assertThat(failed.conditionMessage()).isEqualTo("Suggestion has failed");
          assertThat(status(failed.experiment()).isSuggestionFailed()).isTrue();
          assertThat(failed.detail()).hasValueSatisfying(d -> assertThat(d).startsWith("the pbt algorithm failed: "));
          assertThat(failed).hasMessageStartingWith("Experiment default/pbt failed: ExperimentFailed: Suggestion has "
              + "failed (the pbt algorithm failed: no trial is at or above the 0.75 quantile of the objective to copy "
              + "from, because an objective value is infinite or NaN");
          assertThat(status(failed.experiment()).completionTime()).isEmpty();
          assertThat(status(failed.experiment()).trials()).isEqualTo(5);
          assertThat(status(failed.experiment()).trialsSucceeded()).isEqualTo(5);
        });
    assertThat(calls).hasSize(5);
  }

  @Test
  void grid_endsWhenEveryCombinationHasRun() {
    Experiment experiment = Experiment.builder()
        .name("grid")
        .objective(Objective.minimize("loss"))
        .algorithm(Algorithm.grid())
        .parameters(Parameter.intRange("a", 1, 3), Parameter.categorical("b", "p", "q"))
        .parallelTrialCount(2)
        .build();

    Experiment done = katib.run(experiment, trial -> Map.of("loss", (double) trial.longValue("a")), TIMEOUT);

    assertThat(status(done).condition(io.github.katib4j.experiment.ExperimentConditionType.SUCCEEDED).orElseThrow()
        .reason()).isEqualTo("ExperimentSuggestionEndReached");
    List<String> points = katib.trials(ExperimentRef.of(done)).stream()
        .map(t -> t.spec().assignment("a").orElseThrow() + t.spec().assignment("b").orElseThrow())
        .sorted().collect(Collectors.toList());
    assertThat(points).containsExactly("1p", "1q", "2p", "2q", "3p", "3q");
  }

  @Test
  void medianStop_stopsTrialsThatTrailTheMedian() {
    Experiment experiment = quadratic("median")
        .earlyStopping(EarlyStopping.medianStop(2, 2))
        .parallelTrialCount(1).maxTrialCount(10)
        .build();

    Experiment done = katib.run(experiment, trial -> {
      double final_ = loss(trial).get("loss");
      for (int epoch = 1; epoch <= 5; epoch++) {
        trial.report(epoch, Map.of("loss", final_ + (5 - epoch)));
      }
      return Map.of();
    }, TIMEOUT);

    assertThat(status(done).trialsEarlyStopped()).isPositive();
    Trial stopped = katib.trials(ExperimentRef.of(done)).stream()
        .filter(t -> t.status().orElseThrow().is(TrialConditionType.EARLY_STOPPED)).findFirst().orElseThrow();
    assertThat(stopped.spec().earlyStoppingRules()).isNotEmpty();
    assertThat(stopped.status().orElseThrow().observation()).isPresent();
    assertThat(stopped.status().orElseThrow().condition(TrialConditionType.EARLY_STOPPED).orElseThrow().reason())
        .isEqualTo("TrialEarlyStopped");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cmaes", "bayesianoptimization"})
  void everyModelBasedAlgorithm_runsByItsKatibName(String algorithm) {
    // One trial at a time with a fixed random_state, so the search is the same on every run however busy the machine.
    Experiment experiment = quadratic(algorithm).algorithm(Algorithm.named(algorithm).setting("random_state", "7"))
        .parameters(Parameter.doubleRange("x", 0.5, 5), Parameter.doubleRange("y", 0.1, 5))
        .parallelTrialCount(1).maxTrialCount(40).build();

    Experiment done = katib.run(experiment, LocalKatibTest::loss, TIMEOUT);

    assertThat(status(done).isSucceeded()).isTrue();
    assertThat(status(done).trialsSucceeded()).isEqualTo(40);
    // The loss is at least 4.41 (y >= 0.1); random points in the box average about 14.
    assertThat(katib.trials(ExperimentRef.of(done)).stream().mapToDouble(LocalKatibTest::lossOf).min()
        .orElseThrow()).isLessThan(6.5);
  }

  @Test
  void trials_showOnlyWhatTheJournalHolds_soNothingSeenIsLostInACrash() throws Exception {
    // Trials take microseconds: the later ones wait until a few checks have run, so the experiment cannot end before
    // the first check.
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch checked = new CountDownLatch(3);
    Experiment created = katib.create(quadratic("durable").parallelTrialCount(4).maxTrialCount(400).build(), trial -> {
      if (calls.incrementAndGet() > 200) {
        checked.await(30, TimeUnit.SECONDS);
      }
      return loss(trial);
    });
    ExperimentRef ref = ExperimentRef.of(created);
    Path journal = katib.directory(ref).resolve("journal.log");
    int checks = 0;
    while (!katib.get(ref).status().orElseThrow().isCompleted()) {
      List<String> completed = katib.trials(ref).stream().filter(t -> t.status().orElseThrow().isCompleted())
          .map(Trial::name).collect(Collectors.toList());
      Matcher ends = Pattern.compile("\"record\":\"end\",\"time\":\"[^\"]*\",\"name\":\"([^\"]+)\"")
          .matcher(Files.readString(journal));
      Set<String> journalled = new HashSet<>();
      while (ends.find()) {
        journalled.add(ends.group(1));
      }
      assertThat(journalled).containsAll(completed);
      checks++;
      checked.countDown();
    }
    assertThat(checks).isGreaterThanOrEqualTo(3);
  }

  @Test
  void sameSeed_proposesTheSameTrials() throws Exception {
    Experiment experiment = quadratic("seeded").parallelTrialCount(1).maxTrialCount(5).build();
    Experiment first = katib.run(experiment, LocalKatibTest::loss, TIMEOUT);
    List<String> assignments = katib.trials(ExperimentRef.of(first)).stream()
        .map(t -> t.spec().parameterAssignments().toString()).collect(Collectors.toList());

    try (LocalKatib other = LocalKatib.builder().directory(dir.resolve("other")).seed(7).build()) {
      Experiment second = other.run(experiment, LocalKatibTest::loss, TIMEOUT);
      assertThat(other.trials(ExperimentRef.of(second)).stream().map(t -> t.spec().parameterAssignments().toString()))
          .containsExactlyElementsOf(assignments);
    }
  }

  @Test
  void watch_seesEachTrialPendingThenRunningThenSucceeded_inOrder() throws Exception {
    Map<String, List<TrialEvent>> events = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(1);
    Experiment created = katib.create(quadratic("watched").parallelTrialCount(1).maxTrialCount(3).build(), trial -> {
      Thread.sleep(50);
      return loss(trial);
    });
    katib.watch(ExperimentRef.of(created), new ExperimentListener() {
      @Override
      public void onTrial(TrialEvent event) {
        events.computeIfAbsent(event.trial().name(), n -> Collections.synchronizedList(new ArrayList<>())).add(event);
      }

      @Override
      public void onExperiment(Experiment experiment) {
        if (experiment.status().map(ExperimentStatus::isCompleted).orElse(false)) {
          done.countDown();
        }
      }
    });

    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    List<Trial> trials = katib.trials(ExperimentRef.of(created));
    assertThat(trials).hasSize(3).allSatisfy(t -> assertThat(events.get(t.name()).stream().map(TrialEvent::toString))
        .endsWith(t.name() + ": Running -> Succeeded"));
    // The first trial may have started before the watch; the others were created while it watched.
    for (Trial later : trials.subList(1, 3)) {
      List<TrialEvent> seen = events.get(later.name());
      assertThat(seen).extracting(TrialEvent::toString).containsExactly(later.name() + ": Pending",
          later.name() + ": Pending -> Running", later.name() + ": Running -> Succeeded");
      assertThat(seen.get(0).state()).isEmpty();
      assertThat(seen.get(0).trial().status().orElseThrow().conditions()).extracting(c -> c.type())
          .containsExactly("Created");
      assertThat(seen.get(1).trial().status().orElseThrow().startTime()).isPresent();
    }
  }

  @Test
  void watch_seesTheCountersOfEveryTrialChange_asTheExperimentListenerPromises() throws Exception {
    List<String> counters = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    Experiment created = katib.create(quadratic("counted").parallelTrialCount(1).maxTrialCount(3).build(), trial -> {
      Thread.sleep(50);
      return loss(trial);
    });
    katib.watch(ExperimentRef.of(created), new ExperimentListener() {
      @Override
      public void onExperiment(Experiment experiment) {
        ExperimentStatus status = experiment.status().orElseThrow();
        counters.add(status.trials() + "/" + status.trialsRunning() + "/" + status.trialsSucceeded());
        if (status.isCompleted()) {
          done.countDown();
        }
      }
    });

    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    // trials/running/succeeded: the watch may start after the first trial did; every later change is seen, not only
    // the conditions' (Created, Running, Succeeded).
    assertThat(counters).containsSubsequence("2/0/1", "2/1/1", "2/0/2", "3/0/2", "3/1/2", "3/0/3");
  }

  @Test
  void run_negativeTimeout_isRefusedBeforeTheExperimentIsCreated() {
    assertThatThrownBy(() -> katib.run(quadratic("backwards").build(), LocalKatibTest::loss, Duration.ofMillis(-1)))
        .isExactlyInstanceOf(KatibException.class)
        .hasMessage("The timeout of the run of experiment backwards must not be negative, found PT-0.001S; pass "
            + "Duration.ZERO to look once without waiting");
    assertThat(katib.list("default")).extracting(Experiment::name).doesNotContain("backwards");
  }

  @Test
  void await_timesOutNamingWhatWasLastSeen() {
    Experiment created = katib.create(quadratic("slow").maxTrialCount(2).parallelTrialCount(1).build(), trial -> {
      Thread.sleep(10_000);
      return loss(trial);
    });

    assertThatThrownBy(() -> katib.awaitCompletion(ExperimentRef.of(created), Duration.ofMillis(300)))
        .isInstanceOf(KatibTimeoutException.class)
        .hasMessageContaining("did not complete within 300ms")
        .hasMessageContaining("1 running");
  }

  @Test
  void stopThenResume_keepsCompletedTrialsAndRunsTheRestAgain() throws Exception {
    Experiment experiment = quadratic("resumed").parallelTrialCount(2).maxTrialCount(6).build();
    CountDownLatch twoDone = new CountDownLatch(2);
    TrialFunction slowAfterTwo = trial -> {
      twoDone.countDown();
      if (twoDone.getCount() == 0 && !trial.isStopRequested()) {
        while (!trial.isStopRequested()) {
          Thread.sleep(10);
        }
        trial.report("loss", 0);
      }
      return loss(trial);
    };
    Experiment created = katib.create(experiment, slowAfterTwo);
    ExperimentRef ref = ExperimentRef.of(created);
    assertThat(twoDone.await(30, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(300);
    katib.stop(ref);
    int completedBefore = (int) katib.trials(ref).stream().filter(t -> t.status().orElseThrow().isCompleted()).count();

    katib.resume(ref, LocalKatibTest::loss);
    Experiment done = katib.awaitCompletion(ref, TIMEOUT);

    assertThat(status(done).isSucceeded()).isTrue();
    assertThat(status(done).trialsSucceeded()).isEqualTo(6);
    assertThat(status(done).trials()).isEqualTo(6);
    assertThat(completedBefore).isGreaterThanOrEqualTo(1);
  }

  @Test
  void resume_afterATornJournalTail_reportsItInTheNotes_andKeepsEveryCompleteRecord() throws Exception {
    Experiment experiment = quadratic("torn").parallelTrialCount(1).maxTrialCount(6).build();
    CountDownLatch threeDone = new CountDownLatch(3);
    CountDownLatch fourthRunning = new CountDownLatch(1);
    Experiment created = katib.create(experiment, trial -> {
      if (threeDone.getCount() == 0) {
        fourthRunning.countDown();
        while (!trial.isStopRequested()) {
          Thread.sleep(10);
        }
      }
      threeDone.countDown();
      return loss(trial);
    });
    ExperimentRef ref = ExperimentRef.of(created);
    assertThat(fourthRunning.await(30, TimeUnit.SECONDS)).isTrue();
    List<Trial> completedBefore = katib.trials(ref).stream().filter(t -> t.status().orElseThrow().isCompleted())
        .collect(Collectors.toList());
    katib.stop(ref);
    // A crash in the middle of writing the last record: its first half reached the disk.
    Path journal = katib.directory(ref).resolve("journal.log");
    String text = Files.readString(journal);
    int lastLine = text.lastIndexOf('\n', text.length() - 2) + 1;
    String torn = text.substring(lastLine, lastLine + (text.length() - lastLine) / 2);
    Files.writeString(journal, text.substring(0, lastLine) + torn);
    ByteArrayOutputStream notes = new ByteArrayOutputStream();

    List<Trial> after;
    try (LocalKatib resumed = LocalKatib.builder().directory(dir).notes(new PrintStream(notes, true, UTF_8)).build()) {
      resumed.resume(ref, LocalKatibTest::loss);
      Experiment done = resumed.awaitCompletion(ref, TIMEOUT);
      assertThat(status(done).isSucceeded()).isTrue();
      assertThat(status(done).trials()).isEqualTo(6);
      after = resumed.trials(ref);
    }

    assertThat(notes.toString(UTF_8)).contains("katib: default/torn: the journal " + journal)
        .contains("ended in " + torn.getBytes(UTF_8).length + " bytes that are not a complete record")
        .contains("kept the " + (text.substring(0, lastLine).split("\n").length) + " complete records");
    assertThat(completedBefore).hasSize(3).allSatisfy(before -> {
      Trial kept = after.stream().filter(t -> t.name().equals(before.name())).findFirst().orElseThrow();
      assertThat(kept.spec().parameterAssignments()).isEqualTo(before.spec().parameterAssignments());
      assertThat(kept.status().orElseThrow().observation()).isEqualTo(before.status().orElseThrow().observation());
      assertThat(kept.status().orElseThrow().isCompleted()).isTrue();
    });
    try (Stream<Path> files = Files.list(journal.getParent())) {
      Path aside = files.filter(f -> f.getFileName().toString().startsWith("journal.log.corrupt-")).findFirst()
          .orElseThrow();
      assertThat(Files.readString(aside)).isEqualTo(torn);
    }
  }

  @Test
  void editBudget_raisingMaxTrialsOfALongRunningExperiment_restartsIt() {
    Experiment experiment = quadratic("restart").maxTrialCount(2).parallelTrialCount(1)
        .resumePolicy(ResumePolicy.LONG_RUNNING).build();
    Experiment done = katib.run(experiment, LocalKatibTest::loss, TIMEOUT);
    ExperimentRef ref = ExperimentRef.of(done);

    Experiment restarted = katib.editBudget(ref, Budget.unchanged().withMaxTrialCount(4));

    assertThat(status(restarted).isRestarting()).isTrue();
    assertThat(status(restarted).isSucceeded()).isFalse();
    Experiment again = katib.awaitCompletion(ref, TIMEOUT);
    assertThat(status(again).trials()).isEqualTo(4);
  }

  @Test
  void editBudget_belowTheTrialsCreated_isRefusedAsKatibRefusesIt() {
    Experiment done = katib.run(quadratic("neverresume").maxTrialCount(3).build(), LocalKatibTest::loss, TIMEOUT);

    assertThatThrownBy(() -> katib.editBudget(ExperimentRef.of(done), Budget.unchanged().withMaxTrialCount(2)))
        .isInstanceOf(KatibValidationException.class)
        .hasMessageContaining("spec.maxTrialCount");
  }

  @Test
  void create_nasExperiment_saysItNeedsKatibOnACluster() {
    Experiment nas = KatibCodec.create().readExperiment(Path.of("src/test/resources/experiments/nas-enas.yaml"));

    assertThatThrownBy(() -> katib.create(nas, LocalKatibTest::loss))
        .isInstanceOf(KatibValidationException.class)
        .hasMessageContaining("enas")
        .hasMessageContaining("cluster");
  }

  @Test
  void findListDelete_workOnRunningAndFinishedExperiments() {
    Experiment done = katib.run(quadratic("listed").maxTrialCount(3).build(), LocalKatibTest::loss, TIMEOUT);
    ExperimentRef ref = ExperimentRef.of(done);

    assertThat(katib.list("default")).extracting(Experiment::name).contains("listed");
    try (LocalKatib fresh = LocalKatib.builder().directory(dir).build()) {
      Experiment read = fresh.get(ref);
      assertThat(read.status().orElseThrow().isSucceeded()).isTrue();
      assertThat(read.status().orElseThrow().trials()).isEqualTo(3);
      assertThat(fresh.trials(ref)).hasSize(3);
      assertThat(fresh.awaitCompletion(ref, TIMEOUT).status().orElseThrow().optimalTrial()).isPresent();
      assertThat(fresh.suggestion(ref).map(KatibCodec.create()::toJson))
          .contains(KatibCodec.create().toJson(katib.suggestion(ref).orElseThrow()));
    }

    katib.delete(ref);

    assertThat(katib.find(ref)).isEmpty();
    assertThat(katib.suggestion(ref)).isEmpty();
    assertThatThrownBy(() -> katib.get(ref)).isInstanceOf(ExperimentNotFoundException.class);
    assertThatThrownBy(() -> katib.delete(ref)).isInstanceOf(ExperimentNotFoundException.class);
  }

  @Test
  void statusLists_areInCreationOrder_whateverOrderTrialsEndIn_soAReadBackShowsTheSame() throws Exception {
    // The first call returns last, after the other two trials have ended. All reach the same loss: Katib's scan over
    // the trials keeps the first of equal values, and builds its lists in the same pass.
    CountDownLatch thirdStarted = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    Experiment done = katib.run(quadratic("lists").parallelTrialCount(2).maxTrialCount(3).build(), trial -> {
      int call = calls.incrementAndGet();
      if (call == 1) {
        thirdStarted.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Thread.sleep(100);
      } else if (call == 3) {
        thirdStarted.countDown();
      }
      return Map.of("loss", 1.0);
    }, TIMEOUT);
    ExperimentRef ref = ExperimentRef.of(done);
    List<String> created = katib.trials(ref).stream().map(Trial::name).toList();
    ExperimentStatus status = done.status().orElseThrow();
    assertThat(status.succeededTrialList()).containsExactlyElementsOf(created);
    assertThat(status.currentOptimalTrial().bestTrialName()).isEqualTo(created.get(0));

    KatibCodec codec = KatibCodec.create();
    try (LocalKatib fresh = LocalKatib.builder().directory(dir).build()) {
      assertThat(codec.toJson(fresh.get(ref))).isEqualTo(codec.toJson(katib.get(ref)));
      assertThat(fresh.trials(ref)).extracting(codec::toJson)
          .containsExactlyElementsOf(katib.trials(ref).stream().map(codec::toJson).toList());
    }
  }

  @Test
  void optimalTrial_withANaNThatEndsFirst_isTheEarlierTrial_asKatibsScanInCreationOrderFindsIt() throws Exception {
    // The first trial ends last with 1.0; the second ends first with NaN. Katib's scan starts from the first trial's
    // value, and NaN is never lower than it.
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).notes(new PrintWriter(notes)).build();
    CountDownLatch watching = new CountDownLatch(1);
    CountDownLatch secondEnded = new CountDownLatch(1);
    ExperimentRef ref = ExperimentRef.of(katib.create(quadratic("nan").parallelTrialCount(2).maxTrialCount(2).build(),
        trial -> {
          watching.await();
          if (katib.trials(trial.experiment()).get(0).name().equals(trial.trialName())) {
            secondEnded.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Thread.sleep(100);
            return Map.of("loss", 1.0);
          }
          secondEnded.countDown();
          return Map.of("loss", Double.NaN);
        }));
    StringWriter progress = new StringWriter();
    Subscription subscription = katib.watch(ref, ProgressPrinter.lines(new PrintWriter(progress)));
    watching.countDown();
    Experiment done = katib.awaitTrials(ref, TIMEOUT);
    subscription.close();

    List<Trial> trials = katib.trials(ref);
    assertThat(trials.get(1).status().orElseThrow().observation().orElseThrow().metric("loss").orElseThrow().latest())
        .isEqualTo("NaN");
    assertThat(status(done).currentOptimalTrial().bestTrialName()).isEqualTo(trials.get(0).name());
    // The progress line follows the status: the NaN is best while it is the only value, then the first trial's.
    assertThat(progress.toString()).contains(trials.get(1).name() + " Succeeded loss=NaN | nan: 1/2 trials done, 1 "
        + "running, 0 failed | best loss=NaN (" + trials.get(1).name() + ")")
        .contains("best loss=1.00000 (" + trials.get(0).name() + ")");
    assertThat(ExperimentReport.of(done, trials).best().map(TrialRow::name)).hasValue(trials.get(0).name());
    assertThat(notes.toString()).contains(trials.get(1).name() + ": its objective metric loss is NaN; the search "
        + "algorithms learn nothing from such a trial").doesNotContain("stays the experiment's optimal trial");
  }

  @ParameterizedTest
  @ValueSource(strings = {"minimize NaN 0.5 0.2", "maximize 0.5 NaN 0.7", "maximize NaN 0.5 0.7"})
  void nanObjective_statusProgressLineAndReport_allNameKatibsOptimalTrial(String objectiveAndValues) {
    String[] words = objectiveAndValues.split(" ");
    List<Double> values = Stream.of(words).skip(1).map(Double::valueOf).collect(Collectors.toList());
    Objective objective = words[0].equals("minimize") ? Objective.minimize("loss") : Objective.maximize("loss");
    AtomicInteger next = new AtomicInteger();
    katib.close();
    StringWriter notes = new StringWriter();
    katib = LocalKatib.builder().directory(dir).notes(new PrintWriter(notes)).build();
    Experiment experiment = quadratic("nan-" + words[0]).objective(objective).parallelTrialCount(1)
        .maxTrialCount(values.size()).build();
    CountDownLatch watching = new CountDownLatch(1);
    ExperimentRef ref = ExperimentRef.of(katib.create(experiment, trial -> {
      watching.await();
      return Map.of("loss", values.get(next.getAndIncrement()));
    }));
    StringWriter progress = new StringWriter();
    Subscription subscription = katib.watch(ref, ProgressPrinter.lines(new PrintWriter(progress)));
    watching.countDown();
    Experiment done = katib.awaitTrials(ref, TIMEOUT);
    subscription.close();

    // Katib's scan: the first value, then strictly better ones only; NaN is never better, nor worse.
    int katibsChoice = objectiveAndValues.startsWith("minimize NaN") || objectiveAndValues.startsWith("maximize NaN")
        ? 0 : 2;
    String optimal = katib.trials(ref).get(katibsChoice).name();
    assertThat(status(done).currentOptimalTrial().bestTrialName()).isEqualTo(optimal);
    List<String> lines = progress.toString().lines().collect(Collectors.toList());
    assertThat(lines.get(lines.size() - 2)).contains("(" + optimal + ") |");
    ExperimentReport report = ExperimentReport.of(done, katib.trials(ref));
    assertThat(report.best().map(TrialRow::name)).hasValue(optimal);
    assertThat(report.table()).contains(optimal + " *");
    // A NaN that comes first stays optimal, which the note says; a later NaN never becomes optimal, and is not said to.
    assertThat(notes.toString().contains("As in Katib, it stays the experiment's optimal trial whatever the later "
        + "trials give, since no value compares better than NaN.")).isEqualTo(katibsChoice == 0);
  }

  @Test
  void creationTimestamp_isWhenTheExperimentWasCreated_inWholeSeconds_alsoReadBackAndFromAnOldJournal()
      throws Exception {
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Experiment created = katib.create(quadratic("stamped").maxTrialCount(1).parallelTrialCount(1).build(),
        LocalKatibTest::loss);
    ExperimentRef ref = ExperimentRef.of(created);
    Experiment done = katib.awaitCompletion(ref, TIMEOUT);
    katib.close();

    Instant stamp = created.metadata().creationTimestamp().orElseThrow();
    assertThat(stamp).isBetween(before, Instant.now()).isEqualTo(stamp.truncatedTo(ChronoUnit.SECONDS));
    assertThat(done.metadata().creationTimestamp()).hasValue(stamp);
    try (LocalKatib reader = LocalKatib.builder().directory(dir).build()) {
      assertThat(reader.get(ref).metadata().creationTimestamp()).hasValue(stamp);
    }
    // A journal written before experiments kept it: the experiment record's time stands in.
    Path journal = katib.directory(ref).resolve("journal.log");
    List<String> lines = Files.readAllLines(journal);
    JsonObject first = JsonParser.parseString(lines.get(0).substring(9)).getAsJsonObject();
    first.getAsJsonObject("experiment").getAsJsonObject("metadata").remove("creationTimestamp");
    first.addProperty("time", "2020-02-03T04:05:06Z");
    lines.set(0, String.format("%08x", crc32c(first.toString())) + " " + first);
    Files.write(journal, lines);
    try (LocalKatib reader = LocalKatib.builder().directory(dir).build()) {
      assertThat(reader.get(ref).metadata().creationTimestamp()).hasValue(Instant.parse("2020-02-03T04:05:06Z"));
    }
  }

  @Test
  void trialTimes_readBackFromTheJournal_areThoseTheRunningEngineShowed_andOldJournalsStillRead() throws Exception {
    Experiment done = katib.run(quadratic("timed").maxTrialCount(3).parallelTrialCount(1).build(), trial -> {
      Thread.sleep(30);
      return loss(trial);
    }, TIMEOUT);
    ExperimentRef ref = ExperimentRef.of(done);
    List<Trial> live = katib.trials(ref);
    String liveCsv = ExperimentReport.of(done, live).toCsv();
    katib.close();

    try (LocalKatib reader = LocalKatib.builder().directory(dir).build()) {
      List<Trial> readBack = reader.trials(ref);
      assertThat(readBack).extracting(t -> t.status().orElseThrow().startTime())
          .isEqualTo(live.stream().map(t -> t.status().orElseThrow().startTime()).collect(Collectors.toList()));
      assertThat(readBack).extracting(t -> t.status().orElseThrow().completionTime())
          .isEqualTo(live.stream().map(t -> t.status().orElseThrow().completionTime()).collect(Collectors.toList()));
      assertThat(readBack).extracting(t -> t.metadata().creationTimestamp())
          .isEqualTo(live.stream().map(t -> t.metadata().creationTimestamp()).collect(Collectors.toList()));
      assertThat(ExperimentReport.of(reader.get(ref), readBack).toCsv()).isEqualTo(liveCsv);
      // Katib's wire form keeps whole seconds.
      assertThat(KatibCodec.create().toJson(readBack.get(0))).containsPattern("\"startTime\": \"[-0-9T:]+Z\"");
    }
    assertThat(live.get(0).status().orElseThrow().completionTime().orElseThrow().getNano()).as("sub-second")
        .isNotZero();

    // A journal written before, with every time in whole seconds, reads as it did.
    Path journal = katib.directory(ref).resolve("journal.log");
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(journal)) {
      String json = line.substring(9).replaceAll("(\"[-0-9T:]+)\\.\\d+Z\"", "$1Z\"");
      lines.add(String.format("%08x", crc32c(json)) + " " + json);
    }
    Files.write(journal, lines);
    try (LocalKatib reader = LocalKatib.builder().directory(dir).build()) {
      List<Trial> old = reader.trials(ref);
      assertThat(old).hasSize(3).allSatisfy(t -> {
        assertThat(t.status().orElseThrow().startTime().orElseThrow().getNano()).isZero();
        assertThat(t.status().orElseThrow().is(TrialConditionType.SUCCEEDED)).isTrue();
      });
      assertThat(status(reader.get(ref)).isSucceeded()).isTrue();
    }
  }

  private static long crc32c(String text) {
    CRC32C crc = new CRC32C();
    crc.update(text.getBytes(UTF_8));
    return crc.getValue();
  }

  @Test
  void twoEngines_cannotRunTheSameExperimentDirectory() {
    Experiment created = katib.create(quadratic("locked").maxTrialCount(2).parallelTrialCount(2).build(), trial -> {
      Thread.sleep(5_000);
      return loss(trial);
    });

    try (LocalKatib second = LocalKatib.builder().directory(dir).build()) {
      assertThatThrownBy(() -> second.resume(ExperimentRef.of(created), LocalKatibTest::loss))
          .isInstanceOf(KatibException.class)
          .hasMessageContaining("is in use by another katib4j engine");
    }
  }

  @Test
  void delete_ofAnExperimentAnotherEngineHolds_isRefusedNamingItsProcess_andDeletesNothing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExperimentRef ref = ExperimentRef.of(katib.create(quadratic("held").maxTrialCount(2).parallelTrialCount(1)
        .build(), trial -> {
          release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          return loss(trial);
        }));
    Path journal = katib.directory(ref).resolve("journal.log");

    try (LocalKatib second = LocalKatib.builder().directory(dir).build()) {
      assertThatThrownBy(() -> second.delete(ref)).isInstanceOf(KatibException.class)
          .hasMessageContaining("is in use by another katib4j engine in this process (process "
              + ProcessHandle.current().pid() + " since ")
          .hasMessageContaining("Experiment default/held was not deleted");
      assertThat(journal).exists();
      release.countDown();
      Experiment done = katib.awaitCompletion(ref, TIMEOUT);
      assertThat(status(done).trialsSucceeded()).isEqualTo(2);
      assertThat(katib.trials(ref)).hasSize(2);
      // Completed, but still open in the first engine, which could restart it.
      assertThatThrownBy(() -> second.delete(ref)).hasMessageContaining("is in use by another katib4j engine");

      katib.stop(ref);
      second.delete(ref);
    }
    assertThat(katib.directory(ref)).doesNotExist();
  }

  @Test
  void delete_fromATrialFunctionOfTheSameExperiment_deletesIt() throws Exception {
    // Stopping the experiment interrupts the calling trial's thread, which taking the folder's lock must survive.
    List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch deleted = new CountDownLatch(1);
    ExperimentRef ref = ExperimentRef.of("default", "self-delete");
    katib.create(quadratic("self-delete").maxTrialCount(1).parallelTrialCount(1).build(), trial -> {
      try {
        katib.delete(ref);
      } catch (RuntimeException e) {
        thrown.add(e);
      }
      deleted.countDown();
      return loss(trial);
    });

    assertThat(deleted.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(thrown).isEmpty();
    assertThat(katib.directory(ref)).doesNotExist();
  }

  @Test
  void delete_ofAnExperimentThisEngineRuns_stopsItFirst() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    ExperimentRef ref = ExperimentRef.of(katib.create(quadratic("own").maxTrialCount(1).parallelTrialCount(1).build(),
        trial -> {
          started.countDown();
          Thread.sleep(60_000);
          return loss(trial);
        }));
    assertThat(started.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    katib.delete(ref);

    assertThat(katib.directory(ref)).doesNotExist();
    assertThat(katib.find(ref)).isEmpty();
    assertThatThrownBy(() -> katib.awaitCompletion(ref, TIMEOUT)).isInstanceOf(ExperimentNotFoundException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bad_NS", "..", "a/b", "/tmp/katib4j-escaped"})
  void create_inANamespaceKubernetesRefuses_isRefusedBeforeAnyFileIsWritten(String namespace) throws Exception {
    Path outside = dir.resolve("outside");
    katib.close();
    katib = LocalKatib.builder().directory(dir.resolve("runs")).seed(7).build();
    String absolute = namespace.startsWith("/") ? outside.toString() : namespace;

    assertThatThrownBy(() -> katib.create(quadratic("n1").namespace(absolute).maxTrialCount(1).parallelTrialCount(1)
        .build(), LocalKatibTest::loss))
        .isInstanceOfSatisfying(KatibValidationException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> {
              assertThat(p.rule()).isEqualTo("K-namespace");
              assertThat(p.path()).isEqualTo("metadata.namespace");
            }))
        .hasMessageContaining("the local engine refuses, as the API server does, namespace");
    assertThat(dir.resolve("runs")).doesNotExist();
    assertThat(outside).doesNotExist();
    assertThat(Files.exists(dir.resolve("n1"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc/def", "ab..", "abc_def"})
  void create_withANameKubernetesRefuses_isRefusedBeforeAnyFileIsWritten(String name) {
    assertThatThrownBy(() -> katib.create(quadratic(name).maxTrialCount(1).parallelTrialCount(1).build(),
        LocalKatibTest::loss))
        .isInstanceOfSatisfying(KatibValidationException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p.rule()).isIn("K-name", "V1")));
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void references_outsideTheDirectory_areRefusedBeforeAnyFileIsTouched() throws Exception {
    // What an experiment in another folder looks like; deleting it through "../outside" would delete it.
    Path outside = Files.createDirectories(dir.resolve("outside").resolve("esc"));
    Files.writeString(outside.resolve("journal.log"), "keep me");
    Path runs = Files.createDirectories(dir.resolve("runs"));
    katib.close();
    katib = LocalKatib.builder().directory(runs).build();

    for (ExperimentRef ref : List.of(ExperimentRef.of(dir.resolve("outside").toString(), "esc"),
        ExperimentRef.of("..", "outside"), ExperimentRef.of("default", ".."), ExperimentRef.of("a/b", "esc"),
        ExperimentRef.of("default", "abc/def"), ExperimentRef.of("Bad_NS", "esc"))) {
      assertThatThrownBy(() -> katib.delete(ref)).as(ref.toString()).isInstanceOf(KatibValidationException.class)
          .hasMessageStartingWith("Experiment reference \"" + ref + "\" has");
      assertThatThrownBy(() -> katib.find(ref)).isInstanceOf(KatibValidationException.class);
      assertThatThrownBy(() -> katib.trials(ref)).isInstanceOf(KatibValidationException.class);
      assertThatThrownBy(() -> katib.suggestion(ref)).isInstanceOf(KatibValidationException.class);
      assertThatThrownBy(() -> katib.resume(ref, LocalKatibTest::loss)).isInstanceOf(KatibValidationException.class);
      assertThatThrownBy(() -> katib.stop(ref)).isInstanceOf(KatibValidationException.class);
      assertThatThrownBy(() -> katib.awaitCompletion(ref, TIMEOUT)).isInstanceOf(KatibValidationException.class);
      assertThatThrownBy(() -> katib.awaitTrials(ref, TIMEOUT)).isInstanceOf(KatibValidationException.class);
      assertThatThrownBy(() -> katib.editBudget(ref, Budget.unchanged().withMaxTrialCount(3)))
          .isInstanceOf(KatibValidationException.class);
      assertThatThrownBy(() -> katib.watch(ref, new ExperimentListener() { }))
          .isInstanceOf(KatibValidationException.class);
      assertThatThrownBy(() -> katib.directory(ref)).isInstanceOf(KatibValidationException.class);
    }
    assertThatThrownBy(() -> katib.delete(ExperimentRef.of(dir.resolve("outside").toString(), "esc")))
        .hasMessage("Experiment reference \"" + dir.resolve("outside") + "/esc\" has 1 problem:\n  - namespace: must be"
            + " a lowercase RFC 1123 label: lower case alphanumeric characters or '-', starting and ending with an"
            + " alphanumeric character, at most 63 characters (e.g. 'team-a'), found \"" + dir.resolve("outside")
            + "\" [K-namespace]");
    assertThatThrownBy(() -> katib.list("..")).isInstanceOf(KatibValidationException.class);
    assertThat(Files.readString(outside.resolve("journal.log"))).isEqualTo("keep me");
    try (Stream<Path> files = Files.list(runs)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void builderNamespace_thatKubernetesRefuses_isRefused() {
    for (String namespace : List.of("", "..", "/tmp/x", "a/b", "Bad_NS")) {
      assertThatThrownBy(() -> LocalKatib.builder().namespace(namespace)).as(namespace)
          .isInstanceOf(KatibValidationException.class)
          .hasMessageStartingWith("The engine's namespace has 1 problem:")
          .hasMessageContaining("[K-namespace]");
    }
  }

  @Test
  void referenceWithoutNamespace_meansTheEnginesNamespace_everywhere() throws Exception {
    katib.close();
    katib = LocalKatib.builder().directory(dir).namespace("team-a").seed(7).build();
    Experiment built = quadratic("no-ns").maxTrialCount(2).parallelTrialCount(1).build();
    ExperimentRef bare = ExperimentRef.of(built);
    assertThat(bare.namespace()).isEmpty();

    Experiment created = katib.create(built, LocalKatibTest::loss);
    assertThat(created.namespace()).isEqualTo("team-a");

    Experiment done = katib.awaitCompletion(bare, TIMEOUT);
    assertThat(ExperimentRef.of(done)).isEqualTo(ExperimentRef.of("team-a", "no-ns"));
    assertThat(katib.directory(bare)).isEqualTo(dir.resolve("team-a").resolve("no-ns"));
    assertThat(katib.find(bare)).isPresent();
    assertThat(katib.trials(bare)).hasSize(2);
    assertThat(katib.suggestion(bare)).isPresent();
    assertThat(katib.list("")).extracting(Experiment::name).containsExactly("no-ns");
    katib.stop(bare);
    katib.resume(bare, LocalKatibTest::loss);
    katib.delete(bare);
    assertThat(dir.resolve("team-a").resolve("no-ns")).doesNotExist();
  }

  @Test
  void waits_withTimeoutsTooLongToCountInNanoseconds_waitWithoutLimit() {
    List<Duration> unbounded = List.of(Duration.ofSeconds(Long.MAX_VALUE), ChronoUnit.FOREVER.getDuration(),
        Duration.ofDays(365L * 300));
    Experiment done = katib.run(quadratic("forever").maxTrialCount(2).parallelTrialCount(1).build(),
        LocalKatibTest::loss, ChronoUnit.FOREVER.getDuration());
    ExperimentRef ref = ExperimentRef.of(done);

    for (Duration timeout : unbounded) {
      assertThat(katib.awaitCompletion(ref, timeout).status().orElseThrow().isSucceeded()).as(timeout.toString())
          .isTrue();
      assertThat(katib.awaitOptimalTrial(ref, timeout).bestTrialName()).startsWith("forever-");
      assertThat(katib.awaitTrials(ref, timeout).status().orElseThrow().trials()).isEqualTo(2);
    }
    try (LocalKatib reader = LocalKatib.builder().directory(dir).build()) {
      assertThat(reader.awaitCompletion(ref, unbounded.get(0)).status().orElseThrow().isSucceeded()).isTrue();
    }
    Duration negative = Duration.ofSeconds(Long.MIN_VALUE);
    assertThatThrownBy(() -> katib.awaitCompletion(ref, negative)).isExactlyInstanceOf(KatibException.class)
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> katib.awaitTrials(ref, negative)).isExactlyInstanceOf(KatibException.class)
        .hasMessageContaining("must not be negative");
  }

  @Test
  void await_behindASlowListener_timesOutSayingTheExperimentCompletedAndNamingTheListener() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch watching = new CountDownLatch(1);
    ExperimentRef ref = ExperimentRef.of(katib.create(quadratic("behind").maxTrialCount(2).parallelTrialCount(1)
        .build(), trial -> {
          watching.await();
          return loss(trial);
        }));
    Subscription slow = katib.watch(ref, new ExperimentListener() {
      @Override
      public void onTrial(TrialEvent event) {
        try {
          release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public String toString() {
        return "the-slow-listener";
      }
    });
    watching.countDown();
    try {
      // Reads do not go through the listener thread: the experiment is seen completed while the listener is stuck.
      long until = System.nanoTime() + TIMEOUT.toNanos();
      while (!katib.get(ref).status().orElseThrow().isCompleted() && System.nanoTime() < until) {
        Thread.sleep(10);
      }

      for (ThrowingWait wait : List.<ThrowingWait>of(() -> katib.awaitCompletion(ref, Duration.ofMillis(300)),
          () -> katib.awaitTrials(ref, Duration.ofMillis(300)))) {
        assertThatThrownBy(wait::call).isInstanceOf(KatibTimeoutException.class)
            .hasMessageStartingWith("Experiment default/behind completed")
            .hasMessageContaining("last condition Succeeded True), but the wait did not return within 300ms: a wait"
                + " returns once the listeners have been called with every change up to then, and they were still"
                + " being called (listener the-slow-listener has been in one call for ")
            .hasMessageEndingWith("A listener must return quickly: hand slow work to another thread");
      }
    } finally {
      release.countDown();
    }
    assertThat(katib.awaitCompletion(ref, TIMEOUT).status().orElseThrow().isSucceeded()).isTrue();
    slow.close();
  }

  interface ThrowingWait {
    Object call();
  }

  @Test
  void await_calledByAListenerOfTheSameExperiment_failsAtOnce_insteadOfTimingOut() throws Exception {
    ExperimentRef ref = ExperimentRef.of(katib.create(quadratic("self").maxTrialCount(2).parallelTrialCount(1)
        .build(), LocalKatibTest::loss));
    List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
    List<Long> tookMillis = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch called = new CountDownLatch(1);
    try (Subscription subscription = katib.watch(ref, new ExperimentListener() {
      @Override
      public void onExperiment(Experiment experiment) {
        if (called.getCount() == 0) {
          return;
        }
        for (ThrowingWait wait : List.<ThrowingWait>of(() -> katib.awaitCompletion(ref, TIMEOUT),
            () -> katib.awaitOptimalTrial(ref, TIMEOUT), () -> katib.awaitTrials(ref, TIMEOUT))) {
          long start = System.nanoTime();
          try {
            wait.call();
          } catch (RuntimeException e) {
            thrown.add(e);
          }
          tookMillis.add((System.nanoTime() - start) / 1_000_000);
        }
        called.countDown();
      }
    })) {
      assertThat(called.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    assertThat(thrown).hasSize(3).allSatisfy(e -> assertThat(e).isExactlyInstanceOf(KatibException.class)
        .hasMessageContaining("was called by a listener of Experiment default/self, on the thread that calls its"
            + " listeners, where it could only time out"));
    assertThat(thrown.get(2)).hasMessageStartingWith("awaitTrials was called");
    assertThat(tookMillis).allSatisfy(ms -> assertThat(ms).isLessThan(5_000));
    assertThat(katib.awaitCompletion(ref, TIMEOUT).status().orElseThrow().isSucceeded()).isTrue();
  }

  @Test
  void stop_ofATrialFunctionThatIgnoresItsInterrupt_returnsAfterTenSeconds_andANoteNamesTheTrialAndItsThread()
      throws Exception {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).notes(new PrintWriter(notes, true)).build();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> names = Collections.synchronizedList(new ArrayList<>());
    ExperimentRef ref = ExperimentRef.of(katib.create(quadratic("stubborn").maxTrialCount(1).parallelTrialCount(1)
        .build(), trial -> {
          names.add(trial.trialName() + " on " + Thread.currentThread().getName());
          started.countDown();
          while (release.getCount() > 0) {
            try {
              release.await();
            } catch (InterruptedException ignored) {
              // Ignores being asked to stop.
            }
          }
          return loss(trial);
        }));
    assertThat(started.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    String trial = katib.trials(ref).get(0).name();

    long start = System.nanoTime();
    try {
      katib.stop(ref);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(20));
      assertThat(names).containsExactly(trial + " on katib4j-trial default/stubborn " + trial);
      assertThat(notes.toString()).contains("katib: default/stubborn: " + trial + ": did not stop within 10s of being"
          + " asked to (its thread was interrupted); its thread \"katib4j-trial default/stubborn " + trial + "\" goes"
          + " on running in this JVM, and nothing it does from now on is kept. A trial function must return");
    } finally {
      release.countDown();
    }
    katib.resume(ref, LocalKatibTest::loss);
    Experiment done = katib.awaitCompletion(ref, TIMEOUT);
    assertThat(status(done).trialsSucceeded()).isEqualTo(1);
  }

  @Test
  void trialContext_usedAfterItsTrialEnded_throwsInsteadOfRecordingNothing() throws Exception {
    List<TrialContext> kept = Collections.synchronizedList(new ArrayList<>());
    Experiment done = katib.run(quadratic("leaked").maxTrialCount(1).parallelTrialCount(1).build(), trial -> {
      kept.add(trial);
      return loss(trial);
    }, TIMEOUT);
    ExperimentRef ref = ExperimentRef.of(done);
    String trial = katib.trials(ref).get(0).name();
    String journal = Files.readString(katib.directory(ref).resolve("journal.log"));

    assertThatThrownBy(() -> kept.get(0).report("loss", 0.0)).isExactlyInstanceOf(KatibException.class)
        .hasMessage("trial " + trial + " has ended (its function returned or threw), so this report is not recorded;"
            + " report from the function while it runs, or return the final metrics");
    assertThatThrownBy(() -> kept.get(0).report(1, Map.of("loss", 0.0))).isExactlyInstanceOf(KatibException.class);
    assertThat(Files.readString(katib.directory(ref).resolve("journal.log"))).isEqualTo(journal);
  }

  @Test
  void closedEngine_advisesResumingInANewEngine_notInItself() {
    CountDownLatch release = new CountDownLatch(1);
    ExperimentRef ref = ExperimentRef.of(katib.create(quadratic("closed").maxTrialCount(1).parallelTrialCount(1)
        .build(), trial -> {
          release.await();
          return loss(trial);
        }));
    katib.close();
    release.countDown();

    String advice = "this LocalKatib is closed, so resume it in a new one (LocalKatib.builder()...build().resume(ref))";
    assertThatThrownBy(() -> katib.watch(ref, new ExperimentListener() { }))
        .hasMessage("Experiment default/closed is not running in this engine; " + advice);
    assertThatThrownBy(() -> katib.awaitCompletion(ref, TIMEOUT))
        .hasMessage("Experiment default/closed is not running in this engine and has not completed; " + advice);
    assertThatThrownBy(() -> katib.resume(ref, LocalKatibTest::loss)).hasMessageContaining("is closed");
    try (LocalKatib other = LocalKatib.builder().directory(dir).build()) {
      assertThatThrownBy(() -> other.watch(ref, new ExperimentListener() { }))
          .hasMessage("Experiment default/closed is not running in this engine; resume it first (resume(ref))");
    }
  }
}
