package io.github.katib4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.k8s.testing.ControlPlane;
import io.github.katib4j.k8s.testing.ControlPlaneExtension;
import io.github.katib4j.k8s.testing.Fault;
import io.github.katib4j.k8s.testing.FaultProxy;
import io.github.katib4j.k8s.testing.KatibControllerStandIn;
import io.github.katib4j.testing.KatibContract.Outcome;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster commands against a real API server, with the Katib controller stand-in doing Katib's part: exit codes
 * and what each prints.
 */
@ExtendWith(ControlPlaneExtension.class)
class ClusterCommandsIT {
  @TempDir
  Path dir;

  private ControlPlane plane;
  private ApiClient admin;
  private String namespace;
  private KatibControllerStandIn controller;

  @BeforeEach
  void setUp(ControlPlane plane, ApiClient admin) {
    this.plane = plane;
    this.admin = admin;
    this.namespace = plane.createNamespace("cli");
    this.controller = KatibControllerStandIn.start(admin, namespace);
  }

  @AfterEach
  void tearDown() {
    controller.close();
  }

  /** {@code <command> <args> --namespace <ns> --kubeconfig <file>}: the command line for this test's cluster. */
  private String[] onCluster(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--namespace", namespace, "--kubeconfig", plane.kubeconfig().toString()));
    return all.toArray(String[]::new);
  }

  /** Runs {@code katib <command> <args>} in this JVM against this test's cluster. */
  private CliRun katib(String... args) {
    return CliRun.of(onCluster(args));
  }

  /** Runs {@code java -jar katib.jar <command> <args>} against this test's cluster. */
  private KatibJarIT.Result jar(String... args) throws Exception {
    return KatibJarIT.runJar(onCluster(args));
  }

  /** The project's random-search example, renamed; its trials run the stand-in's way for {@code outcome}. */
  private Path experiment(String name, Outcome outcome) throws Exception {
    controller.drive(name, outcome);
    return undriven(name, outcome);
  }

  /** The same file, for an experiment the stand-in leaves alone. */
  private Path undriven(String name, Outcome outcome) throws Exception {
    String text = Files.readString(ValidateCommandTest.RANDOM).replace("name: random", "name: " + name)
        .replace("namespace: kubeflow", "namespace: " + namespace)
        .replace("maxTrialCount: 12", "maxTrialCount: 3").replace("goal: 0.001", "goal: 0.0000001");
    if (outcome == Outcome.FAIL) {
      text = text.replace("maxFailedTrialCount: 3", "maxFailedTrialCount: 1");
    }
    return Files.writeString(dir.resolve(name + ".yaml"), text);
  }

  @Test
  void submit_wait_succeedingExperiment_printsTrialsAsTheyChangeAndTheBestTrial() throws Exception {
    CliRun run = katib("submit", experiment("tuned", Outcome.SUCCEED).toString(), "--wait", "--timeout", "60s",
        "--ui", "http://localhost:8080");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .contains("experiment " + namespace + "/tuned created")
        .contains("Katib UI: http://localhost:8080/katib/experiment/" + namespace + "/tuned")
        .containsPattern("trial tuned-\\w{8}: Running -> Succeeded  loss=0\\.\\d+")
        .containsPattern("experiment " + namespace + "/tuned succeeded; best trial: tuned-\\w{8}  loss=0\\.\\d+  "
            + "lr=0\\.\\d+ momentum=0\\.\\d+");
  }

