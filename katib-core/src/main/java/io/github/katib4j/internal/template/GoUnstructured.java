package io.github.katib4j.internal.template;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.internal.Shown;
import io.github.katib4j.internal.codec.JsonTrees;
import io.github.katib4j.internal.codec.YamlTrees;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What Katib's {@code util.ConvertStringToUnstructured} makes of text ({@code k8s.io/apimachinery}'s
 * {@code YAMLOrJSONDecoder} into an {@code Unstructured}), and the {@code Unstructured} accessors Katib's renderer
 * uses.
 */
public final class GoUnstructured {
  private GoUnstructured() {}

  /**
   * Decodes text as Katib does: when it starts with {@code {}, the first JSON value (anything after it is ignored);
   * when that fails or the text is YAML, the first YAML document. The result must be an object with a {@code kind},
   * except that an empty YAML document gives an empty object.
   *
   * @throws IOException with the error Katib would report (the JSON one when both fail)
   */
  public static JsonObject decode(String text) throws IOException {
    return decode(text, null);
  }

  /**
   * Decodes template text as {@link #decode(String)} does, placing the values of {@code substitution} safely into
   * the parsed strings (see {@link Substitution#safe(JsonElement)}); without it, decodes as Katib does.
   */
  public static JsonObject decode(String text, Substitution substitution) throws IOException {
    IOException first = null;
    if (startsWithBrace(text)) {
      try {
        JsonElement json = GoJson.decodeFirstValue(text);
        return requireKind(substitution == null ? json : substitution.safe(json), text);
      } catch (IOException e) {
        first = e;
      }
    }
    try {
      GoYaml.Scalars scalars = substitution == null ? GoYaml.GO : substitution.yamlScalars();
      // After a failed JSON attempt, Go's decoder eats leading white space up to the first line break (its
      // consumeWhitespace) before it reads YAML.
      String yaml = first == null ? text : text.substring(leadingSpaceToFirstLineBreak(text));
      JsonElement element = GoYaml.parse(GoYaml.firstDocument(yaml), scalars);
      // A document that is only comments is YAML's null; encoding/json then never calls the Unstructured's
      // UnmarshalJSON, so Katib gets an empty object and no error.
      return element.isJsonNull() ? new JsonObject() : requireKind(element, text);
    } catch (IOException e) {
      throw first != null ? first : e;
    }
  }

  private static boolean startsWithBrace(String text) {
    int limit = Math.min(text.length(), 1024);
    for (int i = 0; i < limit; i++) {
      char c = text.charAt(i);
      if (!isGoSpace(c)) {
        return c == '{';
      }
    }
    return false;
  }

  private static int leadingSpaceToFirstLineBreak(String text) {
    int i = 0;
    while (i < text.length() && isGoSpace(text.charAt(i))) {
      if (text.charAt(i++) == '\n') {
        break;
      }
    }
    return i;
  }

  /** Go's {@code unicode.IsSpace}, which differs from {@link Character#isWhitespace} on both sides. */
  static boolean isGoSpace(char c) {
    switch (c) {
      case '\t':
      case '\n':
      case '\u000b':
      case '\f':
      case '\r':
      case ' ':
      case '\u0085':
      case '\u00a0':
      case '\u1680':
      case '\u2028':
      case '\u2029':
      case '\u202f':
      case '\u205f':
      case '\u3000':
        return true;
      default:
        return c >= '\u2000' && c <= '\u200a';
    }
  }

  private static JsonObject requireKind(JsonElement element, String text) throws IOException {
    if (!element.isJsonObject()) {
      throw new IOException("json: cannot unmarshal " + kindOf(element) + " into Go value of type"
          + " map[string]interface {}");
    }
    JsonObject object = element.getAsJsonObject();
    if (!hasGroupVersionKind(object)) {
      throw new IOException("Object 'Kind' is missing in '" + abbreviate(text) + "'");
    }
    return object;
  }

