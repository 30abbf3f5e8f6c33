package io.github.katib4j.k8s.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.k8s.ContractExperiments;
import io.github.katib4j.k8s.KatibClient;
import io.github.katib4j.k8s.testing.ControlPlane;
import io.github.katib4j.k8s.testing.FaultProxy;
import io.github.katib4j.k8s.testing.RecordedRequest;
import io.github.katib4j.testing.KatibContract.Outcome;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * katib-k8s against Katib's Python SDK ({@code kubeflow-katib}) on the same real API server: creating experiments,
 * listing trials, the latency from the Succeeded status write to a wait returning, the requests a wait makes, and the
 * client heap while listing trials. Run by {@code bench/k8s/run.sh}, which prepares the SDK's virtualenv; writes its
 * results into a section of {@code docs/benchmarks.md}.
 *
 * <p>Arguments: {@code --python <venv python> --script <katib_sdk_bench.py> --out <benchmarks.md> [--quick]}.
 */
public final class ClusterClientBenchmark {
  private static final String SECTION_START = "<!-- katib-k8s benchmark: start -->";
  private static final String SECTION_END = "<!-- katib-k8s benchmark: end -->";

  private final ControlPlane plane;
  private final ApiClient admin;
  private final String namespace;
  private final String python;
  private final String script;
  private final boolean quick;
  private final List<String[]> rows = new ArrayList<>();
  private final Random random = new Random(1);
  private final String loadAtStart = loadAverage();

  private ClusterClientBenchmark(String python, String script, boolean quick) {
    this.plane = ControlPlane.shared();
    this.admin = plane.apiClient();
    this.namespace = plane.createNamespace("bench");
    this.python = python;
    this.script = script;
    this.quick = quick;
  }

  public static void main(String[] args) throws Exception {
    String python = null;
    String script = null;
    Path out = null;
    boolean quick = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--python":
          python = args[++i];
          break;
        case "--script":
          script = args[++i];
          break;
        case "--out":
          out = Path.of(args[++i]);
          break;
        case "--quick":
          quick = true;
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (python == null || script == null || out == null) {
      throw new IllegalArgumentException("usage: --python PYTHON --script katib_sdk_bench.py --out benchmarks.md");
    }
    ClusterClientBenchmark bench = new ClusterClientBenchmark(python, script, quick);
    // A silenced logger: the katib-config fallback warning would be printed once per client.
    java.util.logging.Logger.getLogger("io.github.katib4j.k8s").setLevel(java.util.logging.Level.SEVERE);
    bench.create();
    bench.list();
    bench.heap();
    bench.latency();
    bench.requests();
    String table = bench.table();
    System.out.println(table);
    bench.write(out, table);
    System.exit(0);
  }

  private KatibClient client() {
    return KatibClient.builder().kubeconfig(plane.kubeconfig()).namespace(namespace).build();
  }