  @Test
  void submit_wait_trialWatchLaggingWhenTheExperimentEnds_stillPrintsEachTrialsFinalStateOnce() throws Exception {
    Path file = experiment("lagging", Outcome.SUCCEED);
    try (FaultProxy proxy = FaultProxy.start(plane)) {
      // The trials' watch does not get through, as while it reconnects after an API server outage; the experiment's
      // does, so the wait learns that the experiment ended before any trial event arrives.
      proxy.inject(Fault.when(r -> r.isWatch() && r.path().endsWith("/trials")).always().respond(503));
      controller.pause();
      CompletableFuture<CliRun> submitted = CompletableFuture.supplyAsync(() -> CliRun.of("submit", file.toString(),
          "--wait", "--timeout", "60s", "--namespace", namespace, "--kubeconfig", proxy.kubeconfig().toString()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      // Trials are made only once the subscription has listed them (none yet) and tries to watch them.
      while (proxy.countRequests(r -> r.isWatch() && r.path().endsWith("/trials")) == 0) {
        assertThat(System.nanoTime()).as("the trials' watch to start").isLessThan(deadline);
        Thread.sleep(20);
      }
      controller.resume();
      CliRun run = submitted.get(90, TimeUnit.SECONDS);

      assertThat(run.exitCode).as(run.toString()).isZero();
      List<String> lines = run.out.lines().collect(Collectors.toList());
      List<String> trials = lines.stream().filter(l -> l.startsWith("trial ")).collect(Collectors.toList());
      assertThat(trials).as(run.toString()).hasSize(3).doesNotHaveDuplicates().allSatisfy(l -> assertThat(l)
          .matches("trial lagging-\\w{8}: Pending -> Succeeded  loss=0\\.\\d+.*"));
      assertThat(lines).last().asString().startsWith("experiment " + namespace + "/lagging succeeded; best trial: ");
    } finally {
      controller.resume();
    }
  }

  @Test
  void submit_wait_failingExperiment_exitsOneWithKatibsReason() throws Exception {
    CliRun run = katib("submit", experiment("broken", Outcome.FAIL).toString(), "--wait", "--timeout", "60s");

    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.err).contains("Experiment " + namespace + "/broken failed: ExperimentFailed: Experiment has "
        + "failed because max failed count has reached");
    assertThat(katib("status", "broken").out).contains("Best trial:  none, as no trial reported the objective "
        + "metric");
  }

  @Test
  void submit_wait_experimentThatDoesNotEnd_exitsThreeAtTheTimeout() throws Exception {
    CliRun run = katib("submit", experiment("endless", Outcome.HANG).toString(), "--wait", "--timeout", "2s");

    assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
    assertThat(run.err).contains("Timed out after 2s waiting for experiment " + namespace + "/endless to complete")
        .contains("last seen: Running");
  }

  @Test
  void submit_wait_timeoutOfCenturies_waitsForTheEnd() throws Exception {
    CliRun run = katib("submit", experiment("patient", Outcome.SUCCEED).toString(), "--wait", "--timeout",
        "300000d");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).contains("experiment " + namespace + "/patient succeeded; best trial: ");
  }

  @Test
  void submit_badOption_exitsTwoBeforeCreatingAnything() throws Exception {
    Path file = experiment("premature", Outcome.SUCCEED);

    CliRun negative = katib("submit", file.toString(), "--wait", "--timeout", "PT-5S");
    CliRun zero = katib("submit", file.toString(), "--wait", "--timeout", "0s");
    CliRun ui = katib("submit", file.toString(), "--wait", "--ui", "localhost:8080");

    assertThat(negative.exitCode).as(negative.toString()).isEqualTo(2);
    assertThat(negative.err).contains("--timeout").contains("must be more than zero, found \"PT-5S\"");
    assertThat(zero.exitCode).as(zero.toString()).isEqualTo(2);
    assertThat(zero.err).contains("must be more than zero, found \"0s\"");
    assertThat(ui.exitCode).as(ui.toString()).isEqualTo(2);
    assertThat(ui.err).contains("--ui: Katib UI base must be an absolute http(s) URL")
        .contains("found \"localhost:8080\"");
    assertThat(ui.out).doesNotContain("created");
    assertThat(katib("status", "premature").exitCode).as("nothing created").isEqualTo(1);
  }

  @Test
  void submit_wait_userMayNotWatchTrials_warnsOnceNamingThePermissionAndStillWaits() throws Exception {
    Path limited = plane.namespacedUserKubeconfig(namespace, "no-trials", List.of(
        new V1PolicyRule().apiGroups(List.of("kubeflow.org")).resources(List.of("experiments", "suggestions"))
            .verbs(List.of("*")),
        new V1PolicyRule().apiGroups(List.of("kubeflow.org")).resources(List.of("trials")).verbs(List.of("get"))));

    CliRun run = CliRun.of("submit", experiment("private", Outcome.SUCCEED).toString(), "--wait", "--timeout", "60s",
        "--namespace", namespace, "--kubeconfig", limited.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.err.lines().filter(l -> l.contains("trials of experiment"))).as(run.toString()).singleElement()
        .asString().startsWith("katib: warning: Stopped following the trials of experiment " + namespace
            + "/private, so its changes are not reported: ")
        .contains("cannot list resource \"trials\" in API group \"kubeflow.org\"");
    assertThat(run.out).contains("experiment " + namespace + "/private succeeded; best trial: ");
  }

