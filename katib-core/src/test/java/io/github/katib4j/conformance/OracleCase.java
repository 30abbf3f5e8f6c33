package io.github.katib4j.conformance;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One question for {@link KatibOracle}: an experiment as a client would send it, and optionally the experiment it
 * replaces, ConfigMaps, a katib-config, and the assignments of a trial to render.
 *
 * <p>{@code null} components are absent from the case. {@code assignments == null} means "do not render"; an empty
 * list renders a trial without parameters.
 */
public record OracleCase(
    String id,
    JsonElement experiment,
    JsonElement oldExperiment,
    List<ConfigMapData> configMaps,
    List<Assignment> assignments,
    String trialName,
    String trialNamespace,
    String katibConfig,
    boolean renderInvalid) {

  /** A parameter value handed to the trial template, as Katib's suggestion services produce them. */
  public record Assignment(String name, String value) {}

  /** A ConfigMap the fake cluster holds, for example a trial template referenced by {@code configMap}. */
  public record ConfigMapData(String namespace, String name, Map<String, String> data) {}

  public OracleCase {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(experiment, "experiment");
    configMaps = List.copyOf(configMaps);
    assignments = assignments == null ? null : List.copyOf(assignments);
  }

  /** A case that decodes, defaults and validates {@code experiment} (no update, no rendering). */
  public static OracleCase of(String id, JsonElement experiment) {
    return new OracleCase(id, experiment, null, List.of(), null, null, null, null, false);
  }

  /** This case as an update of {@code old}, the experiment as stored before the update. */
  public OracleCase withOldExperiment(JsonElement old) {
    return new OracleCase(id, experiment, old, configMaps, assignments, trialName, trialNamespace, katibConfig,
        renderInvalid);
  }

  /** This case with one more ConfigMap in the fake cluster. */
  public OracleCase withConfigMap(String namespace, String name, Map<String, String> data) {
    List<ConfigMapData> more = new ArrayList<>(configMaps);
    more.add(new ConfigMapData(namespace, name, Map.copyOf(data)));
    return new OracleCase(id, experiment, oldExperiment, more, assignments, trialName, trialNamespace, katibConfig,
        renderInvalid);
  }

  /** This case rendering trial {@code name} in {@code namespace} with these assignments, if Katib accepts it. */
  public OracleCase withTrial(String name, String namespace, List<Assignment> values) {
    return new OracleCase(id, experiment, oldExperiment, configMaps, values, name, namespace, katibConfig,
        renderInvalid);
  }

  /** This case with {@code katib-config.yaml} replaced by {@code text} (YAML or JSON). */
  public OracleCase withKatibConfig(String text) {
    return new OracleCase(id, experiment, oldExperiment, configMaps, assignments, trialName, trialNamespace, text,
        renderInvalid);
  }

  /** This case rendering its trial even when Katib's webhook rejects the experiment, as long as it decodes. */
  public OracleCase withRenderInvalid() {
    return new OracleCase(id, experiment, oldExperiment, configMaps, assignments, trialName, trialNamespace,
        katibConfig, true);
  }

  /** The case in the oracle's wire form, one JSON object. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    json.add("experiment", experiment);
    if (oldExperiment != null) {
      json.add("oldExperiment", oldExperiment);
    }
    if (!configMaps.isEmpty()) {
      JsonArray maps = new JsonArray();
      for (ConfigMapData map : configMaps) {
        JsonObject entry = new JsonObject();
        entry.addProperty("namespace", map.namespace());
        entry.addProperty("name", map.name());
        JsonObject data = new JsonObject();
        map.data().forEach(data::addProperty);
        entry.add("data", data);
        maps.add(entry);
      }
      json.add("configMaps", maps);
    }
    if (assignments != null) {
      JsonArray values = new JsonArray();
      for (Assignment assignment : assignments) {
        JsonObject entry = new JsonObject();
        entry.addProperty("name", assignment.name());
        entry.addProperty("value", assignment.value());
        values.add(entry);
      }
      json.add("assignments", values);
    }
    if (trialName != null) {
      json.addProperty("trialName", trialName);
    }
    if (trialNamespace != null) {
      json.addProperty("trialNamespace", trialNamespace);
    }
    if (katibConfig != null) {
      json.addProperty("katibConfig", katibConfig);
    }
    if (renderInvalid) {
      json.addProperty("renderInvalid", true);
    }
    return json;
  }
}
