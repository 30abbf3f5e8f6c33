package io.github.katib4j.template;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.Unstructured;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds a trial template around any Kubernetes object (an Argo {@code Workflow}, a Tekton {@code PipelineRun}, your
 * own resource), kept as given. Katib has no success and failure conditions for kinds it does not know, so give
 * them; for the kinds of {@link TrialKind}, Katib's defaults apply.
 */
public final class CustomTemplateBuilder extends TrialTemplateBuilder<CustomTemplateBuilder> {
  private final JsonObject object;

  CustomTemplateBuilder(Unstructured object) {
    this.object = object.toJsonObject();
    if (object.apiVersion().isEmpty() || object.kind().isEmpty()) {
      throw new KatibException("a trial template object needs apiVersion and kind, but got " + object);
    }
    JsonElement metadata = this.object.get("metadata");
    if (metadata != null && metadata.isJsonObject()
        && (metadata.getAsJsonObject().has("name") || metadata.getAsJsonObject().has("namespace"))) {
      throw new KatibException("a trial template object must not set metadata.name or metadata.namespace; Katib"
          + " sets both for each trial");
    }
  }

  @Override
  String kind() {
    return object.get("kind").getAsString();
  }

  @Override
  String defaultApiVersion() {
    return object.get("apiVersion").getAsString();
  }

  @Override
  JsonObject baseMetadata() {
    JsonElement metadata = object.get("metadata");
    return metadata != null && metadata.isJsonObject() ? metadata.getAsJsonObject().deepCopy() : new JsonObject();
  }

  @Override
  JsonElement spec(JsonObject extra) {
    JsonElement spec = object.get("spec");
    if (extra.size() == 0) {
      return spec == null ? null : spec.deepCopy();
    }
    JsonObject out = spec != null && spec.isJsonObject() ? spec.getAsJsonObject().deepCopy() : new JsonObject();
    extra.entrySet().forEach(e -> out.add(e.getKey(), e.getValue()));
    return out;
  }

  @Override
  JsonObject otherFields() {
    JsonObject others = object.deepCopy();
    List.of("apiVersion", "kind", "metadata", "spec").forEach(others::remove);
    return others;
  }

  /** The one container name the object holds, if it holds exactly one. */
  @Override
  String defaultPrimaryContainerName() {
    List<String> names = TrialWorkload.of(Unstructured.of(object), "").containers().values().stream()
        .map(Container::name).distinct().collect(Collectors.toList());
    return names.size() == 1 ? names.get(0) : "";
  }
}
