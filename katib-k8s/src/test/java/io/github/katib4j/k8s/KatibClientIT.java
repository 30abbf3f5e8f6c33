package io.github.katib4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.ExperimentFailedException;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibTimeoutException;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Suggestion;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.k8s.testing.ControlPlane;
import io.github.katib4j.k8s.testing.ControlPlaneExtension;
import io.github.katib4j.k8s.testing.FaultProxy;
import io.github.katib4j.k8s.testing.KatibControllerStandIn;
import io.github.katib4j.k8s.testing.RecordedRequest;
import io.github.katib4j.testing.KatibContract.Outcome;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What only a cluster client has: label selectors, pages, trial streams, suggestions, delete propagation. */
@ExtendWith(ControlPlaneExtension.class)
class KatibClientIT {
  private ControlPlane plane;
  private ApiClient admin;
  private String namespace;
  private FaultProxy proxy;
  private KatibClient client;

  @BeforeEach
  void setUp(ControlPlane plane, ApiClient admin) {
    this.plane = plane;
    this.admin = admin;
    this.namespace = plane.createNamespace("client");
    this.proxy = FaultProxy.start(plane);
    this.client = KatibClient.builder().apiClient(proxy.apiClient()).namespace(namespace).pageSize(50).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    proxy.close();
  }

  private Experiment experiment(String name, String team) {
    Experiment base = ContractExperiments.random(name, namespace, Outcome.SUCCEED);
    return base.withMetadata(base.metadata().withLabels(java.util.Map.of("team", team)));
  }

  private static boolean isList(RecordedRequest r, String plural) {
    return r.method().equals("GET") && r.path().endsWith("/" + plural) && !r.isWatch();
  }

  /** {@code count} Trial objects of experiment {@code experiment}, made directly, as Katib's controller would. */
  private void createTrials(String experiment, int count) {
    DynamicKubernetesApi trials = new DynamicKubernetesApi("kubeflow.org", "v1beta1", "trials", admin);
    for (int i = 0; i < count; i++) {
      JsonObject trial = JsonParser.parseString("{\"apiVersion\":\"kubeflow.org/v1beta1\",\"kind\":\"Trial\","
          + "\"metadata\":{\"name\":\"" + experiment + "-" + String.format("%08d", i) + "\",\"namespace\":\""
          + namespace + "\",\"labels\":{\"katib.kubeflow.org/experiment\":\"" + experiment + "\"}},"
          + "\"spec\":{\"parameterAssignments\":[{\"name\":\"lr\",\"value\":\"0.0" + i + "\"}]}}").getAsJsonObject();
      assertThat(trials.create(new DynamicKubernetesObject(trial)).isSuccess()).isTrue();
    }
  }

  @Test
  void list_withLabelSelector_returnsOnlyMatches_readingInPages() {
    for (int i = 0; i < 24; i++) {
      client.create(experiment("e-" + i, i % 3 == 0 ? "red" : "blue"));
    }
    proxy.clearRequests();

    List<Experiment> red;
    List<Experiment> all;
    try (KatibClient paging = KatibClient.builder().apiClient(proxy.apiClient()).namespace(namespace).pageSize(10)
        .build()) {
      red = paging.list(namespace, "team=red");
      all = paging.list(namespace);
    }

    assertThat(red).hasSize(8).allSatisfy(e -> assertThat(e.metadata().labels()).containsEntry("team", "red"));
    assertThat(all).hasSize(24);
    // Pages of 10: one request for the 8 red ones, three for all 24.
    assertThat(proxy.countRequests(r -> isList(r, "experiments"))).isEqualTo(4);
    assertThat(proxy.requests()).filteredOn(r -> isList(r, "experiments"))
        .allSatisfy(r -> assertThat(r.queryParameter("limit")).hasValue("10"));
  }

