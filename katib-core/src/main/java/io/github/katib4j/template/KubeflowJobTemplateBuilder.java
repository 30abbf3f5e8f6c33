package io.github.katib4j.template;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.KatibException;
import io.github.katib4j.internal.template.Workloads;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a trial template whose trials are Kubeflow Training Operator jobs ({@code TFJob}, {@code PyTorchJob},
 * {@code XGBoostJob}, {@code MPIJob}): replicas by type, each a number of pods of one template. Other fields of the
 * job's spec ({@code runPolicy}, MPI's {@code slotsPerWorker}) go through {@link #specField(String, Object)}.
 */
public final class KubeflowJobTemplateBuilder extends TrialTemplateBuilder<KubeflowJobTemplateBuilder> {
  private final TrialKind kind;
  private final Map<String, Replica> replicas = new LinkedHashMap<>();

  KubeflowJobTemplateBuilder(TrialKind kind) {
    this.kind = kind;
  }

  /**
   * Adds (or replaces) the replicas of {@code type}; {@link TrialKind#replicaTypes()} lists the types the operator
   * accepts.
   */
  public KubeflowJobTemplateBuilder replica(String type, Replica replica) {
    if (!kind.replicaTypes().contains(type)) {
      throw new KatibException(kind.kind() + " has no replica type \"" + type + "\"; use one of "
          + kind.replicaTypes());
    }
    replicas.put(type, Objects.requireNonNull(replica, "replica"));
    return this;
  }

  /** The {@code Master} replicas (PyTorchJob, XGBoostJob, TFJob). */
  public KubeflowJobTemplateBuilder master(Replica replica) {
    return replica("Master", replica);
  }

  /** The {@code Worker} replicas. */
  public KubeflowJobTemplateBuilder worker(Replica replica) {
    return replica("Worker", replica);
  }

  /** The {@code Chief} replica (TFJob). */
  public KubeflowJobTemplateBuilder chief(Replica replica) {
    return replica("Chief", replica);
  }

  /** The parameter servers, {@code PS} (TFJob). */
  public KubeflowJobTemplateBuilder ps(Replica replica) {
    return replica("PS", replica);
  }

  /** The {@code Launcher} (MPIJob). */
  public KubeflowJobTemplateBuilder launcher(Replica replica) {
    return replica("Launcher", replica);
  }

  @Override
  String kind() {
    return kind.kind();
  }

  @Override
  String defaultApiVersion() {
    return kind.apiVersion();
  }

  @Override
  JsonElement spec(JsonObject extra) {
    if (replicas.isEmpty()) {
      throw new KatibException(kind.kind() + " needs replicas; add at least one of " + kind.replicaTypes());
    }
    JsonObject spec = new JsonObject();
    extra.entrySet().forEach(e -> spec.add(e.getKey(), e.getValue()));
    JsonObject specs = new JsonObject();
    replicas.forEach((type, replica) -> specs.add(type, Workloads.writeReplica(replica)));
    spec.add(kind.replicaSpecsField(), specs);
    return spec;
  }

  /** The first container of the leading replica type present (Chief, Master or Launcher before Worker). */
  @Override
  String defaultPrimaryContainerName() {
    for (String type : kind.replicaTypes()) {
      Replica replica = replicas.get(type);
      if (replica != null && !replica.template().containers().isEmpty()) {
        return replica.template().containers().get(0).name();
      }
    }
    return "";
  }
}
