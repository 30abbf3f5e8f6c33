package io.github.katib4j.k8s.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.FeasibleSpace;
import io.github.katib4j.experiment.ObjectiveType;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterType;
import io.github.katib4j.template.TrialTemplateRenderer;
import io.github.katib4j.testing.KatibContract.Outcome;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesListObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.ListOptions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Katib's controllers, stood in for: drives the experiments it is told about through the states Katib v0.19.0's
 * experiment, suggestion and trial controllers would write, in the JSON shapes Go writes them (reference sections
 * 2.10 to 3.4). It creates the Suggestion (named after the experiment) and Trials (labels copied from the experiment
 * plus {@code katib.kubeflow.org/experiment}, a controller owner reference, the objective, assignments and the
 * rendered run spec), moves each trial Created, Running, then Succeeded (with an observation) or Failed, keeps the
 * experiment's counters, trial lists, optimal trial and conditions as {@code UpdateExperimentStatus} computes them,
 * ends the experiment by Katib's rules (goal, max failed, max trials), restarts a restartable experiment whose
 * {@code maxTrialCount} was raised, and adds and removes the experiment's {@code update-prometheus-metrics}
 * finalizer. As no garbage collector runs, it deletes an experiment's trials and suggestion once the experiment is
 * gone.
 *
 * <p>It talks to the API server directly (never through a test's {@link FaultProxy}) with client-java's dynamic API,
 * independent of the client under test, one step per experiment every few tens of milliseconds.
 */
public final class KatibControllerStandIn implements AutoCloseable {
  static final String GROUP = "kubeflow.org";
  static final String VERSION = "v1beta1";
  static final String EXPERIMENT_LABEL = "katib.kubeflow.org/experiment";
  static final String FINALIZER = "update-prometheus-metrics";
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final String namespace;
  private final DynamicKubernetesApi experiments;
  private final DynamicKubernetesApi trials;
  private final DynamicKubernetesApi suggestions;
  private final CustomObjectsApi objects;
  private final Map<String, Outcome> plans = new ConcurrentHashMap<>();
  /** Experiments seen to exist: one of them gone was deleted, while an unseen one may not be created yet. */
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService loop;
  private final Random random = new Random(42);
  private volatile boolean paused;
  private volatile boolean closed;

  private KatibControllerStandIn(ApiClient client, String namespace) {
    this.namespace = namespace;
    this.experiments = new DynamicKubernetesApi(GROUP, VERSION, "experiments", client);
    this.trials = new DynamicKubernetesApi(GROUP, VERSION, "trials", client);
    this.suggestions = new DynamicKubernetesApi(GROUP, VERSION, "suggestions", client);
    this.objects = new CustomObjectsApi(client);
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "katib-controller-stand-in-" + namespace);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts a stand-in for the experiments of {@code namespace}, talking to the API server with {@code client}. */
  public static KatibControllerStandIn start(ApiClient client, String namespace) {
    KatibControllerStandIn standIn = new KatibControllerStandIn(client, namespace);
    standIn.loop.scheduleWithFixedDelay(standIn::tick, 0, 40, TimeUnit.MILLISECONDS);
    return standIn;
  }

  /** Drives experiment {@code name} (now or once created) towards {@code outcome}, until it is deleted. */
  public void drive(String name, Outcome outcome) {
    plans.put(name, outcome);
  }

  /**
   * Fails experiment {@code name} (existing, not driven) as Katib does when its algorithm's settings do not validate:
   * the suggestion controller marks the Suggestion Failed with {@code why}, then the experiment controller marks the
   * experiment Failed with only "Suggestion has failed".
   */
  public void failSuggestion(String name, String why) throws ApiException {
    JsonObject experiment = successful(experiments.get(namespace, name)).getRaw();
    JsonObject suggestion = ensureSuggestion(experiment,
        KatibCodec.create().lenient().fromJsonObject(experiment, Experiment.class)).deepCopy();
    JsonObject suggestionStatus = suggestion.getAsJsonObject("status");
    setCondition(suggestionStatus, "Failed", "True", "SuggestionFailed", why);
    objects.replaceNamespacedCustomObjectStatus(GROUP, VERSION, namespace, "suggestions", name, suggestion).execute();
    JsonObject status = experiment.has("status") ? experiment.getAsJsonObject("status").deepCopy() : new JsonObject();
    setCondition(status, "Failed", "True", "ExperimentFailed", "Suggestion has failed");
    writeStatus(experiment, status);
  }

  /** Stops making changes until {@link #resume()}, as a stopped katib-controller would. */
  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
  }

  @Override
  public void close() {
    closed = true;
    loop.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void tick() {
    if (paused) {
      return;
    }
    for (Map.Entry<String, Outcome> plan : plans.entrySet()) {
      try {
        reconcile(plan.getKey(), plan.getValue());
      } catch (Exception | Error e) {
        // A conflict or an API server restart: as a controller does, try again on the next round. Errors too: one
        // escaping would silently end the scheduled loop.
        if (!closed && !(e instanceof ApiException && ((ApiException) e).getCode() == 409)) {
          System.err.println("[katib-controller-stand-in] " + namespace + "/" + plan.getKey() + ": " + e);
        }
      }
    }
  }

  // ---- the experiment controller ---------------------------------------------------------------------------------

  private void reconcile(String name, Outcome outcome) throws ApiException {
    KubernetesApiResponse<DynamicKubernetesObject> read = experiments.get(namespace, name);
    if (read.getHttpStatusCode() == 404) {
      if (seen.remove(name)) {
        collectGarbage(name);
      }
      return;
    }
    if (!read.isSuccess()) {
      throw new IllegalStateException("GET experiment: HTTP " + read.getHttpStatusCode());
    }
    JsonObject experiment = read.getObject().getRaw();
    seen.add(name);
    JsonObject metadata = experiment.getAsJsonObject("metadata");
    List<String> finalizers = strings(metadata.get("finalizers"));
    if (metadata.has("deletionTimestamp")) {
      if (finalizers.remove(FINALIZER)) {
        patchFinalizers(name, metadata, finalizers);
      }
      return;
    }
    if (!finalizers.contains(FINALIZER)) {
      finalizers.add(FINALIZER);
      patchFinalizers(name, metadata, finalizers);
      return;
    }
    JsonObject status = experiment.has("status") ? experiment.getAsJsonObject("status").deepCopy() : new JsonObject();
    if (!isTrue(status, "Created")) {
      status.addProperty("startTime", now());
      status.add("completionTime", JsonNull.INSTANCE);
      setCondition(status, "Created", "True", "ExperimentCreated", "Experiment is created");
      status.add("currentOptimalTrial", optimal(null));
      writeStatus(experiment, status);
      return;
    }
    Experiment spec = KatibCodec.create().lenient().fromJsonObject(experiment, Experiment.class);
    boolean completed = isTrue(status, "Succeeded") || isTrue(status, "Failed");
    int maxTrials = spec.spec().maxTrialCount().orElse(Integer.MAX_VALUE);
    if (completed) {
      if (restartable(status, spec) && maxTrials > (int) number(status, "trials")) {
        removeCondition(status, "Succeeded");
        removeCondition(status, "Failed");
        setCondition(status, "Restarting", "True", "ExperimentRestarting", "Experiment is restarted");
        writeStatus(experiment, status);
      }
      return;
    }
    JsonObject suggestion = ensureSuggestion(experiment, spec);
    List<JsonObject> owned = listTrials(name);
    for (JsonObject trial : owned) {
      advance(trial, spec, outcome);
    }
    int active = (int) owned.stream().filter(t -> !isTerminal(t)).count();
    int parallel = spec.spec().parallelTrialCount().orElse(3);
    if (active < parallel && owned.size() < maxTrials) {
      createTrial(experiment, spec, suggestion);
    }
    owned = listTrials(name);
    if (!owned.isEmpty()) {
      summarize(status, owned, spec);
    }
    if (!status.equals(experiment.get("status"))) {
      writeStatus(experiment, status);
    }
  }

  private static boolean restartable(JsonObject status, Experiment experiment) {
    String policy = experiment.spec().resumePolicy().map(p -> p.wireName()).orElse("Never");
    JsonObject succeeded = condition(status, "Succeeded");
    return succeeded != null && "True".equals(text(succeeded, "status"))
        && "ExperimentMaxTrialsReached".equals(text(succeeded, "reason"))
        && (policy.equals("LongRunning") || policy.equals("FromVolume"));
  }

  /** Katib's {@code updateTrialsSummary} and {@code UpdateExperimentStatusCondition}. */
  private void summarize(JsonObject status, List<JsonObject> owned, Experiment experiment) {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    for (String list : List.of("running", "pending", "failed", "succeeded", "killed", "earlyStopped",
        "metricsUnavailable")) {
      lists.put(list, new ArrayList<>());
    }
    String metric = experiment.spec().objective().map(o -> o.objectiveMetricName()).orElse("");
    boolean minimize = experiment.spec().objective().flatMap(o -> o.type()).orElse(ObjectiveType.MINIMIZE)
        == ObjectiveType.MINIMIZE;
    JsonObject best = null;
    double bestValue = 0;
    boolean goalReached = false;
    for (JsonObject trial : owned) {
      JsonObject trialStatus = object(trial, "status");
      String state = isTrue(trialStatus, "Killed") ? "killed" : isTrue(trialStatus, "Failed") ? "failed"
          : isTrue(trialStatus, "Succeeded") ? "succeeded" : isTrue(trialStatus, "EarlyStopped") ? "earlyStopped"
          : isTrue(trialStatus, "Running") ? "running" : isTrue(trialStatus, "MetricsUnavailable")
          ? "metricsUnavailable" : "pending";
      lists.get(state).add(name(trial));
      Double value = objectiveValue(trialStatus, metric, minimize);
      if (value == null) {
        continue;
      }
      if (best == null || (minimize ? value < bestValue : value > bestValue)) {
        best = trial;
        bestValue = value;
      }
      OptionalGoal goal = new OptionalGoal(experiment);
      if (goal.present && (minimize ? bestValue <= goal.value : bestValue >= goal.value)) {
        goalReached = true;
      }
    }
    for (String key : List.of("runningTrialList", "pendingTrialList", "failedTrialList", "succeededTrialList",
        "killedTrialList", "earlyStoppedTrialList", "metricsUnavailableTrialList", "trials", "trialsSucceeded",
        "trialsFailed", "trialsKilled", "trialsPending", "trialsRunning", "trialsEarlyStopped",
        "trialMetricsUnavailable")) {
      status.remove(key);
    }
    // Go's omitempty: empty lists and zero counters are left out.
    putList(status, "runningTrialList", lists.get("running"));
    putList(status, "pendingTrialList", lists.get("pending"));
    putList(status, "failedTrialList", lists.get("failed"));
    putList(status, "succeededTrialList", lists.get("succeeded"));
    putList(status, "killedTrialList", lists.get("killed"));
    putList(status, "earlyStoppedTrialList", lists.get("earlyStopped"));
    putList(status, "metricsUnavailableTrialList", lists.get("metricsUnavailable"));
    putCount(status, "trials", owned.size());
    putCount(status, "trialsSucceeded", lists.get("succeeded").size());
    putCount(status, "trialsFailed", lists.get("failed").size());
    putCount(status, "trialsKilled", lists.get("killed").size());
    putCount(status, "trialsPending", lists.get("pending").size());
    putCount(status, "trialsRunning", lists.get("running").size());
    putCount(status, "trialsEarlyStopped", lists.get("earlyStopped").size());
    putCount(status, "trialMetricsUnavailable", lists.get("metricsUnavailable").size());
    if (best != null) {
      status.add("currentOptimalTrial", optimal(best));
    }
    int completed = lists.get("succeeded").size() + lists.get("failed").size() + lists.get("killed").size()
        + lists.get("earlyStopped").size() + lists.get("metricsUnavailable").size();
    int failed = lists.get("failed").size() + lists.get("metricsUnavailable").size();
    if (goalReached) {
      succeed(status, "ExperimentGoalReached", "Experiment has succeeded because Objective goal has reached");
    } else if (experiment.spec().maxFailedTrialCount().isPresent() && failed != 0
        && failed >= experiment.spec().maxFailedTrialCount().getAsInt()) {
      endRunning(status);
      setCondition(status, "Failed", "True", "ExperimentFailed",
          "Experiment has failed because max failed count has reached");
      status.addProperty("completionTime", now());
    } else if (experiment.spec().maxTrialCount().isPresent()
        && completed >= experiment.spec().maxTrialCount().getAsInt()) {
      succeed(status, "ExperimentMaxTrialsReached", "Experiment has succeeded because max trial count has reached");
    } else {
      setCondition(status, "Running", "True", "ExperimentRunning", "Experiment is running");
    }
  }

  private static final class OptionalGoal {
    final boolean present;
    final double value;

    OptionalGoal(Experiment experiment) {
      OptionalDouble goal = experiment.spec().objective().map(o -> o.goal()).orElse(OptionalDouble.empty());
      this.present = goal.isPresent();
      this.value = goal.orElse(0);
    }
  }

  private static void succeed(JsonObject status, String reason, String message) {
    endRunning(status);
    setCondition(status, "Succeeded", "True", reason, message);
    status.addProperty("completionTime", now());
  }

  /** MarkExperimentStatusSucceeded/Failed: Running goes False, keeping its reason and message. */
  private static void endRunning(JsonObject status) {
    JsonObject running = condition(status, "Running");
    if (running != null) {
      setCondition(status, "Running", "False", text(running, "reason"), text(running, "message"));
    }
  }

  private static Double objectiveValue(JsonObject trialStatus, String metric, boolean minimize) {
    for (JsonElement m : array(object(trialStatus, "observation"), "metrics")) {
      JsonObject entry = m.getAsJsonObject();
      if (metric.equals(text(entry, "name"))) {
        String value = minimize ? text(entry, "min") : text(entry, "max");
        if (value.equals("unavailable")) {
          value = text(entry, "latest");
        }
        try {
          return Double.parseDouble(value);
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static JsonObject optimal(JsonObject trial) {
    JsonObject optimal = new JsonObject();
    JsonObject observation = new JsonObject();
    if (trial != null) {
      optimal.addProperty("bestTrialName", name(trial));
      optimal.add("parameterAssignments", object(trial, "spec").get("parameterAssignments").deepCopy());
      observation.add("metrics", object(object(trial, "status"), "observation").get("metrics").deepCopy());
    }
    optimal.add("observation", observation);
    return optimal;
  }

  private void writeStatus(JsonObject experiment, JsonObject status) throws ApiException {
    JsonObject updated = experiment.deepCopy();
    updated.add("status", status);
    // Status().Update(): a PUT of the whole object to the status subresource, refused with 409 if it changed since.
    objects.replaceNamespacedCustomObjectStatus(GROUP, VERSION, namespace, "experiments", name(experiment), updated)
        .execute();
  }

  private void patchFinalizers(String name, JsonObject metadata, List<String> finalizers) {
    JsonObject patchMetadata = new JsonObject();
    JsonArray list = new JsonArray();
    finalizers.forEach(list::add);
    patchMetadata.add("finalizers", list);
    patchMetadata.addProperty("resourceVersion", text(metadata, "resourceVersion"));
    JsonObject patch = new JsonObject();
    patch.add("metadata", patchMetadata);
    experiments.patch(namespace, name, V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, new V1Patch(patch.toString()));
  }

  private void collectGarbage(String name) {
    for (JsonObject trial : listTrials(name)) {
      trials.delete(namespace, name(trial));
    }
    suggestions.delete(namespace, name);
    plans.remove(name);
  }

  // ---- the suggestion controller ----------------------------------------------------------------------------------

  private JsonObject ensureSuggestion(JsonObject experiment, Experiment spec) throws ApiException {
    String name = name(experiment);
    KubernetesApiResponse<DynamicKubernetesObject> read = suggestions.get(namespace, name);
    if (read.isSuccess()) {
      return read.getObject().getRaw();
    }
    JsonObject metadata = new JsonObject();
    metadata.addProperty("name", name);
    metadata.addProperty("namespace", namespace);
    JsonObject experimentMetadata = experiment.getAsJsonObject("metadata");
    if (experimentMetadata.has("labels")) {
      metadata.add("labels", experimentMetadata.get("labels").deepCopy());
    }
    if (experimentMetadata.has("annotations")) {
      metadata.add("annotations", experimentMetadata.get("annotations").deepCopy());
    }
    metadata.add("ownerReferences", ownerReferences(experiment));
    JsonObject suggestionSpec = new JsonObject();
    suggestionSpec.add("algorithm", experiment.getAsJsonObject("spec").get("algorithm").deepCopy());
    suggestionSpec.addProperty("resumePolicy", spec.spec().resumePolicy().map(p -> p.wireName()).orElse("Never"));
    JsonObject suggestion = new JsonObject();
    suggestion.addProperty("apiVersion", GROUP + "/" + VERSION);
    suggestion.addProperty("kind", "Suggestion");
    suggestion.add("metadata", metadata);
    suggestion.add("spec", suggestionSpec);
    JsonObject created = successful(suggestions.create(new DynamicKubernetesObject(suggestion))).getRaw();
    JsonObject status = new JsonObject();
    status.addProperty("startTime", now());
    setCondition(status, "Created", "True", "SuggestionCreated", "Suggestion is created");
    setCondition(status, "DeploymentReady", "True", "DeploymentReady", "Deployment is ready");
    setCondition(status, "Running", "True", "SuggestionRunning", "Suggestion is running");
    created.add("status", status);
    objects.replaceNamespacedCustomObjectStatus(GROUP, VERSION, namespace, "suggestions", name, created).execute();
    return successful(suggestions.get(namespace, name)).getRaw();
  }

  // ---- trials -----------------------------------------------------------------------------------------------------

  private List<JsonObject> listTrials(String experiment) {
    KubernetesApiResponse<DynamicKubernetesListObject> list = trials.list(namespace,
        new ListOptions().labelSelector(EXPERIMENT_LABEL + "=" + experiment));
    if (!list.isSuccess()) {
      throw new IllegalStateException("LIST trials: HTTP " + list.getHttpStatusCode());
    }
    return list.getObject().getItems().stream().map(DynamicKubernetesObject::getRaw).collect(Collectors.toList());
  }

  private void createTrial(JsonObject experiment, Experiment spec, JsonObject suggestion) throws ApiException {
    String experimentName = name(experiment);
    StringBuilder trialName = new StringBuilder(experimentName).append('-');
    for (int i = 0; i < 8; i++) {
      trialName.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    JsonArray assignments = new JsonArray();
    Map<String, String> values = new LinkedHashMap<>();
    for (Parameter parameter : spec.spec().parameters()) {
      String value = sample(parameter);
      values.put(parameter.name(), value);
      JsonObject assignment = new JsonObject();
      assignment.addProperty("name", parameter.name());
      assignment.addProperty("value", value);
      assignments.add(assignment);
    }
    // The suggestion controller records the assignment before the experiment controller creates the trial.
    JsonObject suggestionStatus = object(suggestion, "status").deepCopy();
    JsonArray issued = suggestionStatus.has("suggestions") ? suggestionStatus.getAsJsonArray("suggestions")
        : new JsonArray();
    JsonObject entry = new JsonObject();
    entry.addProperty("name", trialName.toString());
    entry.add("parameterAssignments", assignments.deepCopy());
    issued.add(entry);
    suggestionStatus.add("suggestions", issued);
    suggestionStatus.addProperty("suggestionCount", issued.size());
    JsonObject updatedSuggestion = suggestion.deepCopy();
    updatedSuggestion.getAsJsonObject("spec").addProperty("requests", issued.size());
    JsonObject specUpdated = successful(suggestions.update(new DynamicKubernetesObject(withoutStatus(
        updatedSuggestion)))).getRaw();
    specUpdated.add("status", suggestionStatus);
    objects.replaceNamespacedCustomObjectStatus(GROUP, VERSION, namespace, "suggestions", experimentName,
        specUpdated).execute();

    JsonObject metadata = new JsonObject();
    metadata.addProperty("name", trialName.toString());
    metadata.addProperty("namespace", namespace);
    JsonObject labels = object(experiment.getAsJsonObject("metadata"), "labels").deepCopy();
    labels.addProperty(EXPERIMENT_LABEL, experimentName);
    metadata.add("labels", labels);
    metadata.add("ownerReferences", ownerReferences(experiment));
    JsonObject experimentSpec = experiment.getAsJsonObject("spec");
    JsonObject trialSpec = new JsonObject();
    trialSpec.add("objective", experimentSpec.get("objective").deepCopy());
    trialSpec.add("parameterAssignments", assignments);
    trialSpec.add("runSpec", runSpec(spec, trialName.toString(), values));
    JsonObject template = object(experimentSpec, "trialTemplate");
    if (template.has("retain")) {
      trialSpec.add("retainRun", template.get("retain"));
    }
    trialSpec.add("metricsCollector", experimentSpec.has("metricsCollectorSpec")
        ? experimentSpec.get("metricsCollectorSpec").deepCopy() : new JsonObject());
    if (template.has("primaryContainerName")) {
      trialSpec.add("primaryContainerName", template.get("primaryContainerName"));
    }
    if (template.has("successCondition") && template.has("failureCondition")) {
      trialSpec.add("successCondition", template.get("successCondition"));
      trialSpec.add("failureCondition", template.get("failureCondition"));
    }
    JsonObject trial = new JsonObject();
    trial.addProperty("apiVersion", GROUP + "/" + VERSION);
    trial.addProperty("kind", "Trial");
    trial.add("metadata", metadata);
    trial.add("spec", trialSpec);
    successful(trials.create(new DynamicKubernetesObject(trial)));
  }

  private static JsonObject runSpec(Experiment experiment, String trialName, Map<String, String> values) {
    try {
      return JsonParser.parseString(TrialTemplateRenderer.create().render(experiment, trialName, values).runSpec()
          .toJson()).getAsJsonObject();
    } catch (RuntimeException e) {
      // A template the stand-in cannot render (a ConfigMap's, say); the trial's other fields still matter.
      return new JsonObject();
    }
  }

  private String sample(Parameter parameter) {
    FeasibleSpace space = parameter.feasibleSpace();
    ParameterType type = parameter.parameterType().orElse(ParameterType.DOUBLE);
    switch (type) {
      case INT:
        long min = (long) space.min().orElse(0);
        long max = (long) space.max().orElse(min);
        return Long.toString(min + (long) (random.nextDouble() * (max - min + 1)));
      case DISCRETE:
      case CATEGORICAL:
        return space.list().get(random.nextInt(space.list().size()));
      default:
        double low = space.min().orElse(0);
        double high = space.max().orElse(1);
        return Double.toString(low + random.nextDouble() * (high - low));
    }
  }

  /** One step of the trial controller: Created, then Running, then the planned end (a hanging trial keeps running). */
  private void advance(JsonObject trial, Experiment experiment, Outcome outcome) throws ApiException {
    if (isTerminal(trial)) {
      return;
    }
    JsonObject status = trial.has("status") ? trial.getAsJsonObject("status").deepCopy() : new JsonObject();
    if (!isTrue(status, "Created")) {
      status.addProperty("startTime", now());
      status.add("completionTime", JsonNull.INSTANCE);
      setCondition(status, "Created", "True", "TrialCreated", "Trial is created");
    } else if (!isTrue(status, "Running")) {
      setCondition(status, "Running", "True", "TrialRunning", "Trial is running");
    } else if (outcome == Outcome.SUCCEED) {
      JsonObject running = condition(status, "Running");
      setCondition(status, "Running", "False", text(running, "reason"), text(running, "message"));
      setCondition(status, "Succeeded", "True", "TrialSucceeded", "Trial has succeeded");
      status.addProperty("completionTime", now());
      status.add("observation", observation(trial, experiment));
    } else if (outcome == Outcome.FAIL) {
      JsonObject running = condition(status, "Running");
      setCondition(status, "Running", "False", text(running, "reason"), text(running, "message"));
      setCondition(status, "Failed", "True", "TrialFailed", "Trial has failed");
      status.addProperty("completionTime", now());
    } else {
      return;
    }
    JsonObject updated = trial.deepCopy();
    updated.add("status", status);
    objects.replaceNamespacedCustomObjectStatus(GROUP, VERSION, namespace, "trials", name(trial), updated).execute();
  }

  /**
   * What the metrics collector would report: for each parameter its position in its range, x in [0, 1], and the
   * objective {@code sum((x - 0.3)^2)} (minimize) or {@code 1 - sum(...)} (maximize), so every trial differs and the
   * best is known. One report, so min, max and latest agree.
   */
  private static JsonObject observation(JsonObject trial, Experiment experiment) {
    double distance = 0;
    for (JsonElement a : array(object(trial, "spec"), "parameterAssignments")) {
      JsonObject assignment = a.getAsJsonObject();
      Parameter parameter = experiment.spec().parameter(text(assignment, "name")).orElse(null);
      double x = 0.5;
      if (parameter != null && parameter.feasibleSpace().min().isPresent()) {
        double low = parameter.feasibleSpace().min().getAsDouble();
        double high = parameter.feasibleSpace().max().orElse(low + 1);
        x = high == low ? 0 : (Double.parseDouble(text(assignment, "value")) - low) / (high - low);
      } else if (parameter != null && !parameter.feasibleSpace().list().isEmpty()) {
        x = (double) parameter.feasibleSpace().list().indexOf(text(assignment, "value"))
            / parameter.feasibleSpace().list().size();
      }
      distance += (x - 0.3) * (x - 0.3);
    }
    boolean minimize = experiment.spec().objective().flatMap(o -> o.type()).orElse(ObjectiveType.MINIMIZE)
        == ObjectiveType.MINIMIZE;
    String value = String.format(Locale.ROOT, "%.6f", minimize ? distance : 1 - distance);
    JsonArray metrics = new JsonArray();
    List<String> names = new ArrayList<>();
    experiment.spec().objective().ifPresent(o -> {
      names.add(o.objectiveMetricName());
      names.addAll(o.additionalMetricNames());
    });
    for (String metricName : names) {
      JsonObject metric = new JsonObject();
      metric.addProperty("name", metricName);
      metric.addProperty("min", value);
      metric.addProperty("max", value);
      metric.addProperty("latest", value);
      metrics.add(metric);
    }
    JsonObject observation = new JsonObject();
    observation.add("metrics", metrics);
    return observation;
  }

  private static boolean isTerminal(JsonObject trial) {
    JsonObject status = object(trial, "status");
    return isTrue(status, "Succeeded") || isTrue(status, "Failed") || isTrue(status, "Killed")
        || isTrue(status, "EarlyStopped") || isTrue(status, "MetricsUnavailable");
  }

  // ---- conditions as Katib's setCondition keeps them --------------------------------------------------------------

  static JsonObject condition(JsonObject status, String type) {
    for (JsonElement c : array(status, "conditions")) {
      if (type.equals(text(c.getAsJsonObject(), "type"))) {
        return c.getAsJsonObject();
      }
    }
    return null;
  }

  static boolean isTrue(JsonObject status, String type) {
    JsonObject condition = condition(status, type);
    return condition != null && "True".equals(text(condition, "status"));
  }

  /**
   * A condition that did not change is left alone; a changed one is removed and appended at the end, keeping its
   * lastTransitionTime when only the reason changed.
   */
  static void setCondition(JsonObject status, String type, String conditionStatus, String reason, String message) {
    JsonObject current = condition(status, type);
    if (current != null && conditionStatus.equals(text(current, "status")) && reason.equals(text(current, "reason"))) {
      return;
    }
    String now = now();
    JsonObject condition = new JsonObject();
    condition.addProperty("type", type);
    condition.addProperty("status", conditionStatus);
    condition.addProperty("reason", reason);
    condition.addProperty("message", message);
    condition.addProperty("lastUpdateTime", now);
    condition.addProperty("lastTransitionTime", current != null && conditionStatus.equals(text(current, "status"))
        ? text(current, "lastTransitionTime") : now);
    removeCondition(status, type);
    JsonArray conditions = status.has("conditions") ? status.getAsJsonArray("conditions") : new JsonArray();
    conditions.add(condition);
    status.add("conditions", conditions);
  }

  static void removeCondition(JsonObject status, String type) {
    if (!status.has("conditions")) {
      return;
    }
    JsonArray kept = new JsonArray();
    for (JsonElement c : status.getAsJsonArray("conditions")) {
      if (!type.equals(text(c.getAsJsonObject(), "type"))) {
        kept.add(c);
      }
    }
    status.add("conditions", kept);
  }

  // ---- JSON helpers -----------------------------------------------------------------------------------------------

  private static JsonArray ownerReferences(JsonObject experiment) {
    JsonObject owner = new JsonObject();
    owner.addProperty("apiVersion", GROUP + "/" + VERSION);
    owner.addProperty("kind", "Experiment");
    owner.addProperty("name", name(experiment));
    owner.addProperty("uid", text(experiment.getAsJsonObject("metadata"), "uid"));
    owner.addProperty("controller", true);
    owner.addProperty("blockOwnerDeletion", true);
    JsonArray owners = new JsonArray();
    owners.add(owner);
    return owners;
  }

  private static JsonObject withoutStatus(JsonObject object) {
    JsonObject copy = object.deepCopy();
    copy.remove("status");
    return copy;
  }

  private static DynamicKubernetesObject successful(KubernetesApiResponse<DynamicKubernetesObject> response) {
    if (!response.isSuccess()) {
      throw new IllegalStateException("HTTP " + response.getHttpStatusCode() + ": " + response.getStatus());
    }
    return response.getObject();
  }

  private static void putList(JsonObject status, String key, List<String> names) {
    if (!names.isEmpty()) {
      JsonArray array = new JsonArray();
      names.forEach(array::add);
      status.add(key, array);
    }
  }

  private static void putCount(JsonObject status, String key, int count) {
    if (count != 0) {
      status.addProperty(key, count);
    }
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String name(JsonObject object) {
    return text(object.getAsJsonObject("metadata"), "name");
  }

  static String text(JsonObject object, String key) {
    JsonElement value = object == null ? null : object.get(key);
    return value == null || !value.isJsonPrimitive() ? "" : value.getAsString();
  }

  private static double number(JsonObject object, String key) {
    JsonElement value = object.get(key);
    return value == null || !value.isJsonPrimitive() ? 0 : value.getAsDouble();
  }

  static JsonObject object(JsonObject object, String key) {
    JsonElement value = object == null ? null : object.get(key);
    return value != null && value.isJsonObject() ? value.getAsJsonObject() : new JsonObject();
  }

  private static JsonArray array(JsonObject object, String key) {
    JsonElement value = object == null ? null : object.get(key);
    return value != null && value.isJsonArray() ? value.getAsJsonArray() : new JsonArray();
  }

  private static List<String> strings(JsonElement array) {
    List<String> result = new ArrayList<>();
    if (array != null && array.isJsonArray()) {
      array.getAsJsonArray().forEach(e -> result.add(e.getAsString()));
    }
    return result;
  }
}
