package io.github.katib4j.template;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.KatibException;
import io.github.katib4j.internal.template.Workloads;
import java.util.Objects;

/**
 * Builds a trial template whose trials are Kubernetes {@code batch/v1} Jobs. The pod's restart policy is
 * {@code Never} unless set, as in Katib's examples (a Job allows only {@code Never} and {@code OnFailure}).
 */
public final class JobTemplateBuilder extends TrialTemplateBuilder<JobTemplateBuilder> {
  private PodTemplate pod;
  private Integer backoffLimit;
  private Long activeDeadlineSeconds;
  private Integer ttlSecondsAfterFinished;

  JobTemplateBuilder(PodTemplate pod) {
    this.pod = Objects.requireNonNull(pod, "pod");
  }

  /** The pod's restart policy: {@link RestartPolicy#NEVER} or {@link RestartPolicy#ON_FAILURE}. */
  public JobTemplateBuilder restartPolicy(RestartPolicy restartPolicy) {
    if (restartPolicy != RestartPolicy.NEVER && restartPolicy != RestartPolicy.ON_FAILURE) {
      throw new KatibException("a Job's pods must have restartPolicy Never or OnFailure, but got " + restartPolicy
          + "; Kubernetes rejects any other");
    }
    pod = pod.withRestartPolicy(restartPolicy);
    return this;
  }

  /** How often Kubernetes retries a failed pod before the Job, and so the trial, fails (Kubernetes' default: 6). */
  public JobTemplateBuilder backoffLimit(int backoffLimit) {
    this.backoffLimit = backoffLimit;
    return this;
  }

  /** How long the Job may run before Kubernetes fails it. */
  public JobTemplateBuilder activeDeadlineSeconds(long activeDeadlineSeconds) {
    this.activeDeadlineSeconds = activeDeadlineSeconds;
    return this;
  }

  /** How long Kubernetes keeps the finished Job (Katib deletes it anyway unless {@code retain}). */
  public JobTemplateBuilder ttlSecondsAfterFinished(int ttlSecondsAfterFinished) {
    this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
    return this;
  }

  @Override
  String kind() {
    return TrialKind.JOB.kind();
  }

  @Override
  String defaultApiVersion() {
    return TrialKind.JOB.apiVersion();
  }

  @Override
  JsonElement spec(JsonObject extra) {
    JsonObject spec = new JsonObject();
    if (backoffLimit != null) {
      spec.addProperty("backoffLimit", backoffLimit);
    }
    if (activeDeadlineSeconds != null) {
      spec.addProperty("activeDeadlineSeconds", activeDeadlineSeconds);
    }
    if (ttlSecondsAfterFinished != null) {
      spec.addProperty("ttlSecondsAfterFinished", ttlSecondsAfterFinished);
    }
    extra.entrySet().forEach(e -> spec.add(e.getKey(), e.getValue()));
    PodTemplate withPolicy = pod.restartPolicy().isPresent() ? pod : pod.withRestartPolicy(RestartPolicy.NEVER);
    spec.add("template", Workloads.writePodTemplate(withPolicy));
    return spec;
  }

  @Override
  String defaultPrimaryContainerName() {
    return pod.containers().isEmpty() ? "" : pod.containers().get(0).name();
  }
}
