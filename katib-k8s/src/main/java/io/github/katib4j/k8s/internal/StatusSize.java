package io.github.katib4j.k8s.internal;

import com.google.gson.JsonPrimitive;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.FeasibleSpace;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterType;
import java.nio.charset.StandardCharsets;

/**
 * Projects how large Katib's objects for an experiment grow (reference A3.1): the Suggestion's status keeps every
 * trial's name and assignments, and the Experiment's status every trial's name, so both grow with each trial, and etcd
 * refuses an object beyond its request limit (1.5 MiB by default). Katib then stalls without an error users see
 * (kubeflow/katib#1847).
 */
public final class StatusSize {
  /** Characters Katib's services use for a double (Python's repr of a float, 17 significant digits). */
  static final int DOUBLE_TEXT = 20;
  /** What an object carries besides the per-trial entries: metadata, managed fields, conditions, the spec. */
  static final int OVERHEAD = 4096;

  private final long suggestionBase;
  private final long suggestionPerTrial;
  private final long experimentBase;
  private final long experimentPerTrial;

  private StatusSize(long suggestionBase, long suggestionPerTrial, long experimentBase, long experimentPerTrial) {
    this.suggestionBase = suggestionBase;
    this.suggestionPerTrial = suggestionPerTrial;
    this.experimentBase = experimentBase;
    this.experimentPerTrial = experimentPerTrial;
  }

  /** The projection for {@code experiment}, whose name must be final (generateName resolved). */
  public static StatusSize of(Experiment experiment) {
    int specBytes = KatibCodec.create().toJson(experiment.withoutStatus(), false)
        .getBytes(StandardCharsets.UTF_8).length;
    // Trial names are <experiment>-<8 random characters>.
    int trialName = experiment.name().length() + 9;
    long assignments = 0;
    for (Parameter parameter : experiment.spec().parameters()) {
      // {"name":"<p>","value":"<v>"},
      assignments += 22 + jsonLength(parameter.name()) + valueLength(parameter);
    }
    if (experiment.spec().nasConfig().isPresent()) {
      // ENAS and DARTS assign the architecture and the whole network configuration as JSON text to every trial.
      String nas = KatibCodec.create().toJson(experiment, false);
      assignments += 2 * (22 + 12) + nas.length() / 2 + 200;
    }
    long rules = 0;
    if (experiment.spec().earlyStopping().isPresent()) {
      String metric = experiment.spec().objective().map(o -> o.objectiveMetricName()).orElse("");
      // "earlyStoppingRules":[{"name":"<metric>","value":"<v>","comparison":"less","startStep":4}],
      rules = 80 + jsonLength(metric) + DOUBLE_TEXT;
    }
    // {"name":"<trial>","parameterAssignments":[...]},
    long suggestionPerTrial = 37 + trialName + assignments + rules;
    // "<trial>", in one of the trial lists.
    long experimentPerTrial = trialName + 3;
    return new StatusSize(specBytes + OVERHEAD, suggestionPerTrial, 2L * specBytes + OVERHEAD, experimentPerTrial);
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

  /** The Suggestion object's projected size after {@code trials} trials. */
  public long suggestionBytes(long trials) {
    return suggestionBase + suggestionPerTrial * trials;
  }

  /** The Experiment object's projected size after {@code trials} trials. */
  public long experimentBytes(long trials) {
    return experimentBase + experimentPerTrial * trials;
  }

  /** The larger of the two. */
  public long largestBytes(long trials) {
    return Math.max(suggestionBytes(trials), experimentBytes(trials));
  }

  /** How many trials fit before the larger object reaches {@code limitBytes}. */
  public long trialsWithin(long limitBytes) {
    long bySuggestion = (limitBytes - suggestionBase) / suggestionPerTrial;
    long byExperiment = (limitBytes - experimentBase) / experimentPerTrial;
    return Math.max(0, Math.min(bySuggestion, byExperiment));
  }

  /** Bytes the Suggestion grows by per trial. */
  public long suggestionBytesPerTrial() {
    return suggestionPerTrial;
  }
}
