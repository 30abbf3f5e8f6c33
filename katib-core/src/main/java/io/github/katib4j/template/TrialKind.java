package io.github.katib4j.template;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trial kinds Katib knows by default, with the success and failure conditions and primary pod labels its
 * webhook gives an inline template of that kind ({@code experiment_defaults.go} at v0.19.0). Katib matches on
 * {@code kind} only, whatever the API group.
 */
public enum TrialKind {
  /** Kubernetes' {@code batch/v1 Job}. */
  JOB("batch/v1", "Job", "", List.of(), Conditions.COMPLETE, Map.of()),
  /** Kubeflow Training Operator's {@code TFJob}. */
  TF_JOB("kubeflow.org/v1", "TFJob", "tfReplicaSpecs", List.of("Chief", "Master", "Worker", "PS", "Evaluator"),
      Conditions.SUCCEEDED, Conditions.MASTER_ROLE),
  /** Kubeflow Training Operator's {@code PyTorchJob}. */
  PYTORCH_JOB("kubeflow.org/v1", "PyTorchJob", "pytorchReplicaSpecs", List.of("Master", "Worker"),
      Conditions.SUCCEEDED, Conditions.MASTER_ROLE),
  /** Kubeflow Training Operator's {@code XGBoostJob}. */
  XGBOOST_JOB("kubeflow.org/v1", "XGBoostJob", "xgbReplicaSpecs", List.of("Master", "Worker"), Conditions.SUCCEEDED,
      Conditions.MASTER_ROLE),
  /** Kubeflow Training Operator's {@code MPIJob} (Katib's examples use {@code kubeflow.org/v1}). */
  MPI_JOB("kubeflow.org/v1", "MPIJob", "mpiReplicaSpecs", List.of("Launcher", "Worker"), Conditions.SUCCEEDED,
      Conditions.MASTER_ROLE),
  /** Kubeflow Trainer's {@code TrainJob}. */
  TRAIN_JOB("trainer.kubeflow.org/v1alpha1", "TrainJob", "", List.of(), Conditions.COMPLETE,
      Conditions.TRAIN_JOB_NODE_ZERO);

  private final String apiVersion;
  private final String kind;
  private final String replicaSpecsField;
  private final List<String> replicaTypes;
  private final String successCondition;
  private final Map<String, String> primaryPodLabels;

  TrialKind(String apiVersion, String kind, String replicaSpecsField, List<String> replicaTypes,
      String successCondition, Map<String, String> primaryPodLabels) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.replicaSpecsField = replicaSpecsField;
    this.replicaTypes = replicaTypes;
    this.successCondition = successCondition;
    this.primaryPodLabels = primaryPodLabels;
  }

  /** The API version the builders write; Katib's defaults do not depend on it. */
  public String apiVersion() {
    return apiVersion;
  }

  /** The {@code kind} Katib matches on. */
  public String kind() {
    return kind;
  }

  /** The field under {@code spec} that holds the replicas, such as {@code pytorchReplicaSpecs}; empty if none. */
  public String replicaSpecsField() {
    return replicaSpecsField;
  }

  /** The replica types the operator accepts, in the order the primary container is looked for. */
  public List<String> replicaTypes() {
    return replicaTypes;
  }

  /** Katib's default {@code successCondition} for the kind. */
  public String successCondition() {
    return successCondition;
  }

  /** Katib's default {@code failureCondition}, the same for every kind. */
  public String failureCondition() {
    return Conditions.FAILED;
  }

  /** Katib's default {@code primaryPodLabels}; empty for {@code Job}. */
  public Map<String, String> primaryPodLabels() {
    return primaryPodLabels;
  }

  /** The kind Katib would default for this {@code kind}, if any. */
  public static Optional<TrialKind> of(String kind) {
    return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
  }

  /** GJSON paths as Katib writes them. */
  private static final class Conditions {
    static final String COMPLETE = "status.conditions.#(type==\"Complete\")#|#(status==\"True\")#";
    static final String SUCCEEDED = "status.conditions.#(type==\"Succeeded\")#|#(status==\"True\")#";
    static final String FAILED = "status.conditions.#(type==\"Failed\")#|#(status==\"True\")#";
    static final Map<String, String> MASTER_ROLE = Map.of("training.kubeflow.org/job-role", "master");
    /** In Katib's order; {@code Map.of} would iterate in an order that changes from one JVM run to the next. */
    static final Map<String, String> TRAIN_JOB_NODE_ZERO = trainJobNodeZero();

    private static Map<String, String> trainJobNodeZero() {
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("jobset.sigs.k8s.io/replicatedjob-name", "node");
      labels.put("batch.kubernetes.io/job-completion-index", "0");
      return Collections.unmodifiableMap(labels);
    }
  }
}
