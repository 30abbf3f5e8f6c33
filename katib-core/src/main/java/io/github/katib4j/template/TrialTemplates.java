package io.github.katib4j.template;

import io.github.katib4j.experiment.Unstructured;

/**
 * Builders for trial templates of each kind Katib supports by default, and of any other kind.
 *
 * <pre>{@code
 * Container training = Container.builder()
 *     .name("training-container").image("ghcr.io/kubeflow/katib/pytorch-mnist-cpu:v0.19.0")
 *     .command("python3", "/opt/pytorch-mnist/mnist.py", "--lr=${trialParameters.learningRate}")
 *     .build();
 * TrialTemplate template = TrialTemplates.job(training)
 *     .trialParameter("learningRate", "lr", "Learning rate for the training model")
 *     .build();
 * }</pre>
 */
public final class TrialTemplates {
  private TrialTemplates() {}

  /** A {@code batch/v1 Job} running one container. */
  public static JobTemplateBuilder job(Container container) {
    return new JobTemplateBuilder(PodTemplate.of(container));
  }

  /** A {@code batch/v1 Job} running this pod. */
  public static JobTemplateBuilder job(PodTemplate pod) {
    return new JobTemplateBuilder(pod);
  }

  /** A Kubeflow {@code TFJob}; add replicas with {@code chief}, {@code worker}, {@code ps} or {@code replica}. */
  public static KubeflowJobTemplateBuilder tfJob() {
    return new KubeflowJobTemplateBuilder(TrialKind.TF_JOB);
  }

  /** A Kubeflow {@code PyTorchJob}; add {@code master} and {@code worker} replicas. */
  public static KubeflowJobTemplateBuilder pyTorchJob() {
    return new KubeflowJobTemplateBuilder(TrialKind.PYTORCH_JOB);
  }

  /** A Kubeflow {@code XGBoostJob}; add {@code master} and {@code worker} replicas. */
  public static KubeflowJobTemplateBuilder xgboostJob() {
    return new KubeflowJobTemplateBuilder(TrialKind.XGBOOST_JOB);
  }

  /** A Kubeflow {@code MPIJob}; add a {@code launcher} and {@code worker} replicas. */
  public static KubeflowJobTemplateBuilder mpiJob() {
    return new KubeflowJobTemplateBuilder(TrialKind.MPI_JOB);
  }

  /** A Kubeflow Trainer {@code TrainJob} on the training runtime {@code runtime}. */
  public static TrainJobTemplateBuilder trainJob(String runtime, Container trainer) {
    return new TrainJobTemplateBuilder(runtime, trainer);
  }

  /** Any Kubernetes object as the trial; give the success and failure conditions unless it is a {@link TrialKind}. */
  public static CustomTemplateBuilder custom(Unstructured object) {
    return new CustomTemplateBuilder(object);
  }

  /** Any Kubernetes object as the trial, with the conditions that say its run succeeded or failed. */
  public static CustomTemplateBuilder custom(Unstructured object, String successCondition, String failureCondition) {
    return new CustomTemplateBuilder(object).successCondition(successCondition).failureCondition(failureCondition);
  }
}
