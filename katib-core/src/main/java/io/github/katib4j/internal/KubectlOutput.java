package io.github.katib4j.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.codec.GoValues;
import io.github.katib4j.internal.codec.JsonTrees;
import io.github.katib4j.internal.codec.YamlWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Objects as {@code kubectl get -o json|yaml} prints what the API server returned: every field, numbers as sent, and
 * without {@code metadata.managedFields}, which kubectl hides since 1.21. JSON keeps the server's text and order
 * (kubectl's encoder writes the same) in kubectl's layout; YAML is what kubectl's go-yaml v2 makes of that JSON: keys in its order and
 * floats in Go's {@code %g} form ({@code 1e-07}). Several objects make one {@code List}, as kubectl prints them.
 */
public final class KubectlOutput {
  private KubectlOutput() {}

  /** One object as JSON indented by four spaces, as kubectl's, with a final newline. */
  public static String json(Unstructured object) {
    return indented(shown(object));
  }

  /** One object as YAML. */
  public static String yaml(Unstructured object) {
    return YamlWriter.writeAsKubectl(goYaml(shown(object)));
  }

  /** The objects as one {@code List} in JSON, as {@link #json} writes one. */
  public static String jsonList(List<Unstructured> objects) {
    return indented(list(objects));
  }

  /**
   * kubectl's {@code json.MarshalIndent(object, "", "    ")}, except that {@code <}, {@code >} and {@code &} stay as
   * they are rather than {@code \u003c}, {@code \u003e}, {@code \u0026}: the same text to every JSON reader.
   */
  private static String indented(JsonObject json) {
    StringWriter out = new StringWriter();
    JsonWriter writer = new JsonWriter(out);
    writer.setIndent("    ");
    JsonTrees.write(json, writer);
    return out + "\n";
  }

  /** The objects as one {@code List} in YAML. */
  public static String yamlList(List<Unstructured> objects) {
    return YamlWriter.writeAsKubectl(goYaml(list(objects)));
  }

  private static JsonObject list(List<Unstructured> objects) {
    JsonArray items = new JsonArray();
    objects.forEach(o -> items.add(shown(o)));
    return JsonTrees.kubernetesList(items);
  }

  private static JsonObject shown(Unstructured object) {
    JsonObject json = object.toJsonObject();
    JsonElement metadata = json.get("metadata");
    if (metadata != null && metadata.isJsonObject()) {
      metadata.getAsJsonObject().remove("managedFields");
    }
    return json;
  }

  /** {@code element} as go-yaml v2 writes it: mapping keys in its order, numbers in its form. */
  private static JsonElement goYaml(JsonElement element) {
    if (element.isJsonObject()) {
      List<Map.Entry<String, JsonElement>> entries = new ArrayList<>(element.getAsJsonObject().entrySet());
      // An insertion sort: go-yaml's order need not be transitive for odd keys, which List.sort may refuse.
      for (int i = 1; i < entries.size(); i++) {
        Map.Entry<String, JsonElement> entry = entries.get(i);
        int j = i;
        while (j > 0 && GoValues.yamlKeyLess(entry.getKey(), entries.get(j - 1).getKey())) {
          entries.set(j, entries.get(j - 1));
          j--;
        }
        entries.set(j, entry);
      }
      JsonObject sorted = new JsonObject();
      entries.forEach(e -> sorted.add(e.getKey(), goYaml(e.getValue())));
      return sorted;
    }
    if (element.isJsonArray()) {
      JsonArray array = new JsonArray();
      element.getAsJsonArray().forEach(e -> array.add(goYaml(e)));
      return array;
    }
    if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isNumber()) {
      return JsonTrees.number(GoValues.yamlNumber(element.getAsNumber().toString()));
    }
    return element;
  }
}