  @Test
  void listPage_followsContinueTokensToTheEnd() {
    for (int i = 0; i < 5; i++) {
      client.create(experiment("paged-" + i, "x"));
    }
    List<String> names = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();

    String token = null;
    do {
      Page<Experiment> page = client.listPage(namespace, "team=x", 2, token);
      page.items().forEach(e -> names.add(e.name()));
      sizes.add(page.items().size());
      token = page.continueToken().orElse(null);
    } while (token != null);

    assertThat(sizes).containsExactly(2, 2, 1);
    assertThat(names).containsExactly("paged-0", "paged-1", "paged-2", "paged-3", "paged-4");
  }

  @Test
  void streamTrials_fetchesAPageOnlyWhenThePreviousIsUsedUp() {
    createTrials("streamed", 120);
    proxy.clearRequests();

    List<String> firstTen;
    try (Stream<Trial> stream = client.streamTrials(ExperimentRef.of(namespace, "streamed"))) {
      firstTen = stream.limit(10).map(Trial::name).collect(Collectors.toList());
    }
    long afterTen = proxy.countRequests(r -> isList(r, "trials"));
    long all = client.streamTrials(ExperimentRef.of(namespace, "streamed")).count();

    assertThat(firstTen).hasSize(10).startsWith("streamed-00000000");
    assertThat(afterTen).isEqualTo(1);
    assertThat(all).isEqualTo(120);
    assertThat(proxy.countRequests(r -> isList(r, "trials"))).isEqualTo(1 + 3);
    assertThat(proxy.requests()).filteredOn(r -> isList(r, "trials")).allSatisfy(r ->
        assertThat(r.queryParameter("labelSelector")).hasValue("katib.kubeflow.org/experiment=streamed"));
  }

  /** The client's warnings (its {@code io.github.katib4j.k8s} logger) while {@code action} runs. */
  private static List<String> warningsOf(Runnable action) {
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.github.katib4j.k8s");
    java.util.logging.Handler capture = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
          warnings.add(record.getParameters() == null ? record.getMessage()
              : java.text.MessageFormat.format(record.getMessage(), record.getParameters()));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(capture);
    try {
      action.run();
    } finally {
      log.removeHandler(capture);
    }
    return warnings;
  }

