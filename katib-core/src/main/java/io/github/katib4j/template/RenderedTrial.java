package io.github.katib4j.template;

import com.google.gson.JsonObject;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.codec.JsonTrees;
import io.github.katib4j.internal.codec.YamlWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rendered trial: the {@link Trial} Katib's controller would create around the rendered job, the job itself
 * ({@link #runSpec()}), how Katib's raw substitution departs from the values' meaning ({@link #injections()}), and a
 * typed view of the job ({@link #workload()}).
 */
public final class RenderedTrial {
  /** The label Katib's pod webhook adds to every trial pod. */
  public static final String TRIAL_LABEL = "katib.kubeflow.org/trial";

  /** The variable Katib's pod webhook (v0.19.0) appends to the primary container. */
  public static final String TRIAL_NAME_VARIABLE = "KATIB_TRIAL_NAME";

  private static final Pattern LABEL = Pattern.compile("metadata\\.labels\\['([^']*)'\\]");

  private final RenderMode mode;
  private final Trial trial;
  private final String templateText;
  private final String renderedText;
  /** Computed on first use: finding them means decoding Katib's text, which a caller of the safe rendering may skip. */
  private final Supplier<List<Problem>> injections;
  private final SamplePoint samplePoint;
  private final TrialWorkload workload;

  /** {@code runSpec}: the JSON of {@code trial}'s run spec, which nobody changes any more (the workload shares it). */
  RenderedTrial(RenderMode mode, Trial trial, JsonObject runSpec, String templateText, String renderedText,
      Supplier<List<Problem>> injections, SamplePoint samplePoint) {
    this.mode = mode;
    this.trial = trial;
    this.templateText = templateText;
    this.renderedText = renderedText;
    this.injections = injections;
    this.samplePoint = samplePoint;
    this.workload = new TrialWorkload(runSpec, trial.spec().primaryContainerName(),
        Map.copyOf(trial.spec().primaryPodLabels()));
  }

  public RenderMode mode() {
    return mode;
  }

  /** The Trial: labels, owner reference and spec as Katib's experiment controller sets them. */
  public Trial trial() {
    return trial;
  }

  /** The rendered job, {@code Trial.spec.runSpec}, with {@code metadata.name} and {@code metadata.namespace} set. */
  public Unstructured runSpec() {
    return trial.spec().runSpec().orElseThrow();
  }

  /**
   * The text Katib substitutes placeholders in: an inline {@code trialSpec} as Go's JSON encoder writes it (keys
   * sorted, {@code <}, {@code >} and {@code &} escaped), or the ConfigMap's text.
   */
  public String templateText() {
    return templateText;
  }

  /** The text after Katib's raw substitution, before decoding. */
  public String renderedText() {
    return renderedText;
  }

  /**
   * Each way Katib's rendering differs from the values placed verbatim, naming the value that causes it (rule
   * {@code K-injection}); empty when the values cannot change the manifest's structure.
   */
  public List<Problem> injections() {
    return injections.get();
  }

  /** Whether Katib's raw substitution changes the manifest's structure for these values. */
  public boolean isCorrupted() {
    return !injections().isEmpty();
  }

  /** The sample point used, when the trial was rendered with {@link TrialTemplateRenderer#renderSample}. */
  public Optional<SamplePoint> samplePoint() {
    return Optional.ofNullable(samplePoint);
  }

  /** The typed view of the job: the primary container, every container, the deadline. */
  public TrialWorkload workload() {
    return workload;
  }

  /**
   * The labels of the primary pod once Katib's pod webhook has run: the template's pod labels, the trial's labels,
   * and {@value #TRIAL_LABEL}.
   */
  public Map<String, String> podLabels() {
    Map<String, String> labels = new LinkedHashMap<>(workload.primaryPodTemplateLabels());
    labels.putAll(trial.metadata().labels());
    labels.put(TRIAL_LABEL, trial.name());
    return labels;
  }

  /**
   * The primary container's environment as its process would see it: literal values, and Downward API references
   * to the pod's name, namespace and labels resolved against this trial, plus {@value
   * #TRIAL_NAME_VARIABLE}, which Katib's pod webhook adds. Variables from Secrets, ConfigMaps or node fields are
   * left out; {@link #unresolvedEnvironment()} names them. The pod's name is taken to be the trial's.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    workload.primaryContainer().ifPresent(c -> c.env().forEach(var -> resolve(var).ifPresent(v -> env.put(
        var.name(), v))));
    env.put(TRIAL_NAME_VARIABLE, trial.name());
    return env;
  }

  /** The primary container's variables that {@link #environment()} cannot resolve without a cluster. */
  public List<String> unresolvedEnvironment() {
    List<String> names = new ArrayList<>();
    for (EnvVar var : workload.primaryContainer().map(Container::env).orElse(List.of())) {
      if (resolve(var).isEmpty()) {
        names.add(var.name());
      }
    }
    return names;
  }

  private Optional<String> resolve(EnvVar var) {
    if (var.value().isPresent() || var.valueFrom().isEmpty()) {
      return Optional.of(var.value().orElse(""));
    }
    Optional<String> fieldPath = var.fieldPath();
    if (fieldPath.isEmpty()) {
      return Optional.empty();
    }
    switch (fieldPath.get()) {
      case "metadata.name":
        return Optional.of(trial.name());
      case "metadata.namespace":
        return Optional.of(trial.metadata().namespace());
      default:
        Matcher label = LABEL.matcher(fieldPath.get());
        return label.matches() ? Optional.ofNullable(podLabels().get(label.group(1))) : Optional.empty();
    }
  }

  /** The rendered job as block YAML. */
  public String toYaml() {
    return YamlWriter.write(runSpec().toJsonObject());
  }

  /** The rendered job as indented JSON. */
  public String toJson() {
    return JsonTrees.pretty(runSpec().toJsonObject());
  }

  @Override
  public String toString() {
    return "RenderedTrial " + trial.name() + " (" + mode + (isCorrupted() ? ", corrupted" : "") + "): "
        + runSpec().toJson();
  }
}
