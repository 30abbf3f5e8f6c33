package io.github.katib4j.experiment;

import io.github.katib4j.KatibValidationException;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.validation.ExperimentValidator;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Katib experiment ({@code kubeflow.org/v1beta1 Experiment}): metadata, the spec of the search, and the status
 * Katib or the local engine reports.
 *
 * <pre>{@code
 * Experiment experiment = Experiment.builder()
 *     .name("random").namespace("kubeflow")
 *     .objective(Objective.minimize("loss").goal(0.001))
 *     .algorithm(Algorithm.random())
 *     .parameters(Parameter.doubleRange("lr", 0.01, 0.05), Parameter.doubleRange("momentum", 0.5, 0.9))
 *     .trialTemplate(template)
 *     .parallelTrialCount(3).maxTrialCount(12).maxFailedTrialCount(3)
 *     .build();
 * }</pre>
 *
 * <p>{@link Builder#build()} validates; an experiment read from text ({@link KatibCodec}) or made with
 * {@link #of(ObjectMeta, ExperimentSpec)} is not validated until {@link ExperimentValidator} is asked.
 */
public final class Experiment implements KatibObject {
  /** {@code Experiment}. */
  public static final String KIND = "Experiment";

  private final ObjectMeta metadata;
  private final ExperimentSpec spec;
  private final ExperimentStatus status;

  private Experiment(ObjectMeta metadata, ExperimentSpec spec, ExperimentStatus status) {
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.status = status;
  }

  /** An experiment as given, not validated. */
  public static Experiment of(ObjectMeta metadata, ExperimentSpec spec) {
    return new Experiment(metadata, spec, null);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public ObjectMeta metadata() {
    return metadata;
  }

  public ExperimentSpec spec() {
    return spec;
  }

  /** The status, once Katib or the local engine has reported one. */
  public Optional<ExperimentStatus> status() {
    return Optional.ofNullable(status);
  }

  /** {@code metadata.name}. */
  public String name() {
    return metadata.name();
  }

  /** {@code metadata.namespace}. */
  public String namespace() {
    return metadata.namespace();
  }

  public Experiment withMetadata(ObjectMeta metadata) {
    return new Experiment(metadata, spec, status);
  }

  public Experiment withSpec(ExperimentSpec spec) {
    return new Experiment(metadata, spec, status);
  }

  public Experiment withStatus(ExperimentStatus status) {
    return new Experiment(metadata, spec, Objects.requireNonNull(status, "status"));
  }

  /** A copy without status, as a user would submit it. */
  public Experiment withoutStatus() {
    return new Experiment(metadata, spec, null);
  }

  /** A builder holding this experiment's metadata, spec and status. */
  public Builder toBuilder() {
    Builder builder = new Builder().metadata(metadata).spec(spec);
    builder.status = status;
    return builder;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Experiment)) {
      return false;
    }
    Experiment other = (Experiment) o;
    return metadata.equals(other.metadata) && spec.equals(other.spec) && Objects.equals(status, other.status);
  }

  @Override
  public int hashCode() {
    return Objects.hash(metadata, spec, status);
  }

  /** The experiment in Katib's JSON form, compact. */
  @Override
  public String toString() {
    return KatibCodec.create().toJson(this, false);
  }

  /**
   * Builds an experiment with metadata and spec set in one chain. {@link #build()} validates the experiment as
   * Katib's webhooks would after defaulting, and throws {@link KatibValidationException} listing every problem.
   */
  public static final class Builder {
    private ObjectMeta.Builder metadata = ObjectMeta.builder();
    private ExperimentSpec.Builder spec = ExperimentSpec.builder();
    private ExperimentStatus status;

    private Builder() {}

    /** Replaces all metadata set so far. */
    public Builder metadata(ObjectMeta metadata) {
      this.metadata = ObjectMeta.builder().from(Objects.requireNonNull(metadata, "metadata"));
      return this;
    }

    public Builder name(String name) {
      metadata.name(name);
      return this;
    }

    /** A name prefix; the API server appends a random suffix. */
    public Builder generateName(String generateName) {
      metadata.generateName(generateName);
      return this;
    }

    public Builder namespace(String namespace) {
      metadata.namespace(namespace);
      return this;
    }

    public Builder label(String key, String value) {
      metadata.putLabel(key, value);
      return this;
    }

    public Builder labels(Map<String, String> labels) {
      metadata.putAllLabels(labels);
      return this;
    }

    public Builder annotation(String key, String value) {
      metadata.putAnnotation(key, value);
      return this;
    }

    public Builder annotations(Map<String, String> annotations) {
      metadata.putAllAnnotations(annotations);
      return this;
    }

    /** Replaces the spec set so far. */
    public Builder spec(ExperimentSpec spec) {
      this.spec = ExperimentSpec.builder().from(Objects.requireNonNull(spec, "spec"));
      return this;
    }

    /** Replaces the parameters set so far. */
    public Builder parameters(Parameter... parameters) {
      spec.parameters(Arrays.asList(Objects.requireNonNull(parameters, "parameters")));
      return this;
    }

    /** Replaces the parameters set so far. */
    public Builder parameters(Iterable<Parameter> parameters) {
      spec.parameters(parameters);
      return this;
    }

    public Builder addParameter(Parameter parameter) {
      spec.addParameter(parameter);
      return this;
    }

    public Builder objective(Objective objective) {
      spec.objective(objective);
      return this;
    }

    public Builder algorithm(Algorithm algorithm) {
      spec.algorithm(algorithm);
      return this;
    }

    public Builder earlyStopping(EarlyStopping earlyStopping) {
      spec.earlyStopping(earlyStopping);
      return this;
    }

    public Builder trialTemplate(TrialTemplate trialTemplate) {
      spec.trialTemplate(trialTemplate);
      return this;
    }

    public Builder parallelTrialCount(int parallelTrialCount) {
      spec.parallelTrialCount(parallelTrialCount);
      return this;
    }

    public Builder maxTrialCount(int maxTrialCount) {
      spec.maxTrialCount(maxTrialCount);
      return this;
    }

    public Builder maxFailedTrialCount(int maxFailedTrialCount) {
      spec.maxFailedTrialCount(maxFailedTrialCount);
      return this;
    }

    public Builder metricsCollector(MetricsCollector metricsCollector) {
      spec.metricsCollectorSpec(metricsCollector);
      return this;
    }

    public Builder nasConfig(NasConfig nasConfig) {
      spec.nasConfig(nasConfig);
      return this;
    }

    public Builder resumePolicy(ResumePolicy resumePolicy) {
      spec.resumePolicy(resumePolicy);
      return this;
    }

    public Builder status(ExperimentStatus status) {
      this.status = Objects.requireNonNull(status, "status");
      return this;
    }

    /**
     * The experiment, validated.
     *
     * @throws KatibValidationException listing every problem, each with its field path, when Katib would reject the
     *     experiment or it would certainly fail once running
     */
    public Experiment build() {
      Experiment experiment = new Experiment(metadata.build(), spec.build(), status);
      ExperimentValidator.forBuilders().validate(experiment).throwIfInvalid(experiment.describe());
      return experiment;
    }
  }

  /**
   * {@code Experiment "namespace/name"}, for messages; {@code Experiment "prefix*"} for one named by Kubernetes from its
   * generateName; a plain description for one without either, where a bare {@code "*"} would puzzle the reader.
   */
  String describe() {
    if (metadata.name().isEmpty() && metadata.generateName().isEmpty()) {
      return "The experiment (no name yet)";
    }
    String name = metadata.name().isEmpty() ? metadata.generateName() + "*" : metadata.name();
    return "Experiment \"" + (metadata.namespace().isEmpty() ? "" : metadata.namespace() + "/") + name + "\"";
  }
}