  @Test
  void readingObjectsThisVersionCannotDecode_listsLeaveThemOutWithAWarning_aSingleReadSaysWhy() {
    // Katib's CRDs have no schema: the API server stores a value a newer Katib may add, and this version's closed
    // sets do not have it.
    client.create(experiment("good-1", "x"));
    client.create(experiment("newer", "x"));
    client.create(experiment("good-2", "x"));
    new DynamicKubernetesApi("kubeflow.org", "v1beta1", "experiments", admin).patch(namespace, "newer",
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        new V1Patch("{\"spec\":{\"metricsCollectorSpec\":{\"collector\":{\"kind\":\"OpenTelemetry\"}}}}"));
    createTrials("mixed", 3);
    JsonObject minimise = JsonParser.parseString("{\"apiVersion\":\"kubeflow.org/v1beta1\",\"kind\":\"Trial\","
        + "\"metadata\":{\"name\":\"mixed-junk\",\"namespace\":\"" + namespace + "\",\"labels\":"
        + "{\"katib.kubeflow.org/experiment\":\"mixed\"}},\"spec\":{\"objective\":{\"type\":\"minimise\","
        + "\"objectiveMetricName\":\"loss\"}}}").getAsJsonObject();
    assertThat(new DynamicKubernetesApi("kubeflow.org", "v1beta1", "trials", admin)
        .create(new DynamicKubernetesObject(minimise)).isSuccess()).isTrue();
    ExperimentRef mixed = ExperimentRef.of(namespace, "mixed");
    List<List<String>> read = new ArrayList<>();

    List<String> listWarnings = warningsOf(() -> read.add(client.list(namespace).stream().map(Experiment::name)
        .collect(Collectors.toList())));
    List<String> pageWarnings = warningsOf(() -> read.add(client.listPage(namespace, "", 10, null).items().stream()
        .map(Experiment::name).collect(Collectors.toList())));
    List<String> trialWarnings = warningsOf(() -> read.add(client.trials(mixed).stream().map(Trial::name)
        .collect(Collectors.toList())));
    List<String> streamWarnings = warningsOf(() -> read.add(client.streamTrials(mixed).map(Trial::name)
        .collect(Collectors.toList())));

    assertThat(read.get(0)).containsExactly("good-1", "good-2");
    assertThat(read.get(1)).containsExactly("good-1", "good-2");
    assertThat(read.get(2)).containsExactly("mixed-00000000", "mixed-00000001", "mixed-00000002");
    assertThat(read.get(3)).containsExactly("mixed-00000000", "mixed-00000001", "mixed-00000002");
    for (List<String> warnings : List.of(listWarnings, pageWarnings)) {
      assertThat(warnings).singleElement().asString()
          .startsWith("Listing the experiments of namespace " + namespace + " without one that cannot be read: "
              + "Experiment \"" + namespace + "/newer\" as stored on the cluster cannot be read")
          .contains("a newer Katib may have written it")
          .contains("kubectl get experiment newer -n " + namespace + " -o yaml")
          .contains("spec.metricsCollectorSpec.collector.kind: \"OpenTelemetry\" is not one of \"StdOut\"");
    }
    for (List<String> warnings : List.of(trialWarnings, streamWarnings)) {
      assertThat(warnings).singleElement().asString()
          .startsWith("Listing the trials of experiment " + namespace + "/mixed without one that cannot be read: "
              + "Trial \"" + namespace + "/mixed-junk\" as stored on the cluster cannot be read")
          .contains("spec.objective.type: \"minimise\" is not one of \"minimize\", \"maximize\"");
    }
    assertThatThrownBy(() -> client.find(ExperimentRef.of(namespace, "newer")))
        .isInstanceOf(io.github.katib4j.KatibParseException.class)
        .hasMessageStartingWith("Experiment \"" + namespace + "/newer\" as stored on the cluster cannot be read by "
            + "this katib4j, which knows Katib v0.19.0's API: a newer Katib may have written it")
        .hasMessageContaining("It has 1 problem:\n  - spec.metricsCollectorSpec.collector.kind: \"OpenTelemetry\"");
    assertThatThrownBy(() -> client.findTrial(namespace, "mixed-junk"))
        .hasMessageStartingWith("Trial \"" + namespace + "/mixed-junk\" as stored on the cluster cannot be read")
        .hasMessageContaining("kubectl get trial mixed-junk -n " + namespace + " -o yaml");
  }

  @Test
  void trialsAndSuggestion_ofADrivenExperiment_areTypedAndConsistentWithItsStatus() {
    try (KatibControllerStandIn controller = KatibControllerStandIn.start(admin, namespace)) {
      Experiment created = client.create(experiment("driven", "red"));
      ExperimentRef ref = ExperimentRef.of(created);
      controller.drive(created.name(), Outcome.SUCCEED);
      Experiment done = client.awaitCompletion(ref, Duration.ofSeconds(60));

      List<Trial> trials = client.trials(ref);
      Suggestion suggestion = client.suggestion(ref).orElseThrow();
      Optional<Trial> first = client.findTrial(namespace, trials.get(0).name());

      assertThat(trials).hasSize(3).allSatisfy(t -> {
        assertThat(t.metadata().labels()).containsEntry("katib.kubeflow.org/experiment", "driven")
            .containsEntry("team", "red");
        assertThat(t.metadata().ownerReferences()).singleElement().satisfies(o -> {
          assertThat(o.kind()).isEqualTo("Experiment");
          assertThat(o.uid()).isEqualTo(created.metadata().uid());
          assertThat(o.controller()).hasValue(true);
        });
        assertThat(t.status().orElseThrow().isCompleted()).isTrue();
      });
      assertThat(trials).isSortedAccordingTo(io.github.katib4j.k8s.internal.Decoding.CREATION_ORDER);
      assertThat(suggestion.status().orElseThrow().suggestionCount()).isEqualTo(3);
      assertThat(suggestion.status().orElseThrow().suggestions()).extracting(s -> s.name())
          .containsExactlyInAnyOrderElementsOf(done.status().orElseThrow().succeededTrialList());
      assertThat(first).hasValueSatisfying(t -> assertThat(t.spec().parameterAssignments()).hasSize(2));
      assertThat(client.findTrial(namespace, "no-such-trial")).isEmpty();
    }
  }