  @Test
  void submit_wait_userMayCreateButNotWatchExperiments_exitsFourSayingItWasCreatedAndHowToFollowIt()
      throws Exception {
    Path limited = plane.namespacedUserKubeconfig(namespace, "no-watch", List.of(
        new V1PolicyRule().apiGroups(List.of("kubeflow.org")).resources(List.of("experiments"))
            .verbs(List.of("create", "get"))));

    CliRun run = CliRun.of("submit", undriven("unwatched", Outcome.SUCCEED).toString(), "--wait", "--timeout",
        "60s", "--namespace", namespace, "--kubeconfig", limited.toString());

    // Not 2, which says nothing was created.
    assertThat(run.exitCode).as(run.toString()).isEqualTo(4);
    assertThat(run.out).contains("experiment " + namespace + "/unwatched created");
    assertThat(run.err).contains("403").contains("katib: experiment " + namespace + "/unwatched was created and goes"
        + " on running on the cluster, but waiting for it failed, so its outcome is unknown here: follow it with"
        + " katib status unwatched --namespace " + namespace);
    assertThat(katib("status", "unwatched").exitCode).isZero();
  }

  @Test
  void submit_wait_killed_saysTheExperimentGoesOnAndHowToFollowIt() throws Exception {
    Path file = experiment("interrupted", Outcome.HANG);
    Process submit = KatibJarIT.startJar(onCluster("submit", file.toString(), "--wait"));
    BufferedReader out = new BufferedReader(new InputStreamReader(submit.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("experiment " + namespace + "/interrupted created");
    String firstTrial = out.readLine();
    assertThat(firstTrial).as("a trial the stand-in created").startsWith("trial interrupted-");

    submit.toHandle().destroy();

    assertThat(submit.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String err = new String(submit.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(submit.exitValue()).as(err).isEqualTo(143);
    assertThat(err).contains("katib: stopped waiting; experiment " + namespace + "/interrupted goes on running on the "
        + "cluster: follow it with katib status interrupted --namespace " + namespace);
    assertThat(katib("status", "interrupted").out).contains("Condition:   Running");
  }

  @Test
  void submit_invalidExperiment_exitsOneListingEveryProblem() throws Exception {
    Path invalid = Files.writeString(dir.resolve("invalid.yaml"), Files.readString(experiment("invalid",
        Outcome.SUCCEED)).replace("maxTrialCount: 3", "maxTrialCount: 2"));

    CliRun run = katib("submit", invalid.toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.err.lines().filter(l -> !l.startsWith("katib: warning: "))).containsExactly(
        "katib: Experiment \"" + namespace + "/invalid\" has 2 problems:",
        "  - " + invalid + ": spec.parallelTrialCount: should be less than or equal to spec.maxTrialCount (2), found 3 "
            + "[V6] (line 15, column 3)",
        "  - " + invalid + ": spec.maxFailedTrialCount: should be less than or equal to spec.maxTrialCount (2), found "
            + "3 [V5] (line 17, column 3)");
    assertThat(katib("status", "invalid").exitCode).isEqualTo(1);
  }

  @Test
  void submit_moreTrialsThanEtcdHolds_advisesTheCommandLinesOptions_andObjectSizeLimitRaisesIt() throws Exception {
    Path many = Files.writeString(dir.resolve("many.yaml"), Files.readString(undriven("a-long-experiment-name-of-"
        + "forty-chars-x", Outcome.SUCCEED)).replace("maxTrialCount: 3", "maxTrialCount: 20000"));

    CliRun refused = katib("submit", many.toString());
    CliRun tooSmall = katib("submit", many.toString(), "--object-size-limit", "1000");
    CliRun raised = katib("submit", many.toString(), "--object-size-limit", "64Mi");

    assertThat(refused.exitCode).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err).contains("[K-size]").contains("Katib's Suggestion object")
        .contains("raise the limit with katib submit --object-size-limit BYTES").doesNotContain("KatibClient");
    // No katib-config in this cluster: the warning names the option that says where Katib runs.
    assertThat(refused.err).contains("If Katib runs in another namespace than \"kubeflow\", set --katib-namespace"
        + " NAMESPACE");
    assertThat(tooSmall.exitCode).as(tooSmall.toString()).isEqualTo(2);
    assertThat(tooSmall.err).contains("--object-size-limit: objectSizeLimit must be at least 64 KiB");
    assertThat(raised.exitCode).as(raised.toString()).isZero();
    assertThat(raised.out).contains("experiment " + namespace + "/a-long-experiment-name-of-forty-chars-x created");
  }

  @Test
  void submit_namespaceWithoutTheInjectionLabel_exitsOneWithTheFix(ApiClient admin) throws Exception {
    String unlabelled = namespace + "-plain";
    new CoreV1Api(admin).createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(unlabelled))).execute();

    CliRun run = CliRun.of("submit", experiment("plain", Outcome.SUCCEED).toString(), "--namespace", unlabelled,
        "--kubeconfig", plane.kubeconfig().toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.err).contains("[N1]").contains("kubectl label namespace " + unlabelled);
  }

  @Test
  void submit_rejectedCredentials_exitsTwoWithTheApiServersAnswerAlone() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("stale-kubeconfig"), Files.readString(plane.kubeconfig())
        .replaceAll("token: .*", "token: expired"));

