package io.github.katib4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.Budget;
import io.github.katib4j.ExperimentListener;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.KatibTimeoutException;
import io.github.katib4j.Subscription;
import io.github.katib4j.TrialEvent;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentStatus;
import io.github.katib4j.experiment.ObjectMeta;
import io.github.katib4j.experiment.ResumePolicy;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialConditionType;
import io.github.katib4j.k8s.testing.ControlPlane;
import io.github.katib4j.k8s.testing.ControlPlaneExtension;
import io.github.katib4j.k8s.testing.Fault;
import io.github.katib4j.k8s.testing.FaultProxy;
import io.github.katib4j.k8s.testing.KatibControllerStandIn;
import io.github.katib4j.k8s.testing.RecordedRequest;
import io.github.katib4j.testing.KatibContract.Outcome;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client through a fault-injecting proxy and API server restarts: each scenario ends in the right state, with
 * exactly one experiment however often a request was retried.
 */
@ExtendWith(ControlPlaneExtension.class)
class KatibClientFaultIT {
  /** Fast retries, so the scenarios take seconds. */
  private static final RetryPolicy QUICK = RetryPolicy.defaults().withInitialBackoff(Duration.ofMillis(100))
      .withMaxBackoff(Duration.ofSeconds(1));
  private static final Duration AWAIT = Duration.ofSeconds(60);

  private ControlPlane plane;
  private ApiClient admin;
  private String namespace;
  private FaultProxy proxy;
  private KatibClient client;
  private KatibControllerStandIn controller;

  @BeforeEach
  void setUp(ControlPlane plane, ApiClient admin) {
    this.plane = plane;
    this.admin = admin;
    this.namespace = plane.createNamespace("faults");
    this.proxy = FaultProxy.start(plane);
    this.client = clientThroughProxy(KatibClient.builder());
    this.controller = KatibControllerStandIn.start(admin, namespace);
  }

  @AfterEach
  void tearDown() {
    controller.close();
    client.close();
    proxy.close();
  }

  private KatibClient clientThroughProxy(KatibClient.Builder builder) {
    return builder.apiClient(proxy.apiClient()).namespace(namespace).retryPolicy(QUICK).build();
  }

  private Experiment experiment(String name) {
    return ContractExperiments.random(name, namespace, Outcome.SUCCEED);
  }

  private static Predicate<RecordedRequest> post(String plural) {
    return r -> r.method().equals("POST") && r.path().endsWith("/" + plural);
  }

  private static Predicate<RecordedRequest> watchOf(String plural) {
    return r -> r.isWatch() && r.path().endsWith("/" + plural);
  }

  private static Predicate<RecordedRequest> listOf(String plural) {
    return r -> r.method().equals("GET") && !r.isWatch() && r.path().endsWith("/" + plural);
  }

  private List<String> experimentNames() {
    return new DynamicKubernetesApi("kubeflow.org", "v1beta1", "experiments", admin).list(namespace).getObject()
        .getItems().stream().map(o -> o.getMetadata().getName()).collect(Collectors.toList());
  }