  @Test
  void awaitCompletion_suggestionFailed_saysWhyFromTheSuggestion() throws Exception {
    try (KatibControllerStandIn controller = KatibControllerStandIn.start(admin, namespace)) {
      Experiment created = client.create(experiment("unsuggested", "blue"));
      ExperimentRef ref = ExperimentRef.of(created);
      String why = "Validation failed: rpc error: code = InvalidArgument desc = unknown setting n_startup for random";
      controller.failSuggestion(created.name(), why);

      assertThatThrownBy(() -> client.awaitCompletion(ref, Duration.ofSeconds(30)))
          .isInstanceOfSatisfying(ExperimentFailedException.class, e -> {
            assertThat(e.conditionMessage()).isEqualTo("Suggestion has failed");
            assertThat(e.detail()).hasValue("Suggestion " + ref + ": " + why);
            assertThat(e).hasMessage("Experiment " + ref + " failed: ExperimentFailed: Suggestion has failed "
                + "(Suggestion " + ref + ": " + why + ")");
          });
    }
  }

  @Test
  void awaitCompletion_statusUnchangedForTheStallPeriod_warnsOnceNamingTheExperiment() {
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.github.katib4j.k8s");
    java.util.logging.Handler capture = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        if (record.getMessage().contains("has not changed for")) {
          warnings.add(java.text.MessageFormat.format(record.getMessage(), record.getParameters()));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(capture);
    try (KatibClient impatient = KatibClient.builder().apiClient(proxy.apiClient()).namespace(namespace)
        .stallWarning(Duration.ofSeconds(1)).build()) {
      Experiment created = impatient.create(experiment("stalled", "x"));

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> impatient.awaitCompletion(ExperimentRef.of(created),
          Duration.ofMillis(3500))).isInstanceOf(io.github.katib4j.KatibTimeoutException.class)
          .hasMessageContaining("no status yet");
    } finally {
      log.removeHandler(capture);
    }

    assertThat(warnings).singleElement().asString().contains("Experiment " + namespace + "/stalled has not changed "
        + "for 1s").contains("check that katib-controller is running");
  }

  @Test
  void awaitCompletion_timeoutsTooLongToCountInNanoseconds_waitWithoutLimit() throws Exception {
    try (KatibControllerStandIn controller = KatibControllerStandIn.start(admin, namespace)) {
      Experiment created = client.create(experiment("patient", "x"));
      controller.drive(created.name(), Outcome.SUCCEED);
      ExperimentRef ref = ExperimentRef.of(created);

      for (Duration forever : List.of(Duration.ofMillis(Long.MAX_VALUE), ChronoUnit.FOREVER.getDuration(),
          Duration.ofDays(365_000), Duration.ofNanos(Long.MAX_VALUE))) {
        assertThat(client.awaitCompletion(ref, forever).status().orElseThrow().isSucceeded()).as("%s", forever)
            .isTrue();
      }
    }
  }

