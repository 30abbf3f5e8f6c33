package io.github.katib4j.template;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.TrialParameter;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.codec.JsonTrees;
import io.github.katib4j.internal.codec.Paths;
import io.github.katib4j.internal.template.GoJson;
import io.github.katib4j.internal.template.TemplateSyntax;
import io.github.katib4j.internal.template.Workloads;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What every trial-template builder has: the trial parameters, the primary container and pod labels, the success
 * and failure conditions (Katib's defaults for the kind unless set), {@code retain}, and the template object's own
 * labels and annotations (which {@code ${trialSpec.Labels[key]}} reads).
 *
 * @param <B> the concrete builder
 */
public abstract class TrialTemplateBuilder<B extends TrialTemplateBuilder<B>> {
  private static final String PATH = "trialTemplate";

  private final List<TrialParameter> trialParameters = new ArrayList<>();
  private final Map<String, String> labels = new LinkedHashMap<>();
  private final Map<String, String> annotations = new LinkedHashMap<>();
  private final JsonObject specFields = new JsonObject();
  private String apiVersion;
  private String primaryContainerName;
  private Map<String, String> primaryPodLabels;
  private String successCondition;
  private String failureCondition;
  private boolean retain;

  TrialTemplateBuilder() {}

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Declares placeholder {@code ${trialParameters.<name>}}, filled from {@code reference}. */
  public B trialParameter(String name, String reference) {
    return trialParameter(TrialParameter.of(name, reference));
  }

  /** Declares placeholder {@code ${trialParameters.<name>}}, filled from {@code reference}, with a description. */
  public B trialParameter(String name, String reference, String description) {
    return trialParameter(TrialParameter.of(name, reference, description));
  }

  public B trialParameter(TrialParameter trialParameter) {
    trialParameters.add(Objects.requireNonNull(trialParameter, "trialParameter"));
    return self();
  }

  /** The container that trains; by default the first container of the leading pod. */
  public B primaryContainerName(String primaryContainerName) {
    this.primaryContainerName = Objects.requireNonNull(primaryContainerName, "primaryContainerName");
    return self();
  }

  /** The labels that select the pods Katib collects metrics from; by default Katib's for the kind. */
  public B primaryPodLabels(Map<String, String> primaryPodLabels) {
    this.primaryPodLabels = Map.copyOf(primaryPodLabels);
    return self();
  }

  /** A GJSON path on the job; by default Katib's for the kind. */
  public B successCondition(String successCondition) {
    this.successCondition = Objects.requireNonNull(successCondition, "successCondition");
    return self();
  }

  /** A GJSON path on the job; by default Katib's for the kind. */
  public B failureCondition(String failureCondition) {
    this.failureCondition = Objects.requireNonNull(failureCondition, "failureCondition");
    return self();
  }

  /** Keep the trial's job after the trial completes (Katib deletes it by default). */
  public B retain(boolean retain) {
    this.retain = retain;
    return self();
  }

  /** A label on the template object ({@code metadata.labels}), readable as {@code ${trialSpec.Labels[key]}}. */
  public B label(String key, String value) {
    labels.put(key, value);
    return self();
  }

  /** An annotation on the template object, readable as {@code ${trialSpec.Annotations[key]}}. */
  public B annotation(String key, String value) {
    annotations.put(key, value);
    return self();
  }

  /** The {@code apiVersion} to write, when the operator serves the kind under another version. */
  public B apiVersion(String apiVersion) {
    this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
    return self();
  }

  /**
   * Any other field of the object's {@code spec}, such as a Job's {@code parallelism} or an MPIJob's
   * {@code slotsPerWorker}; {@code value} is a string, number, boolean, list, map, or {@link Unstructured}.
   */
  public B specField(String name, Object value) {
    specFields.add(name, value instanceof Unstructured ? ((Unstructured) value).toJsonObject()
        : JsonTrees.fromJava(value, "spec." + name));
    return self();
  }

  /** The template object ({@code trialSpec}) alone. */
  public Unstructured trialSpec() {
    JsonObject object = new JsonObject();
    object.addProperty("apiVersion", apiVersion != null ? apiVersion : defaultApiVersion());
    object.addProperty("kind", kind());
    JsonObject metadata = baseMetadata();
    Workloads.metadata(labels, annotations).entrySet().forEach(e -> {
      JsonElement existing = metadata.get(e.getKey());
      if (existing != null && existing.isJsonObject()) {
        e.getValue().getAsJsonObject().entrySet().forEach(kv -> existing.getAsJsonObject().add(kv.getKey(),
            kv.getValue()));
      } else {
        metadata.add(e.getKey(), e.getValue());
      }
    });
    if (metadata.size() > 0) {
      object.add("metadata", metadata);
    }
    JsonElement spec = spec(specFields.deepCopy());
    if (spec != null) {
      object.add("spec", spec);
    }
    otherFields().entrySet().forEach(e -> object.add(e.getKey(), e.getValue()));
    return Unstructured.of(object);
  }

  /**
   * The trial template, with Katib's success and failure conditions and primary pod labels for the kind unless set.
   *
   * @throws KatibValidationException when a trial parameter is malformed or repeated, its placeholder is missing
   *     from the object, or the object uses a placeholder no trial parameter declares
   */
  public TrialTemplate build() {
    Unstructured spec = trialSpec();
    checkPlaceholders(spec);
    String container = primaryContainerName != null ? primaryContainerName : defaultPrimaryContainerName();
    String success = successCondition != null ? successCondition : defaultSuccessCondition();
    String failure = failureCondition != null ? failureCondition : defaultFailureCondition();
    List<Problem> problems = new ArrayList<>();
    if (container.isEmpty()) {
      problems.add(Problem.of(PATH + ".primaryContainerName", "T2", "no container to train in; give"
          + " primaryContainerName"));
    }
    if (success.isEmpty() || failure.isEmpty()) {
      problems.add(Problem.of(PATH, "T3", "Katib has no default success and failure conditions for kind "
          + kind() + "; give both as GJSON paths on the job object"));
    }
    throwIfAny(problems);
    return TrialTemplate.builder()
        .retain(retain)
        .trialSpec(spec)
        .trialParameters(trialParameters)
        .primaryPodLabels(primaryPodLabels != null ? primaryPodLabels : defaultPrimaryPodLabels())
        .primaryContainerName(container)
        .successCondition(success)
        .failureCondition(failure)
        .build();
  }

  private void checkPlaceholders(Unstructured spec) {
    String text = GoJson.encode(spec.toJsonObject());
    List<Problem> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < trialParameters.size(); i++) {
      TrialParameter p = trialParameters.get(i);
      String path = Paths.index(PATH + ".trialParameters", i);
      if (p.name().isEmpty() || p.reference().isEmpty() || p.name().contains("{") || p.name().contains("}")) {
        problems.add(Problem.of(path, "T8", "name and reference must be set and name must not contain '{' or '}'"));
      } else if (!names.add(p.name())) {
        problems.add(Problem.of(path + ".name", "T9", "trial parameter \"" + p.name() + "\" is declared twice"));
      } else if (!text.contains(TemplateSyntax.placeholder(p.name()))) {
        problems.add(Problem.of(path + ".name", "T12", TemplateSyntax.placeholder(p.name()) + " does not appear in"
            + " the " + kind() + "; use it in a container's command, args or env, or remove the trial parameter"));
      }
    }
    List<String> unknown = TemplateSyntax.unknownPlaceholders(text, names);
    if (!unknown.isEmpty()) {
      problems.add(Problem.of(PATH + ".trialSpec", "T13", "the " + kind() + " uses " + String.join(", ", unknown)
          + ", which no trial parameter declares; add them with trialParameter(name, reference)"));
    }
    throwIfAny(problems);
  }

  private void throwIfAny(List<Problem> problems) {
    if (!problems.isEmpty()) {
      throw new KatibValidationException("Trial template (" + kind() + ")", problems);
    }
  }

  abstract String kind();

  abstract String defaultApiVersion();

  /** The object's {@code spec}, with {@code extra} fields to include; null for none. */
  abstract JsonElement spec(JsonObject extra);

  /** Metadata the object starts from, before the builder's labels and annotations. */
  JsonObject baseMetadata() {
    return new JsonObject();
  }

  /** Top-level fields other than apiVersion, kind, metadata and spec. */
  JsonObject otherFields() {
    return new JsonObject();
  }

  abstract String defaultPrimaryContainerName();

  String defaultSuccessCondition() {
    return TrialKind.of(kind()).map(TrialKind::successCondition).orElse("");
  }

  String defaultFailureCondition() {
    return TrialKind.of(kind()).map(TrialKind::failureCondition).orElse("");
  }

  Map<String, String> defaultPrimaryPodLabels() {
    return TrialKind.of(kind()).map(TrialKind::primaryPodLabels).orElse(Map.of());
  }
}