  private JsonObject python(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(python, script, "--kubeconfig", plane.kubeconfig().toString(),
        "--namespace", namespace));
    command.addAll(List.of(args));
    Path errors = Files.createTempFile("katib4j-bench-", ".err");
    Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
    String line;
    String last = null;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      while ((line = reader.readLine()) != null) {
        last = line;
      }
    }
    if (process.waitFor() != 0 || last == null) {
      String err = Files.readString(errors);
      throw new IllegalStateException("python " + String.join(" ", args) + " failed (exit " + process.exitValue()
          + "):\n" + err.substring(Math.max(0, err.length() - 3000)));
    }
    Files.delete(errors);
    return JsonParser.parseString(last).getAsJsonObject();
  }

  // ---- create ------------------------------------------------------------------------------------------------------

  private void create() throws Exception {
    int count = quick ? 20 : 100;
    Path file = Files.createTempFile("katib4j-bench-", ".json");
    Files.writeString(file, KatibCodec.create().toJson(ContractExperiments.random("template", namespace,
        Outcome.SUCCEED)));
    double java;
    try (KatibClient katib = client()) {
      // Warm the JIT up, as a long-running Java program would be; built beforehand, as the SDK's dict is.
      for (int i = 0; i < 50; i++) {
        katib.create(ContractExperiments.random("warm-" + i, namespace, Outcome.SUCCEED));
      }
      List<Experiment> experiments = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        experiments.add(ContractExperiments.random("java-" + i, namespace, Outcome.SUCCEED));
      }
      long start = System.nanoTime();
      for (Experiment experiment : experiments) {
        katib.create(experiment);
      }
      java = (System.nanoTime() - start) / 1e9;
    }
    double py = python("create", "--file", file.toString(), "--count", Integer.toString(count), "--prefix", "py-")
        .get("seconds").getAsDouble();
    Files.delete(file);
    row("Create " + count + " experiments (s)", java, py, "katib4j validates each and checks it against the "
        + "cluster first (cluster facts cached for 5 min); both send one create per experiment");
  }

  // ---- trials ------------------------------------------------------------------------------------------------------

  /** Katib-shaped trials (spec with the rendered Job, status with conditions and an observation), 8 at a time. */
  private void createTrials(String experiment, int count) throws Exception {
    DynamicKubernetesApi trials = new DynamicKubernetesApi("kubeflow.org", "v1beta1", "trials", admin);
    CustomObjectsApi objects = new CustomObjectsApi(admin);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = experiment + "-" + String.format(Locale.ROOT, "%08d", i);
      double lr = 0.01 + 0.04 * i / count;
      done.add(pool.submit(() -> {
        JsonObject trial = JsonParser.parseString(trialJson(experiment, name, lr)).getAsJsonObject();
        JsonObject created = trials.create(new DynamicKubernetesObject(trial)).getObject().getRaw();
        created.add("status", JsonParser.parseString(trialStatusJson(lr)));
        objects.replaceNamespacedCustomObjectStatus("kubeflow.org", "v1beta1", namespace, "trials", name, created)
            .execute();
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  private String trialJson(String experiment, String name, double lr) {
    String value = String.format(Locale.ROOT, "%.17f", lr);
    return "{\"apiVersion\":\"kubeflow.org/v1beta1\",\"kind\":\"Trial\",\"metadata\":{\"name\":\"" + name
        + "\",\"namespace\":\"" + namespace + "\",\"labels\":{\"katib.kubeflow.org/experiment\":\"" + experiment
        + "\"}},\"spec\":{\"objective\":{\"type\":\"minimize\",\"objectiveMetricName\":\"loss\",\"metricStrategies\":"
        + "[{\"name\":\"loss\",\"value\":\"min\"}]},\"parameterAssignments\":[{\"name\":\"lr\",\"value\":\"" + value
        + "\"},{\"name\":\"momentum\",\"value\":\"0.7\"}],\"runSpec\":{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\","
        + "\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + namespace + "\"},\"spec\":{\"template\":"
        + "{\"spec\":{\"containers\":[{\"name\":\"training-container\",\"image\":"
        + "\"ghcr.io/kubeflow/katib/pytorch-mnist-cpu:v0.19.0\",\"command\":[\"python3\","
        + "\"/opt/pytorch-mnist/mnist.py\",\"--epochs=1\",\"--lr=" + value + "\",\"--momentum=0.7\"]}],"
        + "\"restartPolicy\":\"Never\"}}}},\"metricsCollector\":{\"collector\":{\"kind\":\"StdOut\"}},"
        + "\"primaryContainerName\":\"training-container\",\"successCondition\":"
        + "\"status.conditions.#(type==\\\"Complete\\\")#|#(status==\\\"True\\\")#\",\"failureCondition\":"
        + "\"status.conditions.#(type==\\\"Failed\\\")#|#(status==\\\"True\\\")#\"}}";
  }

  private static String trialStatusJson(double lr) {
    String t = "2026-08-01T10:00:00Z";
    String loss = String.format(Locale.ROOT, "%.6f", (lr - 0.03) * (lr - 0.03));
    return "{\"startTime\":\"" + t + "\",\"completionTime\":\"" + t + "\",\"conditions\":["
        + "{\"type\":\"Created\",\"status\":\"True\",\"reason\":\"TrialCreated\",\"message\":\"Trial is created\","
        + "\"lastUpdateTime\":\"" + t + "\",\"lastTransitionTime\":\"" + t + "\"},"
        + "{\"type\":\"Running\",\"status\":\"False\",\"reason\":\"TrialRunning\",\"message\":\"Trial is running\","
        + "\"lastUpdateTime\":\"" + t + "\",\"lastTransitionTime\":\"" + t + "\"},"
        + "{\"type\":\"Succeeded\",\"status\":\"True\",\"reason\":\"TrialSucceeded\",\"message\":"
        + "\"Trial has succeeded\",\"lastUpdateTime\":\"" + t + "\",\"lastTransitionTime\":\"" + t + "\"}],"
        + "\"observation\":{\"metrics\":[{\"name\":\"loss\",\"min\":\"" + loss + "\",\"max\":\"" + loss
        + "\",\"latest\":\"" + loss + "\"}]}}";
  }

  private void list() throws Exception {
    int count = quick ? 1000 : 5000;
    createTrials("five", count);
    List<Double> java = new ArrayList<>();
    try (KatibClient katib = client()) {
      ExperimentRef ref = ExperimentRef.of(namespace, "five");
      katib.trials(ref);
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        int n = katib.trials(ref).size();
        java.add((System.nanoTime() - start) / 1e9);
        check(n == count, "listed " + n + " trials, expected " + count);
      }
    }
    List<Double> py = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonObject result = python("list", "--experiment", "five");
      check(result.get("count").getAsInt() == count, "the SDK listed " + result.get("count") + " trials");
      py.add(result.get("seconds").getAsDouble());
    }
    row("List " + count + " trials of one experiment (s, median of 3)", median(java), median(py),
        "katib4j reads pages of 500 and decodes into typed trials; the SDK reads one response into its models");
  }

  private void heap() throws Exception {
    int count = quick ? 2000 : 10_000;
    createTrials("ten", count);
    ExperimentRef ref = ExperimentRef.of(namespace, "ten");
    double listed;
    double streamed;
    try (KatibClient katib = client()) {
      katib.trials(ref);
      long base = liveHeap();
      List<Trial> all = katib.trials(ref);
      listed = liveHeap() - base;
      check(all.size() == count, "listed " + all.size());
      all = null;
      base = liveHeap();
      long[] seen = new long[2];
      try (Stream<Trial> stream = katib.streamTrials(ref)) {
        stream.forEach(t -> {
          if (++seen[0] == count / 2) {
            seen[1] = liveHeap();
          }
        });
      }
      streamed = seen[1] - base;
      check(seen[0] == count, "streamed " + seen[0]);
    }
    JsonObject py = python("list", "--experiment", "ten");
    double mib = 1024 * 1024;
    row("Client heap listing " + count + " trials, streamed pages (MiB live)", streamed / mib,
        py.get("heap_bytes").getAsDouble() / mib, "katib4j holds one page of 500 at a time; the SDK holds all "
            + "(its peak while parsing: " + String.format(Locale.ROOT, "%.0f", py.get("peak_heap_bytes")
            .getAsDouble() / mib) + " MiB)");
    row("Client heap listing " + count + " trials into one list (MiB live)", listed / mib,
        py.get("heap_bytes").getAsDouble() / mib, "all typed trials held by katib4j vs the SDK's models");
  }

  private static long liveHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  // ---- awaiting ----------------------------------------------------------------------------------------------------

  private void writeSucceeded(String name) throws Exception {
    JsonObject experiment = new DynamicKubernetesApi("kubeflow.org", "v1beta1", "experiments", admin)
        .get(namespace, name).getObject().getRaw();
    String t = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    experiment.add("status", JsonParser.parseString("{\"startTime\":\"" + t + "\",\"completionTime\":\"" + t
        + "\",\"conditions\":[{\"type\":\"Created\",\"status\":\"True\",\"reason\":\"ExperimentCreated\","
        + "\"message\":\"Experiment is created\",\"lastUpdateTime\":\"" + t + "\",\"lastTransitionTime\":\"" + t
        + "\"},{\"type\":\"Running\",\"status\":\"False\",\"reason\":\"ExperimentRunning\",\"message\":"
        + "\"Experiment is running\",\"lastUpdateTime\":\"" + t + "\",\"lastTransitionTime\":\"" + t + "\"},"
        + "{\"type\":\"Succeeded\",\"status\":\"True\",\"reason\":\"ExperimentMaxTrialsReached\",\"message\":"
        + "\"Experiment has succeeded because max trial count has reached\",\"lastUpdateTime\":\"" + t
        + "\",\"lastTransitionTime\":\"" + t + "\"}],\"currentOptimalTrial\":{\"observation\":{}}}"));
    new CustomObjectsApi(admin).replaceNamespacedCustomObjectStatus("kubeflow.org", "v1beta1", namespace,
        "experiments", name, experiment).execute();
  }

  private void latency() throws Exception {
    int runs = quick ? 3 : 10;
    List<Double> java = new ArrayList<>();
    try (KatibClient katib = client()) {
      for (int i = 0; i < runs; i++) {
        String name = katib.create(ContractExperiments.random("lat-java-" + i, namespace, Outcome.SUCCEED)).name();
        CompletableFuture<Long> returned = CompletableFuture.supplyAsync(() -> {
          katib.awaitCompletion(ExperimentRef.of(namespace, name), Duration.ofMinutes(2));
          return System.nanoTime();
        });
        Thread.sleep(1000 + random.nextInt(1000));
        // From sending the write: the watch event can arrive before the write's own answer.
        long sent = System.nanoTime();
        writeSucceeded(name);
        java.add((returned.get(2, TimeUnit.MINUTES) - sent) / 1e6);
      }
    }
    List<Double> pyFast = pythonLatency(runs, 1);
    List<Double> pySlow = pythonLatency(quick ? 2 : 5, 15);
    row("Succeeded status write to wait returning (ms, median; SDK polling every 15 s)", median(java),
        median(pySlow), "katib4j's wait is driven by a watch; the SDK's default polls every 15 s");
    row("Succeeded status write to wait returning (ms, median; SDK polling every 1 s)", median(java),
        median(pyFast), "the SDK with polling_interval=1");
  }

  private List<Double> pythonLatency(int runs, int interval) throws Exception {
    List<Double> latencies = new ArrayList<>();
    try (KatibClient katib = client()) {
      for (int i = 0; i < runs; i++) {
        String name = katib.create(ContractExperiments.random("lat-py" + interval + "-" + i, namespace,
            Outcome.SUCCEED)).name();
        Process process = new ProcessBuilder(python, script, "--kubeconfig", plane.kubeconfig().toString(),
            "--namespace", namespace, "wait", "--experiment", name, "--interval", Integer.toString(interval),
            "--timeout", "120").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
          out.readLine();
          // A random moment within the polling period, so the measured latency is the average case.
          Thread.sleep(1000 + (long) (random.nextDouble() * interval * 1000));
          long sent = System.currentTimeMillis();
          writeSucceeded(name);
          double done = JsonParser.parseString(out.readLine()).getAsJsonObject().get("done").getAsDouble();
          latencies.add(done * 1000 - sent);
        }
        process.waitFor();
      }
    }
    return latencies;
  }

  /** Requests each client sends while waiting 30 s for an experiment, counted by a proxy in front of the server. */
  private void requests() throws Exception {
    int seconds = quick ? 10 : 30;
    try (FaultProxy proxy = FaultProxy.start(plane); KatibClient direct = client();
        KatibClient through = KatibClient.builder().apiClient(proxy.apiClient()).namespace(namespace).build()) {
      String ours = direct.create(ContractExperiments.random("req-java", namespace, Outcome.SUCCEED)).name();
      String slow = direct.create(ContractExperiments.random("req-py15", namespace, Outcome.SUCCEED)).name();
      String fast = direct.create(ContractExperiments.random("req-py1", namespace, Outcome.SUCCEED)).name();
      proxy.clearRequests();
      CompletableFuture<?> java = CompletableFuture.runAsync(() ->
          through.awaitCompletion(ExperimentRef.of(namespace, ours), Duration.ofMinutes(2)));
      List<Process> pythons = new ArrayList<>();
      for (String[] p : List.of(new String[] {slow, "15"}, new String[] {fast, "1"})) {
        pythons.add(new ProcessBuilder(python, script, "--kubeconfig", proxy.kubeconfig().toString(), "--namespace",
            namespace, "wait", "--experiment", p[0], "--interval", p[1], "--timeout", "120")
            .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
      }
      Thread.sleep(seconds * 1000L);
      for (String name : List.of(ours, slow, fast)) {
        writeSucceeded(name);
      }
      java.get(2, TimeUnit.MINUTES);
      for (Process p : pythons) {
        p.waitFor(2, TimeUnit.MINUTES);
      }
      long javaRequests = proxy.countRequests(about(ours));
      row("API requests while awaiting for " + seconds + " s (SDK polling every 15 s)", javaRequests,
          proxy.countRequests(about(slow)), "katib4j: one list and one watch (and a direct read every 5 min)");
      row("API requests while awaiting for " + seconds + " s (SDK polling every 1 s)", javaRequests,
          proxy.countRequests(about(fast)), "");
    }
  }

  /** Requests about experiment {@code name}: by path, or by the field selector of a list or watch. */
  private static Predicate<RecordedRequest> about(String name) {
    return r -> r.path().endsWith("/experiments/" + name)
        || r.queryParameter("fieldSelector").filter(f -> f.equals("metadata.name=" + name)).isPresent();
  }

  // ---- report ------------------------------------------------------------------------------------------------------

  private void row(String what, double java, double py, String note) {
    String ratio = java == 0 ? "-" : String.format(Locale.ROOT, "%.1f×", py / java);
    rows.add(new String[] {what, format(java), format(py), ratio, note});
  }

  private static String format(double value) {
    return value == Math.rint(value) && value >= 1 ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, value < 0.1 ? "%.3f" : "%.2f", value);
  }

  /** The 1-minute load average, from /proc/loadavg where there is one. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  private String table() {
    StringBuilder out = new StringBuilder("| Measurement | katib4j | Katib Python SDK | SDK / katib4j | Note |\n"
        + "|---|---:|---:|---:|---|\n");
    for (String[] r : rows) {
      out.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    return out.toString();
  }

  private void write(Path file, String table) throws IOException {
    String section = SECTION_START + "\n## katib-k8s: the cluster client against Katib's Python SDK\n\n"
        + "Command: `bench/k8s/run.sh` (not part of `mvn verify`). It starts the local kube-apiserver and etcd the "
        + "integration tests use (versions in `katib-k8s/src/test/control-plane/versions.env`), installs "
        + "`kubeflow-katib` 0.19.0 from PyPI into a virtualenv under `~/.cache/katib4j/k8s-bench`, and runs both "
        + "clients against it, one after the other, on " + Runtime.getRuntime().availableProcessors() + " cores, "
        + "Java " + System.getProperty("java.version") + ". No Katib controller runs: the benchmark writes the "
        + "Trial objects and the Succeeded status itself, shaped as Katib writes them. Ratios above 1 favour "
        + "katib4j.\n\n" + table + "\nMeasured " + java.time.LocalDate.now() + (quick ? " (quick run)" : "")
        + "; 1-minute load average " + loadAtStart + " at the start and " + loadAverage() + " at the end (other "
        + "work shared the machine, so absolute times vary between runs; each pair was measured back to back).\n"
        + SECTION_END + "\n";
    String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
    int start = text.indexOf(SECTION_START);
    int end = text.indexOf(SECTION_END);
    if (start >= 0 && end > start) {
      text = text.substring(0, start) + section + text.substring(end + SECTION_END.length()).replaceFirst("^\n", "");
    } else {
      text = text + (text.endsWith("\n\n") ? "" : "\n") + section;
    }
    Files.writeString(file, text);
    System.out.println("wrote " + file);
  }
}
