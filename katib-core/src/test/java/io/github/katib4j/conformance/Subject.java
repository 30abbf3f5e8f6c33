package io.github.katib4j.conformance;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a differential case sends to both sides, as mutable JSON: the experiment and the ConfigMaps of the fake
 * cluster (keyed {@code namespace/name}).
 */
final class Subject {
  final JsonObject experiment;
  final Map<String, Map<String, String>> configMaps;

  Subject(JsonObject experiment, Map<String, Map<String, String>> configMaps) {
    this.experiment = experiment;
    this.configMaps = configMaps;
  }

  Subject copy() {
    Map<String, Map<String, String>> maps = new LinkedHashMap<>();
    configMaps.forEach((key, data) -> maps.put(key, new LinkedHashMap<>(data)));
    return new Subject(experiment.deepCopy(), maps);
  }

  JsonObject spec() {
    return object(experiment, "spec");
  }

  /** The object member {@code name} of {@code parent}, created (replacing any non-object) when needed. */
  static JsonObject object(JsonObject parent, String name) {
    JsonElement value = parent.get(name);
    if (value == null || !value.isJsonObject()) {
      JsonObject created = new JsonObject();
      parent.add(name, created);
      return created;
    }
    return value.getAsJsonObject();
  }

  /** The array member {@code name} of {@code parent}, created (replacing any non-array) when needed. */
  static JsonArray array(JsonObject parent, String name) {
    JsonElement value = parent.get(name);
    if (value == null || !value.isJsonArray()) {
      JsonArray created = new JsonArray();
      parent.add(name, created);
      return created;
    }
    return value.getAsJsonArray();
  }

  /** The object member {@code name} of {@code parent}, or null when it is absent or not an object. */
  static JsonObject objectOrNull(JsonObject parent, String name) {
    JsonElement value = parent == null ? null : parent.get(name);
    return value != null && value.isJsonObject() ? value.getAsJsonObject() : null;
  }

  /** The string member {@code name} of {@code parent}, or {@code ""}. */
  static String string(JsonObject parent, String name) {
    JsonElement value = parent == null ? null : parent.get(name);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString() : "";
  }

  /** The trial template, or null. */
  JsonObject trialTemplate() {
    return objectOrNull(objectOrNull(experiment, "spec"), "trialTemplate");
  }

  /** The data of the ConfigMap the template names, or null when there is none. */
  Map<String, String> templateConfigMap() {
    JsonObject source = objectOrNull(trialTemplate(), "configMap");
    if (source == null) {
      return null;
    }
    return configMaps.get(string(source, "configMapNamespace") + "/" + string(source, "configMapName"));
  }
}
