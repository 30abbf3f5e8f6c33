package io.github.katib4j.template;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.KatibException;
import io.github.katib4j.internal.template.Workloads;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a trial template whose trials are Kubeflow Trainer {@code TrainJob}s: a training runtime and the trainer
 * (image, command, args, env and resources per node). Trainer runs it in the container {@code node}, which is the
 * primary container.
 */
public final class TrainJobTemplateBuilder extends TrialTemplateBuilder<TrainJobTemplateBuilder> {
  /** The container name Kubeflow Trainer gives the trainer. */
  public static final String TRAINER_CONTAINER = "node";

  private final String runtime;
  private final Container trainer;
  private Integer numNodes;

  TrainJobTemplateBuilder(String runtime, Container trainer) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.trainer = Objects.requireNonNull(trainer, "trainer");
    List<String> unsupported = new ArrayList<>();
    trainer.imagePullPolicy().ifPresent(p -> unsupported.add("imagePullPolicy"));
    trainer.workingDir().ifPresent(p -> unsupported.add("workingDir"));
    if (!trainer.ports().isEmpty()) {
      unsupported.add("ports");
    }
    if (!trainer.volumeMounts().isEmpty()) {
      unsupported.add("volumeMounts");
    }
    if (!trainer.extraFields().isEmpty()) {
      unsupported.addAll(trainer.extraFields().toJsonObject().keySet());
    }
    if (!unsupported.isEmpty()) {
      throw new KatibException("a TrainJob's trainer has image, command, args, env and resources only, but the"
          + " container sets " + unsupported + "; put the rest in the training runtime or in podSpecOverrides"
          + " (specField)");
    }
  }

  /** How many nodes (pods) train. */
  public TrainJobTemplateBuilder numNodes(int numNodes) {
    this.numNodes = numNodes;
    return this;
  }

  @Override
  String kind() {
    return TrialKind.TRAIN_JOB.kind();
  }

  @Override
  String defaultApiVersion() {
    return TrialKind.TRAIN_JOB.apiVersion();
  }

  @Override
  JsonElement spec(JsonObject extra) {
    JsonObject spec = new JsonObject();
    JsonObject runtimeRef = new JsonObject();
    runtimeRef.addProperty("name", runtime);
    spec.add("runtimeRef", runtimeRef);
    JsonObject trainerJson = new JsonObject();
    if (numNodes != null) {
      trainerJson.addProperty("numNodes", numNodes);
    }
    JsonObject container = Workloads.writeContainer(trainer);
    for (String field : List.of("image", "command", "args", "env")) {
      if (container.has(field)) {
        trainerJson.add(field, container.get(field));
      }
    }
    if (container.has("resources")) {
      trainerJson.add("resourcesPerNode", container.get("resources"));
    }
    spec.add("trainer", trainerJson);
    extra.entrySet().forEach(e -> spec.add(e.getKey(), e.getValue()));
    return spec;
  }

  @Override
  String defaultPrimaryContainerName() {
    return TRAINER_CONTAINER;
  }
}