  @Test
  void awaitCompletion_zeroTimeout_looksOnceAndDecidesOnWhatItSees() throws Exception {
    Experiment running = client.create(experiment("glanced", "x"));
    try (KatibControllerStandIn controller = KatibControllerStandIn.start(admin, namespace)) {
      Experiment created = client.create(experiment("finished", "x"));
      controller.drive(created.name(), Outcome.SUCCEED);
      client.awaitCompletion(ExperimentRef.of(created), Duration.ofSeconds(60));

      assertThat(client.awaitCompletion(ExperimentRef.of(created), Duration.ZERO).status().orElseThrow()
          .isSucceeded()).isTrue();
    }
    assertThatThrownBy(() -> client.awaitCompletion(ExperimentRef.of(running), Duration.ZERO))
        .isInstanceOfSatisfying(io.github.katib4j.KatibTimeoutException.class, e ->
            assertThat(e.lastSeen()).hasValueSatisfying(x -> assertThat(x.name()).isEqualTo("glanced")))
        .hasMessageStartingWith("Timed out after one look (timeout 0) waiting for experiment " + namespace
            + "/glanced to complete; last seen: no status yet");
  }

  @Test
  void everyCall_nameThatIsNotAKubernetesName_isRefusedBeforeAnyRequest() {
    Experiment created = client.create(experiment("e1", "x"));
    String sub = created.name() + "/status";
    ExperimentRef bad = ExperimentRef.of(namespace, sub);
    proxy.clearRequests();
    List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls = List.of(
        () -> client.get(bad),
        () -> client.editBudget(bad, io.github.katib4j.Budget.unchanged().withMaxTrialCount(9)),
        () -> client.delete(bad),
        () -> client.trials(bad),
        () -> client.suggestion(bad),
        () -> client.watch(bad, new io.github.katib4j.ExperimentListener() {}),
        () -> client.awaitCompletion(bad, Duration.ofSeconds(5)));

    for (var call : calls) {
      assertThatThrownBy(call).isInstanceOfSatisfying(io.github.katib4j.KatibValidationException.class, e -> {
        assertThat(e.problems()).singleElement().satisfies(p -> {
          assertThat(p.path()).isEqualTo("name");
          assertThat(p.message()).contains("RFC 1123 subdomain").endsWith("found \"" + sub + "\"");
        });
        assertThat(e).hasMessageStartingWith("Experiment reference \"" + namespace + "/" + sub + "\" has 1 problem");
      });
    }
    assertThatThrownBy(() -> client.list(namespace + "/x"))
        .isInstanceOf(io.github.katib4j.KatibValidationException.class).hasMessageContaining("namespace: must be a lowercase RFC 1123 label");
    assertThatThrownBy(() -> client.findTrial(namespace, "t/status"))
        .isInstanceOf(io.github.katib4j.KatibValidationException.class);
    assertThatThrownBy(() -> client.create(experiment("e1", "x").withMetadata(experiment("e1", "x").metadata()
        .withNamespace(namespace + "/x")))).isInstanceOf(io.github.katib4j.KatibValidationException.class)
        .hasMessageContaining("metadata.namespace: must be a lowercase RFC 1123 label");
    assertThat(proxy.requests()).isEmpty();
    assertThat(client.get(ExperimentRef.of(created)).spec().maxTrialCount()).hasValue(3);
    // Empty means the client's namespace, as kubectl uses the context's.
    assertThat(client.list("")).extracting(Experiment::name).contains(created.name());
  }

  @Test
  void builder_kubeconfigWithARelativeTokenFile_readsItFromTheKubeconfigsFolder() throws Exception {
    Path folder = Files.createDirectories(Files.createTempDirectory("katib4j-kubeconfig").resolve("conf"));
    String admin = Files.readString(plane.kubeconfig());
    java.util.regex.Matcher token = java.util.regex.Pattern.compile("(?m)^\\s*token: (\\S+)$").matcher(admin);
    assertThat(token.find()).isTrue();
    Files.writeString(folder.resolve("token"), token.group(1));
    Path kubeconfig = Files.writeString(folder.resolve("config"), admin.replace("token: " + token.group(1),
        "tokenFile: token"));
    client.create(experiment("tokened", "x"));

    try (KatibClient user = KatibClient.builder().kubeconfig(kubeconfig).namespace(namespace).build()) {
      assertThat(user.list(namespace)).extracting(Experiment::name).contains("tokened");
    }
  }

