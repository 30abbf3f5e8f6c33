package io.github.katib4j.template;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.KatibParseException;
import io.github.katib4j.Problem;
import io.github.katib4j.SourcePosition;
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
   * {@code kubectl get configmap -o yaml} prints or Katib's {@code trial-templates.yaml}), read now. Objects of other
   * kinds, such as the Experiment a ConfigMap is bundled with, are skipped.
   *
   * @throws KatibParseException when the file holds no ConfigMap, a document that is not a Kubernetes object, or a
   *     ConfigMap whose data is not all strings
   */
  static ConfigMapLookup fromManifest(Path file) {
    String source = file.toString();
    Map<String, Map<String, String>> configMaps = new HashMap<>();
    List<Problem> problems = new ArrayList<>();
    read(TextFiles.read(file), source, configMaps, problems, true);
    if (problems.isEmpty() && configMaps.isEmpty()) {
      problems.add(Problem.of("", "schema", "holds no ConfigMap; expected documents with kind: ConfigMap, or a List"
          + " of them"));
    }
    if (!problems.isEmpty()) {
      throw new KatibParseException(source, problems, false);
    }
    return (namespace, name) -> Optional.ofNullable(configMaps.get(namespace + "/" + name));
  }

  /**
   * The ConfigMaps among the objects of manifest text that holds other objects too, such as an experiment file that
   * bundles its trial template's ConfigMap for {@code kubectl apply -f}; knows none when the text holds none. A
   * ConfigMap without {@code metadata.namespace} is taken to be in {@code default}, as in {@link #fromManifest}.
   *
   * @throws KatibParseException when the text is not JSON or YAML, or a ConfigMap's data is not all strings
   */
  static ConfigMapLookup bundledIn(String text, String source) {
    Map<String, Map<String, String>> configMaps = new HashMap<>();
    List<Problem> problems = new ArrayList<>();
    read(text, source, configMaps, problems, false);
    if (!problems.isEmpty()) {
      throw new KatibParseException(source, problems, false);
    }
    return configMaps.isEmpty() ? none() : (namespace, name) -> Optional.ofNullable(configMaps.get(namespace + "/"
        + name));
  }

  /**
   * Reads the ConfigMaps of every document and {@code List} item; with {@code onlyObjects}, a document or item that is
   * not an object with a {@code kind} is a problem.
   */
  private static void read(String text, String source, Map<String, Map<String, String>> configMaps,
      List<Problem> problems, boolean onlyObjects) {
    for (ParsedDocument document : YamlTrees.parseAll(text, source)) {
      JsonElement root = document.root();
      JsonElement listItems = root.isJsonObject() ? root.getAsJsonObject().get("items") : null;
      String kind = root.isJsonObject() ? JsonTrees.stringAt(root.getAsJsonObject(), "kind").orElse("") : "";
      boolean isList = listItems != null && listItems.isJsonArray() && (kind.isEmpty() || kind.endsWith("List"));
      if (!isList) {
        readConfigMap(root, "", document, configMaps, problems, onlyObjects);
        continue;
      }
      JsonArray items = listItems.getAsJsonArray();
      for (int i = 0; i < items.size(); i++) {
        readConfigMap(items.get(i), "items[" + i + "].", document, configMaps, problems, onlyObjects);
      }
    }
  }

  /** This lookup, then {@code other} for ConfigMaps this one does not know. */
  default ConfigMapLookup orElse(ConfigMapLookup other) {
    Objects.requireNonNull(other, "other");
    return (namespace, name) -> {
      Optional<Map<String, String>> data = data(namespace, name);
      return data.isPresent() ? data : other.data(namespace, name);
    };
  }

  private static void readConfigMap(JsonElement item, String prefix, ParsedDocument document,
      Map<String, Map<String, String>> configMaps, List<Problem> problems, boolean onlyObjects) {
    String kind = item.isJsonObject() ? JsonTrees.stringAt(item.getAsJsonObject(), "kind").orElse("") : "";
    if (!kind.equals("ConfigMap")) {
      if (onlyObjects && kind.isEmpty()) {
        problems.add(at(document, Problem.of(prefix + "kind", "schema", "expected a ConfigMap (a Kubernetes object"
            + " with kind: ConfigMap), found " + (item.isJsonObject() ? "an object without a kind"
            : YamlTrees.describe(item)))));
      }
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
          problems.add(at(document, Problem.of(prefix + "data." + entry.getKey(), "schema", "ConfigMap " + namespace
              + "/" + name + ": expected a string, found " + YamlTrees.describe(value) + "; quote the value")));
          continue;
        }
        data.put(entry.getKey(), value.getAsString());
      }
    }
    configMaps.put(namespace + "/" + name, Map.copyOf(data));
  }

  /** {@code problem} at its line in the document, named by the document (such as {@code cm.yaml (document 2)}). */
  private static Problem at(ParsedDocument document, Problem problem) {
    SourcePosition position = document.sourceMap().find(problem.path())
        .orElse(SourcePosition.of(document.source(), 1, 1));
    return problem.at(SourcePosition.of(document.source(), position.line(), position.column()));
  }
}
