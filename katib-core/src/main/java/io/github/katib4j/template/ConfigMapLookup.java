package io.github.katib4j.template;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.KatibParseException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.ConfigMapSource;
import io.github.katib4j.internal.TextFiles;
import io.github.katib4j.internal.codec.JsonTrees;
import io.github.katib4j.internal.codec.ParsedDocument;
import io.github.katib4j.internal.codec.YamlTrees;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Supplies the data of the ConfigMaps that hold trial templates ({@code spec.trialTemplate.configMap}): from files
 * locally, from the cluster in katib-k8s.
 *
 * <pre>{@code
 * ConfigMapLookup configMaps = ConfigMapLookup.fromManifest(Path.of("trial-templates.yaml"));
 * ConfigMapLookup oneFile = ConfigMapLookup.fromFile("kubeflow", "trial-templates", "job.yaml", Path.of("job.yaml"));
 * }</pre>
 */
@FunctionalInterface
public interface ConfigMapLookup {
  /** The {@code data} of ConfigMap {@code namespace/name}, or empty when there is no such ConfigMap. */
  Optional<Map<String, String>> data(String namespace, String name);

  /**
   * The template text a ConfigMap source points at, or empty when the ConfigMap or its key is missing; the form
   * {@code ExperimentValidator.withConfigMaps} takes.
   */
  default Optional<String> template(ConfigMapSource source) {
    return data(source.configMapNamespace(), source.configMapName()).map(d -> d.get(source.templatePath()));
  }

  /** Knows no ConfigMap. */
  static ConfigMapLookup none() {
    return (namespace, name) -> Optional.empty();
  }

  /** One ConfigMap with this data. */
  static ConfigMapLookup of(String namespace, String name, Map<String, String> data) {
    Map<String, String> copy = Map.copyOf(data);
    return (ns, n) -> ns.equals(namespace) && n.equals(name) ? Optional.of(copy) : Optional.empty();
  }

  /** One ConfigMap whose key {@code key} holds the text of {@code file}, read now. */
  static ConfigMapLookup fromFile(String namespace, String name, String key, Path file) {
    return of(namespace, name, Map.of(key, TextFiles.read(file)));
  }

  /**
   * The ConfigMaps in a manifest file ({@code kind: ConfigMap} documents or a {@code List} of them, such as
   * {@code kubectl get configmap -o yaml} prints or Katib's {@code trial-templates.yaml}), read now.
   *
   * @throws KatibParseException when the file holds anything other than ConfigMaps with string data
   */
  static ConfigMapLookup fromManifest(Path file) {
    Map<String, Map<String, String>> configMaps = new HashMap<>();
    List<Problem> problems = new ArrayList<>();
    for (ParsedDocument document : YamlTrees.parseAll(TextFiles.read(file), file.toString())) {
      List<JsonElement> items = new ArrayList<>();
      JsonElement root = document.root();
      JsonElement listItems = root.isJsonObject() ? root.getAsJsonObject().get("items") : null;
      if (listItems != null && listItems.isJsonArray()) {
        listItems.getAsJsonArray().forEach(items::add);
      } else {
        items.add(root);
      }
      for (JsonElement item : items) {
        readConfigMap(item, configMaps, problems);
      }
    }
    if (!problems.isEmpty()) {
      throw new KatibParseException(file.toString(), problems, false);
    }
    return (namespace, name) -> Optional.ofNullable(configMaps.get(namespace + "/" + name));
  }

  /** This lookup, then {@code other} for ConfigMaps this one does not know. */
  default ConfigMapLookup orElse(ConfigMapLookup other) {
    Objects.requireNonNull(other, "other");
    return (namespace, name) -> {
      Optional<Map<String, String>> data = data(namespace, name);
      return data.isPresent() ? data : other.data(namespace, name);
    };
  }

  private static void readConfigMap(JsonElement item, Map<String, Map<String, String>> configMaps,
      List<Problem> problems) {
    if (!item.isJsonObject() || !"ConfigMap".equals(JsonTrees.stringAt(item.getAsJsonObject(), "kind").orElse(""))) {
      problems.add(Problem.of("kind", "schema", "expected a ConfigMap, found " + YamlTrees.describe(item)));
      return;
    }
    JsonObject configMap = item.getAsJsonObject();
    JsonElement metadata = configMap.get("metadata");
    JsonObject meta = metadata != null && metadata.isJsonObject() ? metadata.getAsJsonObject() : new JsonObject();
    String name = JsonTrees.stringAt(meta, "name").orElse("");
    String namespace = JsonTrees.stringAt(meta, "namespace").orElse("default");
    Map<String, String> data = new LinkedHashMap<>();
    JsonElement dataElement = configMap.get("data");
    if (dataElement != null && dataElement.isJsonObject()) {
      for (Map.Entry<String, JsonElement> entry : dataElement.getAsJsonObject().entrySet()) {
        JsonElement value = entry.getValue();
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
          problems.add(Problem.of("data." + entry.getKey(), "schema", "ConfigMap " + namespace + "/" + name
              + ": expected a string, found " + YamlTrees.describe(value) + "; quote the value"));
          continue;
        }
        data.put(entry.getKey(), value.getAsString());
      }
    }
    configMaps.put(namespace + "/" + name, Map.copyOf(data));
  }

}