  @Test
  void find_serverCertificateNotSignedByTheKubeconfigsAuthority_failsAtOnceSayingSo() throws Exception {
    String admin = Files.readString(plane.kubeconfig());
    String otherAuthority = Files.readString(proxy.kubeconfig()).lines()
        .filter(l -> l.contains("certificate-authority-data")).findFirst().orElseThrow();
    String wrongCa = admin.lines().map(l -> l.contains("certificate-authority-data") ? otherAuthority : l)
        .collect(Collectors.joining("\n"));
    Path kubeconfig = Files.writeString(Files.createTempFile("katib4j-wrong-ca", ".kubeconfig"), wrongCa);
    long start = System.nanoTime();

    try (KatibClient distrustful = KatibClient.builder().kubeconfig(kubeconfig).namespace(namespace).build()) {
      assertThatThrownBy(() -> distrustful.find(ExperimentRef.of(namespace, "any")))
          .isInstanceOfSatisfying(KatibApiException.class, e -> {
            assertThat(e.reason()).isEqualTo(KatibApiException.UNTRUSTED_CERTIFICATE);
            assertThat(e.retryable()).isFalse();
          })
          .hasMessageContaining("the API server's certificate is not trusted: it is not signed by the kubeconfig's "
              + "certificate-authority (PKIX path building failed")
          .hasMessageNotContaining("gave up after").hasMessageNotContaining("check that the cluster is reachable");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void find_clusterWithoutCertificateAuthority_saysTheJvmsTrustStoreWasUsedAndHowToAddOne() throws Exception {
    String noCa = Files.readString(plane.kubeconfig()).lines().filter(l -> !l.contains("certificate-authority-data"))
        .collect(Collectors.joining("\n"));
    Path kubeconfig = Files.writeString(Files.createTempFile("katib4j-no-ca", ".kubeconfig"), noCa);

    try (KatibClient distrustful = KatibClient.builder().kubeconfig(kubeconfig).namespace(namespace).build()) {
      assertThatThrownBy(() -> distrustful.find(ExperimentRef.of(namespace, "any")))
          .isInstanceOfSatisfying(KatibApiException.class, e ->
              assertThat(e.reason()).isEqualTo(KatibApiException.UNTRUSTED_CERTIFICATE))
          .hasMessageContaining("the API server's certificate is not trusted: the kubeconfig's cluster "
              + "\"katib4j-test\" sets no certificate-authority, so the JVM's trust store was used")
          .hasMessageContaining("add the cluster's CA to clusters[katib4j-test] in the kubeconfig, as "
              + "certificate-authority-data")
          .hasMessageNotContaining("signed by the kubeconfig's certificate-authority");
    }
  }

  @Test
  void find_userWithoutCredentials_saysItSendsNoneRatherThanPointingAtRbac() throws Exception {
    String anonymous = Files.readString(plane.kubeconfig()).replaceAll("(?m)^(\\s*)token: .*$", "$1{}");
    Path kubeconfig = Files.writeString(Files.createTempFile("katib4j-anonymous", ".kubeconfig"), anonymous);

    try (KatibClient nobody = KatibClient.builder().kubeconfig(kubeconfig).namespace(namespace).build()) {
      assertThatThrownBy(() -> nobody.find(ExperimentRef.of(namespace, "any")))
          .isInstanceOfSatisfying(KatibApiException.class, e -> assertThat(e.statusCode()).isIn(401, 403))
          .hasMessageContaining("the kubeconfig's user \"katib4j-admin\" sends no credentials")
          .hasMessageContaining("system:anonymous: add the user's credentials to users[katib4j-admin] in the "
              + "kubeconfig")
          .hasMessageNotContaining("kubeflow-katib-edit");
    }
  }

  @Test
  void close_ownClientWithWatchesUnderWay_releasesItsConnectionsAtOnce() throws Exception {
    Set<String> before = apiServerSockets();
    KatibClient own = KatibClient.builder().kubeconfig(plane.kubeconfig()).namespace(namespace).build();
    ExperimentRef ref = ExperimentRef.of(own.create(experiment("connected", "x")));
    own.watch(ref, new io.github.katib4j.ExperimentListener() {});
    java.util.concurrent.CompletableFuture<?> waiting = java.util.concurrent.CompletableFuture.runAsync(() ->
        own.awaitCompletion(ref, Duration.ofSeconds(60)));
    Thread.sleep(1000);
    assertThat(difference(apiServerSockets(), before)).as("the client's connections").isNotEmpty();

    own.close();

    assertThatThrownBy(() -> waiting.get(5, java.util.concurrent.TimeUnit.SECONDS))
        .hasCauseInstanceOf(io.github.katib4j.KatibException.class);
    // close() closes them before it returns; the kernel's table may take a moment to show it.
    long deadline = System.nanoTime() + Duration.ofMillis(500).toNanos();
    while (!difference(apiServerSockets(), before).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(difference(apiServerSockets(), before)).as("connections left open after close").isEmpty();
  }

  private static Set<String> difference(Set<String> after, Set<String> before) {
    Set<String> left = new java.util.HashSet<>(after);
    left.removeAll(before);
    return left;
  }

  /** The inodes of this JVM's established TCP connections to the API server (Linux' /proc). */
  private Set<String> apiServerSockets() throws Exception {
    Set<String> inodes = new java.util.HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      fds.forEach(fd -> {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (java.io.IOException e) {
          // Closed meanwhile.
        }
      });
    }
    String port = String.format("%04X", plane.apiServerUrl().getPort());
    Set<String> connected = new java.util.HashSet<>();
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      for (String line : Files.readAllLines(Path.of(table)).subList(1, Files.readAllLines(Path.of(table)).size())) {
        String[] f = line.trim().split("\\s+");
        // remote address is field 2 (address:port), state field 3 (01 = ESTABLISHED), inode field 9.
        if (f[2].endsWith(":" + port) && f[3].equals("01") && inodes.contains(f[9])) {
          connected.add(f[9]);
        }
      }
    }
    return connected;
  }

  @Test
  void builder_emptyNamespace_isRefused() {
    assertThatThrownBy(() -> KatibClient.builder().namespace(""))
        .isInstanceOf(io.github.katib4j.KatibValidationException.class)
        .hasMessage("The client's namespace has 1 problem:\n  - namespace: must be a lowercase RFC 1123 label: lower "
            + "case alphanumeric characters or '-', starting and ending with an alphanumeric character, at most 63 "
            + "characters (e.g. 'team-a'), found an empty name [K-namespace]");
  }

  @Test
  void preflight_neitherNameNorGenerateName_saysTheNameIsRequiredEveryTime() {
    Experiment base = experiment("unused", "x");
    Experiment nameless = base.withMetadata(base.metadata().withName(""));

    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> client.preflight(nameless))
          .isInstanceOfSatisfying(io.github.katib4j.KatibValidationException.class, e ->
              assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("metadata.name");
                assertThat(p.message()).startsWith("is required");
              }));
    }
  }

  @Test
  void awaitDeletion_experimentKeptByAFinalizer_waitsUntilItIsGone_andCreateMeanwhileSaysItIsBeingDeleted()
      throws Exception {
    ExperimentRef ref = ExperimentRef.of(client.create(experiment("kept", "x")));
    DynamicKubernetesApi experiments = new DynamicKubernetesApi("kubeflow.org", "v1beta1", "experiments", admin);
    // As Katib's controller does with every experiment.
    assertThat(experiments.patch(namespace, "kept", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        new V1Patch("{\"metadata\":{\"finalizers\":[\"update-prometheus-metrics\"]}}")).isSuccess()).isTrue();

    client.delete(ref);

    assertThat(client.get(ref).metadata().deletionTimestamp()).as("still there, marked for deletion").isPresent();
    assertThatThrownBy(() -> client.awaitDeletion(ref, Duration.ofMillis(500)))
        .isInstanceOf(KatibTimeoutException.class)
        .hasMessageStartingWith("Timed out after 500ms waiting for experiment " + ref + " to be deleted; last seen: "
            + "being deleted since ")
        .hasMessageContaining(" (finalizers: update-prometheus-metrics), unchanged for ")
        .hasMessageContaining("It goes once its finalizers are removed: katib-controller removes "
            + "update-prometheus-metrics (check that it is running)");
    assertThatThrownBy(() -> client.create(experiment("kept", "x")))
        .isInstanceOfSatisfying(ExperimentAlreadyExistsException.class, e ->
            assertThat(e.beingDeletedSince()).isPresent())
        .hasMessageContaining("already exists: it is being deleted since ")
        .hasMessageContaining("kept until its finalizers are removed (update-prometheus-metrics); wait until it is "
            + "gone")
        .hasMessageNotContaining("delete it first");
    java.util.concurrent.CompletableFuture<Void> gone = java.util.concurrent.CompletableFuture.runAsync(() ->
        client.awaitDeletion(ref, Duration.ofSeconds(60)));
    Thread.sleep(300);
    assertThat(gone).as("waiting while the finalizer keeps it").isNotDone();
    experiments.patch(namespace, "kept", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        new V1Patch("{\"metadata\":{\"finalizers\":null}}"));
    gone.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(client.find(ref)).isEmpty();
    assertThat(client.create(experiment("kept", "x")).name()).isEqualTo("kept");
  }

  @Test
  void delete_withPropagationPolicy_sendsItToTheApiServer() {
    Experiment foreground = client.create(experiment("foreground", "x"));
    Experiment orphan = client.create(experiment("orphan", "x"));

    client.delete(ExperimentRef.of(foreground), DeletePropagation.FOREGROUND);
    client.delete(ExperimentRef.of(orphan), DeletePropagation.ORPHAN);

    // No garbage collector runs here, so each stays, marked for deletion, with the finalizer its policy asks for.
    assertThat(client.find(ExperimentRef.of(foreground))).hasValueSatisfying(e -> {
      assertThat(e.metadata().deletionTimestamp()).isPresent();
      assertThat(e.metadata().finalizers()).contains("foregroundDeletion");
    });
    assertThat(client.find(ExperimentRef.of(orphan))).hasValueSatisfying(e ->
        assertThat(e.metadata().finalizers()).contains("orphan"));
    DynamicKubernetesApi experiments = new DynamicKubernetesApi("kubeflow.org", "v1beta1", "experiments", admin);
    for (String name : List.of("foreground", "orphan")) {
      experiments.patch(namespace, name, V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
          new V1Patch("{\"metadata\":{\"finalizers\":null}}"));
    }
  }

  @Test
  void create_experimentReadBackFromTheCluster_canBeSubmittedAgainUnderANewName() {
    Experiment stored = client.create(experiment("original", "x"));

    Experiment copy = client.create(stored.withMetadata(stored.metadata().withName("copy")));

    assertThat(copy.metadata().uid()).isNotEqualTo(stored.metadata().uid());
    assertThat(copy.spec()).isEqualTo(stored.spec());
    assertThat(copy.metadata().annotations().get(KatibClient.SUBMISSION_ANNOTATION))
        .isNotEqualTo(stored.metadata().annotations().get(KatibClient.SUBMISSION_ANNOTATION));
  }
}