  private void awaitRequest(Predicate<RecordedRequest> predicate, long count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (proxy.countRequests(predicate) < count) {
      assertThat(System.nanoTime()).as("waiting for %d matching requests", count).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private CompletableFuture<Experiment> awaitInBackground(ExperimentRef ref) {
    return CompletableFuture.supplyAsync(() -> client.awaitCompletion(ref, AWAIT));
  }

  // ---- create: exactly one experiment whatever happens to the answer ----------------------------------------------

  @Test
  void create_answerLostAfterTheServerCreatedIt_returnsItAndMakesNoSecond() {
    FaultProxy.Injection lost = proxy.inject(Fault.when(post("experiments")).loseResponse());

    Experiment created = client.create(experiment("lost"));

    assertThat(lost.hits()).isEqualTo(1);
    assertThat(created.name()).isEqualTo("lost");
    assertThat(created.metadata().uid()).isNotEmpty();
    // The retry met 409 AlreadyExists, read the experiment and recognised its own token.
    assertThat(proxy.countRequests(post("experiments"))).isEqualTo(2);
    assertThat(experimentNames()).containsExactly("lost");
  }

  @Test
  void create_withGenerateName_answerLost_makesExactlyOneExperiment() {
    proxy.inject(Fault.when(post("experiments")).loseResponse());
    Experiment named = experiment("unused");
    Experiment generated = named.withMetadata(ObjectMeta.builder().from(named.metadata()).name("")
        .generateName("tune-").build());

    Experiment created = client.create(generated);

    assertThat(created.name()).startsWith("tune-");
    assertThat(created.metadata().generateName()).isEqualTo("tune-");
    assertThat(experimentNames()).containsExactly(created.name());
  }

  @Test
  void create_throttledWithRetryAfter_waitsAsToldThenCreatesOnce() {
    proxy.inject(Fault.when(post("experiments")).times(2).respond(429, Duration.ofSeconds(1)));
    long start = System.nanoTime();

    client.create(experiment("throttled"));

    List<Instant> posts = proxy.requests().stream().filter(post("experiments")).map(RecordedRequest::receivedAt)
        .collect(Collectors.toList());
    assertThat(posts).hasSize(3);
    assertThat(Duration.between(posts.get(0), posts.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(Duration.between(posts.get(1), posts.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(experimentNames()).containsExactly("throttled");
  }

  @Test
  void create_5xxBurstAndDroppedConnection_retriesAndMakesExactlyOne() {
    proxy.inject(Fault.when(post("experiments")).times(2).respond(503));
    proxy.inject(Fault.when(post("experiments")).drop());

    client.create(experiment("burst"));

    assertThat(proxy.countRequests(post("experiments"))).isEqualTo(4);
    assertThat(experimentNames()).containsExactly("burst");
  }

  // ---- reads and deletes ------------------------------------------------------------------------------------------

  @Test
  void find_5xxBurst_isRetriedWithBackoff() {
    client.create(experiment("read"));
    proxy.inject(Fault.when(r -> r.method().equals("GET") && r.path().endsWith("/experiments/read")).times(3)
        .respond(500));

    assertThat(client.find(ExperimentRef.of(namespace, "read"))).isPresent();
    assertThat(proxy.countRequests(r -> r.path().endsWith("/experiments/read"))).isEqualTo(4);
  }

  @Test
  void find_serverStallsLongerThanTheRequestTimeout_isCutAndRetried() {
    client.create(experiment("stalled"));
    proxy.inject(Fault.when(r -> r.path().endsWith("/experiments/stalled")).stall(Duration.ofSeconds(20)));
    long start = System.nanoTime();

    try (KatibClient impatient = clientThroughProxy(KatibClient.builder().requestTimeout(Duration.ofSeconds(1)))) {
      assertThat(impatient.find(ExperimentRef.of(namespace, "stalled"))).isPresent();
    }

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(proxy.countRequests(r -> r.path().endsWith("/experiments/stalled"))).isEqualTo(2);
  }

  @Test
  void delete_answerLost_isRetriedAndCountsAsDone() {
    controller.close();
    client.create(experiment("doomed"));
    proxy.inject(Fault.when(r -> r.method().equals("DELETE")).loseResponse());

    client.delete(ExperimentRef.of(namespace, "doomed"));

    assertThat(proxy.countRequests(r -> r.method().equals("DELETE"))).isEqualTo(2);
    assertThat(experimentNames()).isEmpty();
  }

  // ---- awaiting through broken watches ----------------------------------------------------------------------------

  @Test
  void awaitCompletion_connectionsDroppedMidWatch_reconnectsAndReturnsTheResult() throws Exception {
    controller.pause();
    Experiment created = client.create(experiment("dropped"));
    ExperimentRef ref = ExperimentRef.of(created);
    controller.drive(created.name(), Outcome.SUCCEED);
    CompletableFuture<Experiment> done = awaitInBackground(ref);

    for (int drop = 1; drop <= 3; drop++) {
      awaitRequest(watchOf("experiments"), drop);
      Thread.sleep(200);
      assertThat(proxy.dropConnections()).isPositive();
    }
    controller.resume();

    Experiment result = done.get(60, TimeUnit.SECONDS);
    assertThat(result.status().orElseThrow().isSucceeded()).isTrue();
    // Reconnected from the last version seen: no relist was needed.
    assertThat(proxy.countRequests(watchOf("experiments"))).isGreaterThanOrEqualTo(4);
    assertThat(proxy.countRequests(listOf("experiments"))).isEqualTo(1);
    assertThat(experimentNames()).containsExactly("dropped");
  }

  @Test
  void awaitCompletion_apiServerNotAnsweringAtTheTimeout_saysSinceWhenInsteadOfBlamingKatibsController()
      throws Exception {
    ExperimentRef ref = ExperimentRef.of(client.create(experiment("unanswered")));
    CompletableFuture<Experiment> done = CompletableFuture.supplyAsync(() -> client.awaitCompletion(ref,
        Duration.ofSeconds(4)));
    awaitRequest(watchOf("experiments"), 1);
    Thread.sleep(200);

    // From now on, as while the API server is down: every connection is cut before an answer.
    proxy.inject(Fault.when(r -> true).always().drop());
    proxy.dropConnections();

    assertThatThrownBy(() -> done.get(60, TimeUnit.SECONDS)).cause()
        .isInstanceOf(KatibTimeoutException.class)
        .hasMessageStartingWith("Timed out after 4s waiting for experiment " + ref + " to complete; the API server "
            + "has not answered since ")
        .hasMessageMatching("(?s).* has not answered since \\d\\d:\\d\\d:\\d\\d \\(\\d+(ms|s) ago; "
            + "(java|javax|okhttp3)\\..*")
        .hasMessageContaining("so what happened meanwhile is not known; last seen before: no status yet")
        .hasMessageContaining("Check that the cluster is reachable")
        .hasMessageNotContaining("katib-controller");
  }

  @Test
  void awaitCompletion_watchAnswered410_listsAgainAndReturnsTheResult() throws Exception {
    controller.pause();
    Experiment created = client.create(experiment("expired"));
    controller.drive(created.name(), Outcome.SUCCEED);
    proxy.inject(Fault.when(watchOf("experiments")).respond(410));

    CompletableFuture<Experiment> done = awaitInBackground(ExperimentRef.of(created));
    awaitRequest(listOf("experiments"), 2);
    controller.resume();

    assertThat(done.get(60, TimeUnit.SECONDS).status().orElseThrow().isSucceeded()).isTrue();
    assertThat(proxy.requests()).filteredOn(watchOf("experiments")).first()
        .satisfies(r -> assertThat(r.fault()).hasValue("respond 410"));
  }

  @Test
  void awaitCompletion_watchStalledSilently_theSafetyReadFindsTheResult() throws Exception {
    controller.pause();
    Experiment created = client.create(experiment("silent"));
    controller.drive(created.name(), Outcome.SUCCEED);
    proxy.inject(Fault.when(watchOf("experiments")).always().stall(Duration.ofSeconds(120)));

    try (KatibClient careful = clientThroughProxy(KatibClient.builder().safetyReadInterval(Duration.ofSeconds(1)))) {
      CompletableFuture<Experiment> done = CompletableFuture.supplyAsync(() ->
          careful.awaitCompletion(ExperimentRef.of(created), AWAIT));
      controller.resume();

      assertThat(done.get(30, TimeUnit.SECONDS).status().orElseThrow().isSucceeded()).isTrue();
    }
    assertThat(proxy.requests()).filteredOn(watchOf("experiments"))
        .allSatisfy(r -> assertThat(r.fault()).hasValue("stall 120000ms"));
    assertThat(proxy.countRequests(r -> r.path().endsWith("/experiments/silent") && r.method().equals("GET")))
        .isPositive();
  }

  @Test
  void awaitCompletion_safetyReadsHang_runOneAtATimeAndEndWithTheWait() throws Exception {
    controller.pause();
    Experiment created = client.create(experiment("hung"));
    Predicate<RecordedRequest> read = r -> r.method().equals("GET") && r.path().endsWith("/experiments/hung");
    proxy.inject(Fault.when(read).always().stall(Duration.ofSeconds(60)));

    try (KatibClient careful = clientThroughProxy(KatibClient.builder().safetyReadInterval(Duration.ofMillis(200)))) {
      assertThatThrownBy(() -> careful.awaitCompletion(ExperimentRef.of(created), Duration.ofSeconds(3)))
          .isInstanceOf(KatibTimeoutException.class);
      Thread.sleep(500);

      assertThat(proxy.countRequests(read)).as("safety reads sent while the first one hung").isEqualTo(1);
      assertThat(Thread.getAllStackTraces().values()).as("safety reads still under way after the wait")
          .noneMatch(stack -> java.util.Arrays.stream(stack).anyMatch(f -> f.getMethodName().equals("safetyRead")));
    }
  }

  @Test
  void awaitCompletion_apiServerRestarted_relistsAfter410AndReturnsTheResult() throws Exception {
    controller.pause();
    Experiment created = client.create(experiment("restart"));
    controller.drive(created.name(), Outcome.SUCCEED);
    CompletableFuture<Experiment> done = awaitInBackground(ExperimentRef.of(created));
    awaitRequest(watchOf("experiments"), 1);

    plane.restartApiServer();
    controller.resume();

    assertThat(done.get(60, TimeUnit.SECONDS).status().orElseThrow().isSucceeded()).isTrue();
    // The restarted server's watch cache starts after the version the client held, so the client listed again.
    assertThat(proxy.countRequests(listOf("experiments"))).isGreaterThanOrEqualTo(2);
    assertThat(experimentNames()).containsExactly("restart");
  }

  @Test
  void close_whileAnotherThreadWaits_endsTheWaitAtOnceAndLaterCallsSaySo() throws Exception {
    Experiment created = client.create(experiment("abandoned"));
    ExperimentRef ref = ExperimentRef.of(created);
    CompletableFuture<?> waiting = CompletableFuture.supplyAsync(() -> client.awaitOptimalTrial(ref, AWAIT));
    awaitRequest(watchOf("experiments"), 1);
    long start = System.nanoTime();

    client.close();

    assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(KatibException.class)
        .cause().hasMessageContaining("The KatibClient is closed, so waiting for experiment " + ref
            + " to complete cannot go on");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThatThrownBy(() -> client.awaitCompletion(ref, AWAIT)).isExactlyInstanceOf(KatibException.class)
        .hasMessageStartingWith("The KatibClient is closed, so awaitCompletion cannot go on");
    assertThatThrownBy(() -> client.watch(ref, new ExperimentListener() {}))
        .isExactlyInstanceOf(KatibException.class).hasMessageStartingWith("The KatibClient is closed, so watch");
    assertThatThrownBy(() -> client.get(ref)).isExactlyInstanceOf(KatibException.class)
        .hasMessageStartingWith("The KatibClient is closed");
    client.close();
  }

  // ---- listeners and budget edits ---------------------------------------------------------------------------------

  @Test
  void watch_connectionsDroppedWhileTrialsRun_reportsEachStateChangeExactlyOnce() throws Exception {
    List<TrialEvent> events = new CopyOnWriteArrayList<>();
    Experiment sent = client.create(experiment("listened"));
    ExperimentRef ref = ExperimentRef.of(sent);

    try (Subscription subscription = client.watch(ref, new ExperimentListener() {
      @Override
      public void onTrial(TrialEvent event) {
        events.add(event);
      }
    })) {
      controller.drive(sent.name(), Outcome.SUCCEED);
      CompletableFuture<Experiment> done = awaitInBackground(ref);
      for (int i = 0; i < 4 && !done.isDone(); i++) {
        Thread.sleep(250);
        proxy.dropConnections();
      }
      done.get(60, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (events.stream().filter(e -> e.state().equals(java.util.Optional.of(TrialConditionType.SUCCEEDED)))
          .count() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    }

    List<Trial> trials = client.trials(ref);
    assertThat(trials).hasSize(3);
    for (Trial trial : trials) {
      List<String> seen = events.stream().filter(e -> e.trial().name().equals(trial.name()))
          .map(TrialEvent::toString).collect(Collectors.toList());
      assertThat(seen).as("events of %s", trial.name()).doesNotHaveDuplicates()
          .last().asString().endsWith("-> Succeeded");
    }
  }

  @Test
  void watch_experimentDeletedAndCreatedAgainUnderItsName_endsWithOnDeletedAndIgnoresTheNewOne() throws Exception {
    Experiment sent = experiment("reborn");
    ExperimentRef ref = ExperimentRef.of(client.create(sent));
    controller.drive(ref.name(), Outcome.HANG);
    List<String> calls = new CopyOnWriteArrayList<>();
    Subscription subscription = client.watch(ref, new ExperimentListener() {
      @Override
      public void onTrial(TrialEvent event) {
        calls.add("trial " + event.trial().name());
      }

      @Override
      public void onExperiment(Experiment experiment) {
        calls.add("experiment " + experiment.metadata().uid());
      }

      @Override
      public void onDeleted(ExperimentRef experiment) {
        calls.add("deleted " + experiment);
      }
    });
    awaitCall(calls, "trial ");

    client.delete(ref);
    awaitCall(calls, "deleted ");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    // Gone, and its trials collected by the stand-in, which then forgets the experiment's plan.
    while ((experimentNames().contains(ref.name()) || !client.trials(ref).isEmpty())
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Experiment again = client.create(sent);
    controller.drive(ref.name(), Outcome.HANG);
    while (client.trials(ref).size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    long watches = proxy.countRequests(RecordedRequest::isWatch);
    proxy.dropConnections();
    Thread.sleep(1500);

    assertThat(calls).filteredOn(c -> c.startsWith("deleted ")).containsExactly("deleted " + ref);
    assertThat(calls).last().isEqualTo("deleted " + ref);
    assertThat(calls).noneMatch(c -> c.equals("experiment " + again.metadata().uid()));
    List<String> newTrials = client.trials(ref).stream().map(Trial::name).collect(Collectors.toList());
    assertThat(newTrials).isNotEmpty();
    assertThat(calls).noneMatch(c -> newTrials.stream().anyMatch(t -> c.equals("trial " + t)));
    assertThat(proxy.countRequests(RecordedRequest::isWatch)).as("watches made after the subscription ended")
        .isEqualTo(watches);
    subscription.close();
  }

  @Test
  void watch_userMayNotListTrials_tellsTheListenerOnceAndStopsAsking() throws Exception {
    Experiment created = client.create(experiment("secret"));
    controller.drive(created.name(), Outcome.HANG);
    Path limited = proxy.kubeconfigFor(plane.namespacedUserKubeconfig(namespace, "no-trials", List.of(
        new V1PolicyRule().apiGroups(List.of("kubeflow.org")).resources(List.of("experiments", "suggestions"))
            .verbs(List.of("*")),
        new V1PolicyRule().apiGroups(List.of("kubeflow.org")).resources(List.of("trials")).verbs(List.of("get")))));
    List<KatibException> failures = new CopyOnWriteArrayList<>();
    List<Experiment> changes = new CopyOnWriteArrayList<>();

    try (KatibClient user = KatibClient.builder().kubeconfig(limited).namespace(namespace).retryPolicy(QUICK).build();
        Subscription subscription = user.watch(ExperimentRef.of(created), new ExperimentListener() {
          @Override
          public void onExperiment(Experiment experiment) {
            changes.add(experiment);
          }

          @Override
          public void onFailure(KatibException failure) {
            failures.add(failure);
          }
        })) {
      Thread.sleep(3000);
    }

    assertThat(failures).singleElement().satisfies(f -> assertThat(f.getMessage())
        .startsWith("Stopped following the trials of experiment " + namespace + "/secret, so its changes are not "
            + "reported: GET ")
        .contains("HTTP 403 Forbidden").contains("cannot list resource \"trials\"")
        .contains("kubeflow-katib-edit role"));
    assertThat(changes).as("the experiment is still followed").isNotEmpty();
    assertThat(proxy.countRequests(listOf("trials"))).as("trial lists").isEqualTo(1);
  }

  private static void awaitCall(List<String> calls, String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (calls.stream().noneMatch(c -> c.startsWith(prefix))) {
      assertThat(System.nanoTime()).as("waiting for a listener call %s...: %s", prefix, calls).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void editBudget_conflictingChangeInBetween_readsAgainAndKeepsBothChanges() throws Exception {
    controller.close();
    Experiment created = client.create(experiment("edited"));
    ExperimentRef ref = ExperimentRef.of(created);
    // Hold our patch while someone else changes the experiment, so its resourceVersion precondition fails.
    proxy.inject(Fault.when(r -> r.method().equals("PATCH")).stall(Duration.ofMillis(1500)));
    CompletableFuture<Experiment> edit = CompletableFuture.supplyAsync(() ->
        client.editBudget(ref, Budget.unchanged().withMaxTrialCount(9)));
    awaitRequest(r -> r.method().equals("PATCH"), 1);
    new DynamicKubernetesApi("kubeflow.org", "v1beta1", "experiments", admin).patch(namespace, "edited",
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, new V1Patch("{\"metadata\":{\"labels\":{\"owner\":\"ada\"}}}"));

    Experiment updated = edit.get(30, TimeUnit.SECONDS);

    assertThat(proxy.countRequests(r -> r.method().equals("PATCH"))).isEqualTo(2);
    assertThat(updated.spec().maxTrialCount()).hasValue(9);
    assertThat(updated.metadata().labels()).containsEntry("owner", "ada");
  }

  /** A LongRunning experiment that succeeded by reaching its maxTrialCount, so raising it restarts it. */
  private ExperimentRef completedLongRunning(String name) {
    Experiment base = experiment(name);
    Experiment created = client.create(base.withSpec(base.spec().withResumePolicy(ResumePolicy.LONG_RUNNING)));
    controller.drive(created.name(), Outcome.SUCCEED);
    ExperimentRef ref = ExperimentRef.of(created);
    client.awaitCompletion(ref, AWAIT);
    return ref;
  }

  @Test
  void editBudget_answerLostSoTheRetryMeetsConflict_stillWaitsForKatibsRestart() throws Exception {
    ExperimentRef ref = completedLongRunning("resumed");
    int first = client.get(ref).status().orElseThrow().trials();
    controller.pause();
    proxy.inject(Fault.when(r -> r.method().equals("PATCH")).loseResponse());

    CompletableFuture<Experiment> edit = CompletableFuture.supplyAsync(() ->
        client.editBudget(ref, Budget.unchanged().withMaxTrialCount(first + 2)));
    // The retried patch met 409 (the first one applied) and the experiment was read again.
    awaitRequest(r -> r.method().equals("PATCH"), 2);
    awaitRequest(r -> r.method().equals("GET") && r.path().endsWith("/experiments/resumed"), 3);
    Thread.sleep(500);
    assertThat(edit.isDone()).as("editBudget returned before Katib restarted the experiment").isFalse();
    controller.resume();
    Experiment restarted = edit.get(30, TimeUnit.SECONDS);
    Experiment done = client.awaitCompletion(ref, AWAIT);

    assertThat(restarted.status().map(ExperimentStatus::isCompleted)).hasValue(false);
    assertThat(done.status().orElseThrow().trials()).isEqualTo(first + 2);
  }

  @Test
  void editBudget_sameBudgetAgainBeforeKatibRestartedIt_waitsForTheRestartAgain() {
    ExperimentRef ref = completedLongRunning("again");
    int first = client.get(ref).status().orElseThrow().trials();
    controller.pause();
    Budget budget = Budget.unchanged().withMaxTrialCount(first + 1);

    try (KatibClient impatient = clientThroughProxy(KatibClient.builder().restartTimeout(Duration.ofSeconds(1)))) {
      assertThatThrownBy(() -> impatient.editBudget(ref, budget)).isInstanceOf(KatibTimeoutException.class)
          .hasMessageContaining("has not restarted it within 1s");
      assertThatThrownBy(() -> impatient.editBudget(ref, budget)).isInstanceOf(KatibTimeoutException.class)
          .hasMessageContaining("has not restarted it within 1s");
      controller.resume();
      Experiment restarted = impatient.editBudget(ref, budget);

      assertThat(restarted.status().map(ExperimentStatus::isCompleted)).hasValue(false);
    }
    assertThat(proxy.countRequests(r -> r.method().equals("PATCH"))).isEqualTo(1);
  }

  @Test
  void editBudget_conflictEveryTime_givesUpAfterFiveSayingSomeoneKeepsWritingIt() {
    controller.close();
    ExperimentRef ref = ExperimentRef.of(client.create(experiment("contested")));
    proxy.inject(Fault.when(r -> r.method().equals("PATCH")).always().respond(409));

    assertThatThrownBy(() -> client.editBudget(ref, Budget.unchanged().withMaxTrialCount(9)))
        .isInstanceOfSatisfying(KatibApiException.class, e -> assertThat(e.statusCode()).isEqualTo(409))
        .hasMessageStartingWith("The budget of experiment " + ref + " is not changed: it changed between reading and "
            + "patching it 5 times in a row (HTTP 409 Conflict each time), so another client or a controller keeps "
            + "writing it; try again in a moment")
        .hasMessageContaining("kubectl get experiment contested -n " + namespace);
    assertThat(proxy.countRequests(r -> r.method().equals("PATCH"))).isEqualTo(5);
  }

  @Test
  void streamTrials_continueTokenExpiredMidStream_continuesWithoutRepeatingOrLosingTrials() throws Exception {
    DynamicKubernetesApi trials = new DynamicKubernetesApi("kubeflow.org", "v1beta1", "trials", admin);
    for (int i = 0; i < 30; i++) {
      JsonObject trial = JsonParser.parseString("{\"apiVersion\":\"kubeflow.org/v1beta1\",\"kind\":\"Trial\","
          + "\"metadata\":{\"name\":\"long-" + String.format("%03d", i) + "\",\"labels\":{"
          + "\"katib.kubeflow.org/experiment\":\"long\"}},\"spec\":{}}").getAsJsonObject();
      assertThat(trials.create(namespace, new DynamicKubernetesObject(trial),
          new io.kubernetes.client.util.generic.options.CreateOptions()).isSuccess()).isTrue();
    }
    List<String> names = new ArrayList<>();

    try (KatibClient paging = clientThroughProxy(KatibClient.builder().pageSize(10))) {
      var iterator = paging.streamTrials(ExperimentRef.of(namespace, "long")).iterator();
      for (int i = 0; i < 10; i++) {
        names.add(iterator.next().name());
      }
      // A write after the first page, then compaction: etcd forgets the list's snapshot, and the restarted API
      // server no longer has it cached either.
      JsonObject other = JsonParser.parseString("{\"apiVersion\":\"kubeflow.org/v1beta1\",\"kind\":\"Trial\","
          + "\"metadata\":{\"name\":\"other-000\",\"labels\":{\"katib.kubeflow.org/experiment\":\"other\"}},"
          + "\"spec\":{}}").getAsJsonObject();
      assertThat(trials.create(namespace, new DynamicKubernetesObject(other),
          new io.kubernetes.client.util.generic.options.CreateOptions()).isSuccess()).isTrue();
      plane.compactEtcd();
      plane.restartApiServer();
      iterator.forEachRemaining(t -> names.add(t.name()));
    }

    assertThat(names).hasSize(30).doesNotHaveDuplicates();
    assertThat(proxy.requests()).filteredOn(listOf("trials")).extracting(r -> r.fault().orElse("-"))
        .containsOnly("-");
    // After the 410, the list went on with the token the API server sent with it, which continues at the current
    // version instead of the lost snapshot: its resource version is -1.
    List<String> versions = proxy.requests().stream().filter(listOf("trials"))
        .flatMap(r -> r.queryParameter("continue").stream())
        .map(t -> new String(java.util.Base64.getUrlDecoder().decode(t), java.nio.charset.StandardCharsets.UTF_8))
        .map(t -> JsonParser.parseString(t).getAsJsonObject().get("rv").getAsString())
        .collect(Collectors.toList());
    assertThat(versions).as("continue tokens' resource versions").contains("-1");
    assertThat(versions.get(0)).isNotEqualTo("-1");
  }
}
