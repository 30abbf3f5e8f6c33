package io.github.katib4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.k8s.testing.ControlPlane;
import io.github.katib4j.k8s.testing.ControlPlaneExtension;
import io.github.katib4j.k8s.testing.KatibControllerStandIn;
import io.github.katib4j.testing.KatibContract.Outcome;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
  private String namespace;
  private KatibControllerStandIn controller;

  @BeforeEach
  void setUp(ControlPlane plane, ApiClient admin) {
    this.plane = plane;
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
