package io.github.katib4j.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.internal.TextFiles;
import io.github.katib4j.internal.codec.JsonTrees;
import io.github.katib4j.internal.codec.YamlTrees;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A free-form Kubernetes object or fragment, such as a trial template's {@code trialSpec}, a trial's rendered
 * {@code runSpec} or a custom collector's container, kept verbatim: unknown fields, field order and the textual
 * form of numbers are preserved.
 *
 * <p>Immutable: the JSON object given in is copied, and {@link #toJsonObject()} returns a copy.
 */
public final class Unstructured {
  private static final Unstructured EMPTY = new Unstructured(new JsonObject());

  private final JsonObject object;

  private Unstructured(JsonObject object) {
    this.object = object;
  }

  /** An empty object, {@code {}}. */
  public static Unstructured empty() {
    return EMPTY;
  }

  /** A copy of {@code object}. */
  public static Unstructured of(JsonObject object) {
    return new Unstructured(Objects.requireNonNull(object, "object").deepCopy());
  }

  /**
   * The object a map of plain Java values describes: nested {@code Map}s with string keys, {@code List}s, strings,
   * numbers, booleans and nulls, as SnakeYAML or Gson produce them.
   */
  public static Unstructured of(Map<String, ?> map) {
    return new Unstructured(JsonTrees.fromJava(Objects.requireNonNull(map, "map")).getAsJsonObject());
  }

  /**
   * Parses one JSON or YAML object.
   *
   * @throws io.github.katib4j.KatibParseException when the text is not a single JSON or YAML object, naming the line
   *     and column
   */
  public static Unstructured parse(String jsonOrYaml) {
    Objects.requireNonNull(jsonOrYaml, "jsonOrYaml");
    JsonElement element = YamlTrees.parseSingle(jsonOrYaml, "<text>");
    if (!element.isJsonObject()) {
      throw YamlTrees.notAnObject(element, "<text>");
    }
    return new Unstructured(element.getAsJsonObject());
  }

  /**
   * Reads the one JSON or YAML object in {@code file}.
   *
   * @throws io.github.katib4j.KatibException when the file cannot be read
   * @throws io.github.katib4j.KatibParseException when it is not a single JSON or YAML object
   */
  public static Unstructured read(Path file) {
    String source = file.toString();
    JsonElement element = YamlTrees.parseSingle(TextFiles.read(file), source);
    if (!element.isJsonObject()) {
      throw YamlTrees.notAnObject(element, source);
    }
    return new Unstructured(element.getAsJsonObject());
  }

  /** A copy of the object as Gson's tree. */
  public JsonObject toJsonObject() {
    return object.deepCopy();
  }

  /** The object as plain Java values: {@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean}. */
  public Map<String, Object> toMap() {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) JsonTrees.toJava(object);
    return map;
  }

  /** Compact JSON, with the fields in their original order. */
  public String toJson() {
    return JsonTrees.compact(object);
  }

  /** The top-level {@code apiVersion}, or {@code ""}. */
  public String apiVersion() {
    return JsonTrees.stringAt(object, "apiVersion").orElse("");
  }

  /** The top-level {@code kind}, or {@code ""}. */
  public String kind() {
    return JsonTrees.stringAt(object, "kind").orElse("");
  }

  /** Whether the object has no fields. */
  public boolean isEmpty() {
    return object.size() == 0;
  }

  /** Whether the object has the top-level field {@code name}. */
  public boolean has(String name) {
    return object.has(name);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Unstructured && ((Unstructured) other).object.equals(object);
  }

  @Override
  public int hashCode() {
    return object.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
