package io.github.katib4j.validation;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.KatibParseException;
import io.github.katib4j.Problem;
import io.github.katib4j.internal.codec.ParsedDocument;
import io.github.katib4j.internal.codec.YamlTrees;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Katib installation provides, from its {@code katib-config} ConfigMap: the suggestion algorithms, the
 * early-stopping algorithms and the metrics collectors, each by name (or kind) with its image.
 *
 * <p>{@link #defaults()} is the configuration Katib v0.19.0 installs; {@link #parse(String)} reads a cluster's own
 * {@code katib-config.yaml}. Katib looks entries up by exact name, the last entry of a name wins, and an entry with
 * a blank image counts as missing; the accessors here behave the same.
 */
public final class KatibConfig {
  private static final String VERSION = "v0.19.0";
  private static final String REGISTRY = "ghcr.io/kubeflow/katib/";
  private static final KatibConfig DEFAULTS = builder()
      .metricsCollector("StdOut", REGISTRY + "file-metrics-collector:" + VERSION)
      .metricsCollector("File", REGISTRY + "file-metrics-collector:" + VERSION)
      .metricsCollector("TensorFlowEvent", REGISTRY + "tfevent-metrics-collector:" + VERSION)
      .suggestion("random", REGISTRY + "suggestion-hyperopt:" + VERSION)
      .suggestion("tpe", REGISTRY + "suggestion-hyperopt:" + VERSION)
      .suggestion("grid", REGISTRY + "suggestion-optuna:" + VERSION)
      .suggestion("hyperband", REGISTRY + "suggestion-hyperband:" + VERSION)
      .suggestion("bayesianoptimization", REGISTRY + "suggestion-skopt:" + VERSION)
      .suggestion("cmaes", REGISTRY + "suggestion-goptuna:" + VERSION)
      .suggestion("sobol", REGISTRY + "suggestion-goptuna:" + VERSION)
      .suggestion("multivariate-tpe", REGISTRY + "suggestion-optuna:" + VERSION)
      .suggestion("enas", REGISTRY + "suggestion-enas:" + VERSION)
      .suggestion("darts", REGISTRY + "suggestion-darts:" + VERSION)
      .suggestion("pbt", REGISTRY + "suggestion-pbt:" + VERSION)
      .earlyStopping("medianstop", REGISTRY + "earlystopping-medianstop:" + VERSION)
      .build();

  private final Map<String, String> suggestions;
  private final Map<String, String> earlyStoppings;
  private final Map<String, String> metricsCollectors;

  private KatibConfig(Builder builder) {
    this.suggestions = Collections.unmodifiableMap(new LinkedHashMap<>(builder.suggestions));
    this.earlyStoppings = Collections.unmodifiableMap(new LinkedHashMap<>(builder.earlyStoppings));
    this.metricsCollectors = Collections.unmodifiableMap(new LinkedHashMap<>(builder.metricsCollectors));
  }

  /** The configuration Katib v0.19.0 installs ({@code manifests/v1beta1/installs/katib-standalone}). */
  public static KatibConfig defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the {@code katib-config.yaml} entry of the {@code katib-config} ConfigMap ({@code runtime.suggestions},
   * {@code runtime.earlyStoppings} and {@code runtime.metricsCollectors}); other settings are ignored.
   *
   * @throws KatibParseException when the text is not YAML or those lists have the wrong shape
   */
  public static KatibConfig parse(String katibConfigYaml) {
    return parse(katibConfigYaml, "katib-config.yaml");
  }

  /**
   * Reads the {@code katib-config.yaml} entry of the {@code katib-config} ConfigMap, as {@link #parse(String)}, naming
   * it {@code source} in messages. A text that is not Katib's configuration at all (neither
   * {@code kind: KatibConfig} nor {@code runtime} or {@code init} settings) is refused rather than read as empty.
   *
   * @throws KatibParseException when the text is not YAML, not Katib's configuration, or its lists have the wrong
   *     shape
   */
  public static KatibConfig parse(String katibConfigYaml, String source) {
    ParsedDocument document = YamlTrees.parseSingleDocument(katibConfigYaml, source);
    List<Problem> problems = new ArrayList<>();
    Builder builder = builder();
    JsonElement root = document.root();
    if (!root.isJsonObject()) {
      throw YamlTrees.notAnObject(root, source);
    }
    checkIsKatibConfig(root.getAsJsonObject(), problems);
    JsonElement runtime = root.getAsJsonObject().get("runtime");
    if (runtime != null && !runtime.isJsonNull()) {
      if (!runtime.isJsonObject()) {
        problems.add(Problem.of("runtime", "schema", "expected an object, found " + YamlTrees.describe(runtime)));
      } else {
        JsonObject r = runtime.getAsJsonObject();
        readList(r, "suggestions", "algorithmName", builder::suggestion, problems);
        readList(r, "earlyStoppings", "algorithmName", builder::earlyStopping, problems);
        readList(r, "metricsCollectors", "kind", builder::metricsCollector, problems);
      }
    }
    if (!problems.isEmpty()) {
      List<Problem> located = new ArrayList<>();
      problems.forEach(p -> located.add(document.sourceMap().locate(p)));
      throw new KatibParseException(source, located, false);
    }
    return builder.build();
  }

  private static final String API_VERSION = "config.kubeflow.org/v1beta1";
  private static final String EXPECTED = "expected Katib's configuration (apiVersion: " + API_VERSION + ", kind: "
      + "KatibConfig, with runtime.suggestions, runtime.earlyStoppings and runtime.metricsCollectors), the text of "
      + "data[\"katib-config.yaml\"] in the katib-config ConfigMap";

  /** Whether {@code root} says it is Katib's configuration, or at least holds its settings. */
  private static void checkIsKatibConfig(JsonObject root, List<Problem> problems) {
    String kind = root.has("kind") && root.get("kind").isJsonPrimitive() ? root.get("kind").getAsString() : "";
    String apiVersion = root.has("apiVersion") && root.get("apiVersion").isJsonPrimitive()
        ? root.get("apiVersion").getAsString() : "";
    if (kind.equals("ConfigMap")) {
      problems.add(Problem.of("kind", "schema", EXPECTED + "; this is a ConfigMap: pass the text of its "
          + "data[\"katib-config.yaml\"]"));
    } else if (!kind.isEmpty() && !kind.equals("KatibConfig")) {
      problems.add(Problem.of("kind", "schema", EXPECTED + "; found kind \"" + kind + "\""));
    } else if (!apiVersion.isEmpty() && !apiVersion.equals(API_VERSION)) {
      problems.add(Problem.of("apiVersion", "schema", "expected \"" + API_VERSION + "\", found \"" + apiVersion
          + "\""));
    } else if (kind.isEmpty() && !root.has("runtime") && !root.has("init")) {
      String fields = root.keySet().isEmpty() ? "nothing" : "only " + String.join(", ", root.keySet());
      problems.add(Problem.of("", "schema", EXPECTED + "; found " + fields));
    }
  }

  private interface Entry {
    void add(String name, String image);
  }

  private static void readList(JsonObject runtime, String field, String key, Entry entry, List<Problem> problems) {
    JsonElement value = runtime.get(field);
    String path = "runtime." + field;
    if (value == null || value.isJsonNull()) {
      return;
    }
    if (!value.isJsonArray()) {
      problems.add(Problem.of(path, "schema", "expected a list, found " + YamlTrees.describe(value)));
      return;
    }
    JsonArray items = value.getAsJsonArray();
    for (int i = 0; i < items.size(); i++) {
      String itemPath = path + "[" + i + "]";
      if (!items.get(i).isJsonObject()) {
        problems.add(Problem.of(itemPath, "schema", "expected an object, found " + YamlTrees.describe(items.get(i))));
        continue;
      }
      JsonObject item = items.get(i).getAsJsonObject();
      String name = string(item, key, itemPath, problems);
      String image = string(item, "image", itemPath, problems);
      entry.add(name, image);
    }
  }

  private static String string(JsonObject item, String key, String path, List<Problem> problems) {
    JsonElement value = item.get(key);
    if (value == null || value.isJsonNull()) {
      return "";
    }
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
      return value.getAsString();
    }
    problems.add(Problem.of(path + "." + key, "schema", "expected a string, found " + YamlTrees.describe(value)));
    return "";
  }

  /** Suggestion algorithm names and their images, in the configuration's order. */
  public Map<String, String> suggestions() {
    return suggestions;
  }

  /** Early-stopping algorithm names and their images. */
  public Map<String, String> earlyStoppings() {
    return earlyStoppings;
  }

  /** Metrics collector kinds (such as {@code StdOut}) and their images. */
  public Map<String, String> metricsCollectors() {
    return metricsCollectors;
  }

  /** The image of suggestion algorithm {@code algorithmName}, unless it is missing or blank. */
  public Optional<String> suggestionImage(String algorithmName) {
    return image(suggestions, algorithmName);
  }

  /** The image of early-stopping algorithm {@code algorithmName}, unless it is missing or blank. */
  public Optional<String> earlyStoppingImage(String algorithmName) {
    return image(earlyStoppings, algorithmName);
  }

  /** The image of the metrics collector of {@code kind}, unless it is missing or blank. */
  public Optional<String> metricsCollectorImage(String kind) {
    return image(metricsCollectors, kind);
  }

  private static Optional<String> image(Map<String, String> images, String name) {
    String image = images.get(name);
    return image == null || image.isBlank() ? Optional.empty() : Optional.of(image);
  }

  /** A builder holding this configuration's entries. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.suggestions.putAll(suggestions);
    builder.earlyStoppings.putAll(earlyStoppings);
    builder.metricsCollectors.putAll(metricsCollectors);
    return builder;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KatibConfig)) {
      return false;
    }
    KatibConfig other = (KatibConfig) o;
    return suggestions.equals(other.suggestions) && earlyStoppings.equals(other.earlyStoppings)
        && metricsCollectors.equals(other.metricsCollectors);
  }

  @Override
  public int hashCode() {
    return Objects.hash(suggestions, earlyStoppings, metricsCollectors);
  }

  @Override
  public String toString() {
    return "KatibConfig{suggestions=" + suggestions.keySet() + ", earlyStoppings=" + earlyStoppings.keySet()
        + ", metricsCollectors=" + metricsCollectors.keySet() + "}";
  }

  /** Collects entries; a later entry of the same name replaces an earlier one, as in Katib. */
  public static final class Builder {
    private final Map<String, String> suggestions = new LinkedHashMap<>();
    private final Map<String, String> earlyStoppings = new LinkedHashMap<>();
    private final Map<String, String> metricsCollectors = new LinkedHashMap<>();

    private Builder() {}

    public Builder suggestion(String algorithmName, String image) {
      suggestions.put(Objects.requireNonNull(algorithmName, "algorithmName"), Objects.requireNonNull(image, "image"));
      return this;
    }

    public Builder earlyStopping(String algorithmName, String image) {
      earlyStoppings.put(Objects.requireNonNull(algorithmName, "algorithmName"),
          Objects.requireNonNull(image, "image"));
      return this;
    }

    public Builder metricsCollector(String kind, String image) {
      metricsCollectors.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(image, "image"));
      return this;
    }

    public KatibConfig build() {
      return new KatibConfig(this);
    }
  }
}