  /**
   * Whether decoding into an {@code Unstructured} succeeds: its {@code GroupVersionKind()} has a kind, which needs a
   * string {@code kind} and an {@code apiVersion} that parses as {@code [group/]version} (at most one {@code /}).
   */
  public static boolean hasGroupVersionKind(JsonObject object) {
    String apiVersion = apiVersion(object);
    boolean parses = apiVersion.equals("/") || apiVersion.indexOf('/') == apiVersion.lastIndexOf('/');
    return parses && !kind(object).isEmpty();
  }

  private static String kindOf(JsonElement element) {
    if (element.isJsonArray()) {
      return "array";
    }
    JsonPrimitive primitive = element.getAsJsonPrimitive();
    return primitive.isString() ? "string" : primitive.isNumber() ? "number" : "bool";
  }

  private static String abbreviate(String text) {
    String line = text.strip();
    return line.length() > 200 ? line.substring(0, 197) + "..." : line;
  }

  /** {@code GetKind()}: the top-level {@code kind} when it is a string, else {@code ""}. */
  public static String kind(JsonObject object) {
    return JsonTrees.stringAt(object, "kind").orElse("");
  }

  /** {@code GetAPIVersion()}. */
  public static String apiVersion(JsonObject object) {
    return JsonTrees.stringAt(object, "apiVersion").orElse("");
  }

  /**
   * {@code GetLabels()} or {@code GetAnnotations()}: {@code metadata.<field>} when it is a map of strings; Go gives
   * no map at all when any value is not a string.
   */
  public static Map<String, String> stringMap(JsonObject object, String field) {
    Map<String, String> result = new LinkedHashMap<>();
    Optional<JsonObject> map = objectAt(object, "metadata").flatMap(m -> objectAt(m, field));
    if (map.isEmpty()) {
      return result;
    }
    for (Map.Entry<String, JsonElement> entry : map.get().entrySet()) {
      JsonElement value = entry.getValue();
      if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
        return new LinkedHashMap<>();
      }
      result.put(entry.getKey(), value.getAsString());
    }
    return result;
  }

  /**
   * Why {@link #stringMap} is empty although {@code metadata.<field>} has entries: the first key whose value is not a
   * string, as {@code metadata.labels["replicas"] is a number (1), not a string, so Go reads no labels at all}.
   */
  public static Optional<String> whyNoStringMap(JsonObject object, String field) {
    Optional<JsonObject> map = objectAt(object, "metadata").flatMap(m -> objectAt(m, field));
    if (map.isEmpty()) {
      return Optional.empty();
    }
    for (Map.Entry<String, JsonElement> entry : map.get().entrySet()) {
      JsonElement value = entry.getValue();
      if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
        return Optional.of("metadata." + field + "[" + Shown.value(entry.getKey()) + "] is "
            + YamlTrees.describe(value) + ", not a string, so Go reads no " + field + " at all; quote the value");
      }
    }
    return Optional.empty();
  }

  /**
   * {@code SetName} and {@code SetNamespace}: sets {@code metadata.name} and {@code metadata.namespace}, removing
   * each when the value is empty; when {@code metadata} exists but is not an object, Go leaves the object unchanged.
   */
  public static void setNameAndNamespace(JsonObject object, String name, String namespace) {
    set(object, "name", name);
    set(object, "namespace", namespace);
  }

  private static void set(JsonObject object, String field, String value) {
    JsonElement metadata = object.get("metadata");
    if (metadata != null && !metadata.isJsonObject() && !metadata.isJsonNull()) {
      return;
    }
    if (value.isEmpty()) {
      if (metadata != null && metadata.isJsonObject()) {
        metadata.getAsJsonObject().remove(field);
      }
      return;
    }
    if (metadata == null || metadata.isJsonNull()) {
      metadata = new JsonObject();
      object.add("metadata", metadata);
    }
    metadata.getAsJsonObject().addProperty(field, value);
  }

  private static Optional<JsonObject> objectAt(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value != null && value.isJsonObject() ? Optional.of(value.getAsJsonObject()) : Optional.empty();
  }
}