    CliRun run = CliRun.of("submit", undriven("refused", Outcome.SUCCEED).toString(), "--namespace", namespace,
        "--kubeconfig", kubeconfig.toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.err.lines()).as(run.toString()).singleElement().asString()
        .contains("HTTP 401 Unauthorized").contains("check the kubeconfig's user");
  }

  @Test
  void submit_unreadableFile_exitsTwo() {
    CliRun run = katib("submit", dir.resolve("absent.yaml").toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
  }

  @Test
  void submit_fileWithTwoExperiments_exitsTwoSayingItTakesOne() throws Exception {
    String one = Files.readString(experiment("first", Outcome.SUCCEED));
    Path both = Files.writeString(dir.resolve("both.yaml"), one + "---\n" + one.replace("name: first", "name: second"));

    CliRun run = katib("submit", both.toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.err).isEqualTo("katib: " + both + " holds 2 experiments; submit takes a file with one\n");
    assertThat(katib("status", "first").exitCode).as("nothing created").isEqualTo(1);
  }

  @Test
  void statusTrialsBest_ofACompletedExperiment_showWhatKatibRecorded() throws Exception {
    assertThat(katib("submit", experiment("done", Outcome.SUCCEED).toString(), "--wait").exitCode).isZero();

    CliRun status = katib("status", "done");
    CliRun trials = katib("trials", "done");
    CliRun best = katib("best", "done");
    // From the packaged jar: output that ends without println reached stdout only when something flushed it.
    KatibJarIT.Result json = jar("status", "done", "-o", "json");
    KatibJarIT.Result trialsJson = jar("trials", "done", "-o", "json");
    CliRun trialsYaml = katib("trials", "done", "-o", "yaml");

    assertThat(status.exitCode).as(status.toString()).isZero();
    assertThat(status.out)
        .contains("Condition:   Succeeded (ExperimentMaxTrialsReached: Experiment has succeeded because max trial "
            + "count has reached)")
        .contains("Trials:      3 of 3 (3 succeeded, 0 running, 0 pending, 0 failed")
        .contains("Budget:      maxTrialCount 3, parallelTrialCount 3, maxFailedTrialCount 3")
        .containsPattern("Best trial:  done-\\w{8}  loss=");
    assertThat(trials.exitCode).isZero();
    assertThat(trials.out.lines()).hasSize(4).first().asString().startsWith("NAME").contains("STATE");
    assertThat(trials.out.lines().skip(1)).allSatisfy(l -> assertThat(l).containsPattern(
        "^done-\\w{8}\\s+Succeeded\\s+loss=0\\.\\d+\\s+lr=0\\.\\d+ momentum=0\\.\\d+$"));
    assertThat(best.exitCode).isZero();
    assertThat(best.out.lines()).hasSize(3).element(1).asString().startsWith("lr=");
    assertThat(json.out).as(json.err).contains("\"kind\": \"Experiment\"").contains("\"succeededTrialList\"");
    JsonObject list = JsonParser.parseString(trialsJson.out).getAsJsonObject();
    assertThat(list.get("kind").getAsString()).isEqualTo("List");
    assertThat(list.getAsJsonArray("items")).hasSize(3);
    assertThat(KatibCodec.create().readAll(trialsYaml.out, "trials -o yaml", Trial.class)).hasSize(3)
        .allSatisfy(t -> assertThat(t.name()).startsWith("done-"));
  }

  /** Creates a Trial of experiment {@code experiment} directly, as Katib's controller would, with this spec. */
  private void createTrial(String experiment, String name, String spec) throws Exception {
    JsonObject trial = JsonParser.parseString("{\"apiVersion\":\"kubeflow.org/v1beta1\",\"kind\":\"Trial\","
        + "\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + namespace + "\",\"labels\":"
        + "{\"katib.kubeflow.org/experiment\":\"" + experiment + "\"}},\"spec\":" + spec + "}").getAsJsonObject();
    assertThat(new DynamicKubernetesApi("kubeflow.org", "v1beta1", "trials", admin)
        .create(new DynamicKubernetesObject(trial)).isSuccess()).isTrue();
  }

  /** The object as the API server returns it to a GET. */
  private JsonObject stored(String plural, String name) {
    return new DynamicKubernetesApi("kubeflow.org", "v1beta1", plural, admin).get(namespace, name).getObject()
        .getRaw();
  }

  /** Compact JSON that keeps the key order and each number's text, to compare trees exactly. */
  private static String exactly(com.google.gson.JsonElement json) {
    return new com.google.gson.Gson().toJson(json);
  }

  @Test
  void statusAndTrials_output_printTheObjectsAsTheApiServerReturnedThem_lessManagedFields() throws Exception {
    assertThat(katib("submit", undriven("stored", Outcome.SUCCEED).toString()).exitCode).isZero();
    // What this version does not model, which Katib's schema-less CRDs keep: a field of a newer Katib, a number
    // beyond int64 (which the API server keeps as a float64), Katib's own empty bestTrialName and an old Katib's
    // metric with only a value.
    new DynamicKubernetesApi("kubeflow.org", "v1beta1", "experiments", admin).patch(namespace, "stored",
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        new V1Patch("{\"spec\":{\"futureField\":{\"big\":12345678901234567890,\"small\":0.0000001}}}"));
    JsonObject withStatus = stored("experiments", "stored");
    withStatus.add("status", JsonParser.parseString("{\"currentOptimalTrial\":{\"bestTrialName\":\"\","
        + "\"observation\":{\"metrics\":[{\"name\":\"loss\",\"value\":\"0.123\"}]}},\"trials\":1}"));
    new CustomObjectsApi(admin).replaceNamespacedCustomObjectStatus("kubeflow.org", "v1beta1", namespace,
        "experiments", "stored", withStatus).execute();
    // A trial without metricsCollector, as Katib's controller makes them, and one this version cannot decode.
    createTrial("stored", "stored-plain", "{\"objective\":{\"type\":\"minimize\",\"goal\":0.0000001,"
        + "\"objectiveMetricName\":\"loss\"},\"parameterAssignments\":[{\"name\":\"lr\",\"value\":\"0.01\"}]}");
    createTrial("stored", "stored-newer", "{\"objective\":{\"type\":\"minimise\",\"objectiveMetricName\":"
        + "\"loss\"}}");
    JsonObject experiment = stored("experiments", "stored");
    JsonObject plain = stored("trials", "stored-plain");
    JsonObject newer = stored("trials", "stored-newer");
    assertThat(experiment.getAsJsonObject("metadata").has("managedFields")).as("the server sends them").isTrue();

    CliRun json = katib("status", "stored", "-o", "json");
    CliRun yaml = katib("status", "stored", "-o", "yaml");
    CliRun trialsJson = katib("trials", "stored", "-o", "json");
    CliRun trialsYaml = katib("trials", "stored", "-o", "yaml");
    CliRun table = katib("trials", "stored");

    for (JsonObject object : List.of(experiment, plain, newer)) {
      object.getAsJsonObject("metadata").remove("managedFields");
    }
    assertThat(json.exitCode).as(json.toString()).isZero();
    assertThat(exactly(JsonParser.parseString(json.out))).isEqualTo(exactly(experiment));
    assertThat(json.out).contains("\"goal\": 1e-7,").contains("\"big\": 12345678901234567000,")
        .contains("\"futureField\"").contains("\"value\": \"0.123\"").contains("\"bestTrialName\": \"\"")
        .doesNotContain("managedFields");
    // kubectl's YAML is go-yaml's: floats in Go's %g form.
    assertThat(yaml.exitCode).as(yaml.toString()).isZero();
    assertThat(yaml.out).contains("  goal: 1e-07\n", "    big: 12345678901234567000\n", "    small: 1e-07\n",
        "value: \"0.123\"\n", "bestTrialName: \"\"\n").doesNotContain("managedFields");
    assertThat(trialsJson.exitCode).as(trialsJson.toString()).isZero();
    JsonObject list = JsonParser.parseString(trialsJson.out).getAsJsonObject();
    assertThat(list.get("kind").getAsString()).isEqualTo("List");
    assertThat(list.getAsJsonArray("items")).extracting(JsonObject.class::cast).extracting(ClusterCommandsIT::exactly)
        .containsExactlyInAnyOrder(exactly(plain), exactly(newer));
    assertThat(trialsJson.out).doesNotContain("metricsCollector").contains("\"goal\": 1e-7")
        .contains("\"type\": \"minimise\"");
    assertThat(trialsYaml.out).startsWith("apiVersion: v1\nitems:\n").contains("goal: 1e-07\n")
        .contains("kind: List\n").doesNotContain("managedFields", "metricsCollector");
    // The table has the trial it can read, and says which one it cannot, and why.
    assertThat(table.exitCode).as(table.toString()).isZero();
    assertThat(table.out.lines().skip(1)).singleElement().asString().startsWith("stored-plain ");
    assertThat(table.err).startsWith("katib: warning: Listing the trials of experiment " + namespace + "/stored "
        + "without one that cannot be read: Trial \"" + namespace + "/stored-newer\" as stored on the cluster")
        .contains("spec.objective.type: \"minimise\" is not one of \"minimize\", \"maximize\"");
  }

  @Test
  void statusBestTrials_metricAsAnOldKatibStoredIt_showAPlaceholderAfterTheEqualsSign() throws Exception {
    assertThat(katib("submit", undriven("old", Outcome.SUCCEED).toString()).exitCode).isZero();
    createTrial("old", "old-abc", "{\"parameterAssignments\":[{\"name\":\"lr\",\"value\":\"0.02\"}]}");
    // An old Katib's metrics have a value, and no min, max or latest.
    String observation = "\"observation\":{\"metrics\":[{\"name\":\"loss\",\"value\":\"0.123\"}]}";
    JsonObject trial = stored("trials", "old-abc");
    trial.add("status", JsonParser.parseString("{\"conditions\":[{\"type\":\"Succeeded\",\"status\":\"True\","
        + "\"reason\":\"TrialSucceeded\"}]," + observation + "}"));
    new CustomObjectsApi(admin).replaceNamespacedCustomObjectStatus("kubeflow.org", "v1beta1", namespace, "trials",
        "old-abc", trial).execute();
    JsonObject experiment = stored("experiments", "old");
    experiment.add("status", JsonParser.parseString("{\"currentOptimalTrial\":{\"bestTrialName\":\"old-abc\","
        + "\"parameterAssignments\":[{\"name\":\"lr\",\"value\":\"0.02\"}]," + observation + "},\"trials\":1,"
        + "\"trialsSucceeded\":1}"));
    new CustomObjectsApi(admin).replaceNamespacedCustomObjectStatus("kubeflow.org", "v1beta1", namespace,
        "experiments", "old", experiment).execute();

    CliRun status = katib("status", "old");
    CliRun best = katib("best", "old");
    CliRun trials = katib("trials", "old");

    assertThat(status.out).as(status.toString()).contains("Best trial:  old-abc  loss=-  lr=0.02\n");
    assertThat(best.out).as(best.toString()).isEqualTo("old-abc  loss=-  lr=0.02\nlr=0.02\n");
    assertThat(trials.out.lines().skip(1)).as(trials.toString()).singleElement().asString()
        .matches("old-abc +Succeeded +loss=- +lr=0\\.02");
  }

  @Test
  void status_experimentThisVersionCannotDecode_printsAsStoredWithOutput_andSaysWhyWithout() throws Exception {
    assertThat(katib("submit", undriven("newer", Outcome.SUCCEED).toString()).exitCode).isZero();
    new DynamicKubernetesApi("kubeflow.org", "v1beta1", "experiments", admin).patch(namespace, "newer",
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        new V1Patch("{\"spec\":{\"metricsCollectorSpec\":{\"collector\":{\"kind\":\"OpenTelemetry\"}}}}"));
    createTrial("newer", "newer-plain", "{\"parameterAssignments\":[{\"name\":\"lr\",\"value\":\"0.01\"}]}");

    CliRun json = katib("status", "newer", "-o", "json");
    CliRun summary = katib("status", "newer");
    CliRun trials = katib("trials", "newer");

    assertThat(json.exitCode).as(json.toString()).isZero();
    assertThat(json.out).contains("\"kind\": \"OpenTelemetry\"");
    assertThat(summary.exitCode).as(summary.toString()).isNotZero();
    assertThat(summary.err).startsWith("katib: Experiment \"" + namespace + "/newer\" as stored on the cluster "
        + "cannot be read by this katib4j, which knows Katib v0.19.0's API: a newer Katib may have written it")
        .contains("kubectl get experiment newer -n " + namespace + " -o yaml")
        .contains("spec.metricsCollectorSpec.collector.kind: \"OpenTelemetry\" is not one of \"StdOut\"");
    // Its trials can be read, and are listed.
    assertThat(trials.exitCode).as(trials.toString()).isZero();
    assertThat(trials.out).contains("newer-plain");
  }

  @Test
  void statusAndTrials_suggestionFailedBeforeAnyTrial_sayWhyAndThatThereAreNone() throws Exception {
    assertThat(katib("submit", undriven("unsuggested", Outcome.SUCCEED).toString()).exitCode).isZero();
    String why = "Validation failed: unknown setting n_startup for random";
    controller.failSuggestion("unsuggested", why);

    CliRun status = katib("status", "unsuggested");
    CliRun trials = katib("trials", "unsuggested");

    assertThat(status.exitCode).as(status.toString()).isZero();
    assertThat(status.out).contains("Condition:   Failed (ExperimentFailed: Suggestion has failed)\n"
        + "Suggestion:  Failed (" + why + ")\n");
    assertThat(trials.exitCode).isZero();
    assertThat(trials.out).isEmpty();
    assertThat(trials.err).endsWith("katib: experiment " + namespace + "/unsuggested has no trials yet\n");
  }

  @Test
  void best_beforeAnyTrialReported_exitsOneSayingWhy() throws Exception {
    katib("submit", experiment("early", Outcome.HANG).toString());

    CliRun run = katib("best", "early");

    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.err).startsWith("katib: experiment " + namespace + "/early has no best trial: none yet, as no "
        + "trial has reported the objective metric; trials: ");
  }

  @Test
  void budget_changesTheCounts_andRefusesWhatKatibWould() throws Exception {
    katib("submit", experiment("budgeted", Outcome.HANG).toString());

    CliRun raised = katib("budget", "budgeted", "--max-trials", "9", "--parallel", "2");
    CliRun nothing = katib("budget", "budgeted");
    CliRun lowered = katib("budget", "budgeted", "--max-trials", "9", "--max-failed", "10");

    assertThat(raised.exitCode).as(raised.toString()).isZero();
    assertThat(raised.out).contains("maxTrialCount 9, parallelTrialCount 2, maxFailedTrialCount 3");
    assertThat(nothing.exitCode).isEqualTo(2);
    assertThat(nothing.err).contains("--max-trials, --parallel or --max-failed");
    assertThat(lowered.exitCode).as(lowered.toString()).isEqualTo(1);
    assertThat(lowered.err).contains("spec.maxFailedTrialCount").contains("[V5]");
  }

  @Test
  void namesThatAreNotKubernetesNames_areRefusedWithoutTouchingTheExperiment() throws Exception {
    katib("submit", experiment("named", Outcome.HANG).toString());

    CliRun status = katib("status", "named/status");
    CliRun budget = katib("budget", "named/status", "--max-trials", "9");
    CliRun delete = katib("delete", "named/status");
    CliRun emptyNamespace = CliRun.of("status", "named", "-n", "", "--kubeconfig", plane.kubeconfig().toString());
    CliRun submitEmptyNamespace = CliRun.of("submit", undriven("elsewhere", Outcome.HANG).toString(), "-n", "",
        "--kubeconfig", plane.kubeconfig().toString());

    for (CliRun run : List.of(status, budget, delete)) {
      assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
      assertThat(run.err).as(run.toString()).startsWith("katib: Experiment reference \"" + namespace
          + "/named/status\" has 1 problem:").contains("name: must be a lowercase RFC 1123 subdomain");
    }
    for (CliRun run : List.of(emptyNamespace, submitEmptyNamespace)) {
      assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
      assertThat(run.err).as(run.toString()).contains("--namespace must be a lowercase RFC 1123 label")
          .contains("found an empty name").doesNotContain("kubectl label");
    }
    assertThat(katib("status", "named").out).contains("Budget:      maxTrialCount 3,");
  }

  @Test
  void status_kubeconfigVariableListingTwoFiles_mergesThemAsKubectlDoes() throws Exception {
    katib("submit", experiment("merged", Outcome.HANG).toString());
    String admin = Files.readString(plane.kubeconfig());
    String server = field(admin, "server");
    // The first file: the context, and a cluster of the same name as the second file's wrong one, which it beats.
    Path first = Files.writeString(Files.createDirectories(dir.resolve("a")).resolve("config"), String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: test",
        "  cluster: {server: '" + server + "', certificate-authority-data: '"
            + field(admin, "certificate-authority-data") + "'}",
        "contexts:",
        "- name: mine",
        "  context: {cluster: test, user: me, namespace: " + namespace + "}",
        ""));
    // The second: the user, with a tokenFile relative to this file's folder, and the current-context.
    Path folder = Files.createDirectories(dir.resolve("b"));
    Files.writeString(folder.resolve("token"), field(admin, "token"));
    Path second = Files.writeString(folder.resolve("config"), String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: test",
        "  cluster: {server: 'https://127.0.0.1:1'}",
        "users:",
        "- name: me",
        "  user: {tokenFile: token}",
        "current-context: mine",
        ""));

    KatibJarIT.Result run = KatibJarIT.runJar(Map.of("KUBECONFIG", first + java.io.File.pathSeparator
        + dir.resolve("absent") + java.io.File.pathSeparator + second), "status", "merged");

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("Experiment:  " + namespace + "/merged");
  }

  /** The value of the first {@code name: value} line of a kubeconfig. */
  private static String field(String kubeconfig, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*" + name + ": (\\S+)$").matcher(kubeconfig);
    assertThat(m.find()).as("%s in the kubeconfig", name).isTrue();
    return m.group(1);
  }

  @Test
  void delete_experimentKeptByKatibsFinalizer_waitsUntilItIsGone_sayingWhatKeepsIt() throws Exception {
    Path file = experiment("held", Outcome.HANG);
    katib("submit", file.toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!katib("status", "held", "-o", "json").out.contains("update-prometheus-metrics")) {
      assertThat(System.nanoTime()).as("the stand-in to add Katib's finalizer").isLessThan(deadline);
      Thread.sleep(50);
    }
    // A katib-controller that is slow to remove its finalizer.
    controller.pause();
    try {
      CompletableFuture<CliRun> deleting = CompletableFuture.supplyAsync(() -> katib("delete", "held"));
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      CliRun status = katib("status", "held");
      while (!status.out.contains("Deletion:")) {
        assertThat(System.nanoTime()).as("the experiment to be marked for deletion").isLessThan(deadline);
        Thread.sleep(50);
        status = katib("status", "held");
      }
      CliRun again = katib("submit", file.toString());
      CliRun timedOut = katib("delete", "held", "--timeout", "1s");
      CliRun noWait = katib("delete", "held", "--wait=false");
      Thread.sleep(2500);
      assertThat(deleting).as("delete waits while the finalizer keeps the experiment").isNotDone();
      controller.resume();
      CliRun deleted = deleting.get(60, TimeUnit.SECONDS);

      assertThat(status.out).containsPattern("Deletion:    being deleted since \\d{4}-\\d\\d-\\d\\dT[\\d:]+Z "
          + "\\(finalizers: update-prometheus-metrics\\)\n");
      assertThat(again.exitCode).as(again.toString()).isEqualTo(1);
      assertThat(again.err).contains("Experiment " + namespace + "/held already exists: it is being deleted since ")
          .contains("wait until it is gone (katib delete held --namespace " + namespace + " waits for it")
          .doesNotContain("delete it first");
      assertThat(timedOut.exitCode).as(timedOut.toString()).isEqualTo(3);
      assertThat(timedOut.err).contains("Timed out after 1s waiting for experiment " + namespace + "/held to be "
          + "deleted; last seen: being deleted since ").contains("katib-controller removes update-prometheus-metrics");
      assertThat(noWait.exitCode).as(noWait.toString()).isZero();
      assertThat(noWait.out).isEqualTo("experiment " + namespace + "/held marked for deletion (not waiting until it "
          + "is gone)\n");
      assertThat(deleted.exitCode).as(deleted.toString()).isZero();
      assertThat(deleted.err).as(deleted.toString()).contains("katib: waiting for experiment " + namespace + "/held "
          + "to go: it is being deleted since ").contains("(finalizers: update-prometheus-metrics); katib-controller "
          + "removes update-prometheus-metrics (check that it is running)");
      assertThat(deleted.out).isEqualTo("experiment " + namespace + "/held deleted\n");
      assertThat(katib("status", "held").exitCode).as("gone once delete returned").isEqualTo(1);
    } finally {
      controller.resume();
    }
  }

  @Test
  void delete_existingThenMissing_exitsZeroThenOne() throws Exception {
    katib("submit", experiment("removed", Outcome.HANG).toString());

    CliRun first = katib("delete", "removed");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (katib("status", "removed").exitCode == 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    CliRun second = katib("delete", "removed");

    assertThat(first.exitCode).as(first.toString()).isZero();
    assertThat(first.out).contains("experiment " + namespace + "/removed deleted");
    assertThat(second.exitCode).as(second.toString()).isEqualTo(1);
    assertThat(second.err).contains("does not exist");
  }
}
