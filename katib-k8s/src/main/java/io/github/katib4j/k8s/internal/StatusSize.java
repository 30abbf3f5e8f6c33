package io.github.katib4j.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.FeasibleSpace;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterType;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Projects how large the objects Katib stores for an experiment grow (reference A3.1, §2.13), each against etcd's
 * object limit (1.5 MiB by default), beyond which the API server refuses to store it and Katib stalls without an
 * error users see (kubeflow/katib#1847):
 * <ul>
 *   <li>the Experiment: its spec as submitted (katib submit adds no {@code last-applied-configuration}), the managed
 *       fields that list the spec's keys, a status with conditions and the current optimal trial, and every trial's
 *       name in one of the status's trial lists;
 *   <li>the Suggestion: a copy of the algorithm and early-stopping settings (in its spec, and the settings the
 *       service returns in its status) and every trial's name and parameter assignments in its status; it holds no
 *       trial template;
 *   <li>each Trial: the rendered trial template ({@code spec.runSpec}) with the assignments, objective and metrics
 *       collector; it does not grow with the number of trials, but a trial template near the limit makes every Trial
 *       too large (and the Job and pods created from it carry the same content).
 * </ul>
 */
public final class StatusSize {
  /** Characters Katib's services use for a double (Python's repr of a float, 17 significant digits). */
  static final int DOUBLE_TEXT = 20;
  /** What an object carries besides what is counted: metadata, owner references, conditions, status managed fields. */
  static final int OVERHEAD = 4096;

  private final long submitted;
  private final long template;
  private final long experimentBase;
  private final long experimentPerTrial;
  private final long suggestionBase;
  private final long suggestionPerTrial;
  private final long trial;

  private StatusSize(long submitted, long template, long experimentBase, long experimentPerTrial,
      long suggestionBase, long suggestionPerTrial, long trial) {
    this.submitted = submitted;
    this.template = template;
    this.experimentBase = experimentBase;
    this.experimentPerTrial = experimentPerTrial;
    this.suggestionBase = suggestionBase;
    this.suggestionPerTrial = suggestionPerTrial;
    this.trial = trial;
  }

  /** The projection for {@code experiment}, whose name must be final (generateName resolved), inline template. */
  public static StatusSize of(Experiment experiment) {
    return of(experiment, 0);
  }

  /**
   * The projection for {@code experiment}, whose name must be final (generateName resolved).
   *
   * @param configMapTemplateBytes the length of the ConfigMap's trial template text, when the template is there (0
   *     when it is inline or unknown)
   */
  public static StatusSize of(Experiment experiment, long configMapTemplateBytes) {
    String json = KatibCodec.create().toJson(experiment.withoutStatus(), false);
    long submitted = utf8(json);
    JsonObject spec = Json.object(JsonParser.parseString(json).getAsJsonObject(), "spec");
    JsonObject trialTemplate = Json.object(spec, "trialTemplate");
    JsonObject trialSpec = Json.object(trialTemplate, "trialSpec");
    long template = trialSpec.size() == 0 ? configMapTemplateBytes : utf8(trialSpec.toString());

    // Trial names are <experiment>-<8 random characters>.
    int trialName = experiment.name().length() + 9;
    long assignments = 0;
    for (Parameter parameter : experiment.spec().parameters()) {
      // {"name":"<p>","value":"<v>"},
      assignments += 22 + jsonLength(parameter.name()) + valueLength(parameter);
    }
    if (experiment.spec().nasConfig().isPresent()) {
      // ENAS and DARTS assign the architecture and the whole network configuration as JSON text to every trial.
      assignments += 2 * (22 + 12) + utf8(Json.object(spec, "nasConfig").toString()) + 200;
    }
    JsonObject objective = Json.object(spec, "objective");
    String metric = Json.string(objective, "objectiveMetricName");
    long rules = 0;
    if (experiment.spec().earlyStopping().isPresent()) {
      // "earlyStoppingRules":[{"name":"<metric>","value":"<v>","comparison":"less","startStep":4}],
      rules = 80 + jsonLength(metric) + DOUBLE_TEXT;
    }

    // The Experiment: the spec with its managed fields, the current optimal trial, conditions; "<trial>", per trial.
    long metrics = 0;
    for (JsonElement name : Json.array(objective, "additionalMetricNames")) {
      metrics += 3 * DOUBLE_TEXT + 60 + utf8(name.toString());
    }
    metrics += 3 * DOUBLE_TEXT + 60 + jsonLength(metric);
    long optimal = 100 + trialName + assignments + metrics;
    long experimentBase = submitted + managedFields(spec) + optimal + OVERHEAD;
    long experimentPerTrial = trialName + 3;

    // The Suggestion: algorithm and early stopping (spec, and the service's settings in the status); per trial
    // {"name":"<trial>","parameterAssignments":[...]},
    long algorithm = utf8(Json.object(spec, "algorithm").toString());
    long earlyStopping = utf8(Json.object(spec, "earlyStopping").toString());
    long suggestionBase = 2 * algorithm + earlyStopping + OVERHEAD;
    long suggestionPerTrial = 37 + trialName + assignments + rules;

    // Each Trial: the rendered template and its managed fields, assignments, objective, collector, labels.
    long trial = template + managedFields(trialSpec) + assignments + utf8(objective.toString())
        + utf8(Json.object(spec, "metricsCollectorSpec").toString()) + rules + OVERHEAD;
    return new StatusSize(submitted, template, experimentBase, experimentPerTrial, suggestionBase,
        suggestionPerTrial, trial);
  }

  /**
   * The managed fields that record an object's keys ({@code "f:<key>":{}}): lists are atomic in Katib's CRDs and in
   * free-form content, so only objects' keys count.
   */
  private static long managedFields(JsonObject object) {
    long bytes = 0;
    for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
      bytes += jsonLength(entry.getKey()) + 8;
      if (entry.getValue().isJsonObject()) {
        bytes += managedFields(entry.getValue().getAsJsonObject());
      }
    }
    return bytes;
  }

  private static long valueLength(Parameter parameter) {
    FeasibleSpace space = parameter.feasibleSpace();
    ParameterType type = parameter.parameterType().orElse(ParameterType.DOUBLE);
    switch (type) {
      case INT:
        return Math.max(space.minText().map(String::length).orElse(1), space.maxText().map(String::length).orElse(1));
      case DISCRETE:
      case CATEGORICAL:
        return space.list().stream().mapToInt(StatusSize::jsonLength).max().orElse(1);
      default:
        return DOUBLE_TEXT;
    }
  }

  private static int jsonLength(String text) {
    // Escaped as JSON, without the quotes.
    return new JsonPrimitive(text).toString().getBytes(StandardCharsets.UTF_8).length - 2;
  }

  private static long utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** The Experiment as the create request sends it, in bytes of JSON. */
  public long submittedBytes() {
    return submitted;
  }

  /** The trial template's part of it (the ConfigMap's text for a template there), in bytes. */
  public long templateBytes() {
    return template;
  }

  /** The Suggestion object's projected size after {@code trials} trials. */
  public long suggestionBytes(long trials) {
    return suggestionBase + suggestionPerTrial * trials;
  }

  /** The Experiment object's projected size after {@code trials} trials. */
  public long experimentBytes(long trials) {
    return experimentBase + experimentPerTrial * trials;
  }

  /** Each Trial object's projected size. */
  public long trialBytes() {
    return trial;
  }

  /** How many trials fit before the Suggestion reaches {@code limitBytes}. */
  public long suggestionTrialsWithin(long limitBytes) {
    return Math.max(0, (limitBytes - suggestionBase) / suggestionPerTrial);
  }

  /** How many trials fit before the Experiment reaches {@code limitBytes}. */
  public long experimentTrialsWithin(long limitBytes) {
    return Math.max(0, (limitBytes - experimentBase) / experimentPerTrial);
  }

  /** How many trials fit before the first of the two reaches {@code limitBytes}. */
  public long trialsWithin(long limitBytes) {
    return Math.min(suggestionTrialsWithin(limitBytes), experimentTrialsWithin(limitBytes));
  }

  /** Bytes the Suggestion grows by per trial. */
  public long suggestionBytesPerTrial() {
    return suggestionPerTrial;
  }

  /** Bytes the Experiment grows by per trial. */
  public long experimentBytesPerTrial() {
    return experimentPerTrial;
  }
}
