package io.github.katib4j.internal.template;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces {@code ${trialParameters.<name>}} placeholders, either as Katib does (raw text, one name after another)
 * or safely: inside the parsed template's strings, in one pass, so that a value can never become structure and
 * always arrives verbatim.
 */
public final class Substitution {
  private static final String PREFIX = "${trialParameters.";
  private static final Comparator<String> LONGEST_FIRST = Comparator.comparingInt(String::length).reversed();

  private final Map<String, String> values;
  /** The names, longest first, so that one name being a prefix of another cannot matter. */
  private final List<String> names;

  /** {@code values}: trial-parameter name to value, in the order Katib's loop would visit them. */
  public Substitution(Map<String, String> values) {
    this.values = new LinkedHashMap<>(values);
    this.names = new ArrayList<>(values.keySet());
    names.sort(LONGEST_FIRST);
  }

  /** Katib's {@code strings.Replace} of each placeholder in turn: a value is itself searched by later names. */
  public String exact(String text) {
    String result = text;
    for (Map.Entry<String, String> entry : values.entrySet()) {
      result = result.replace(TemplateSyntax.placeholder(entry.getKey()), entry.getValue());
    }
    return result;
  }

  /** Every placeholder in {@code text} replaced by its value, in one pass: values are never searched. */
  public String safe(String text) {
    int at = text.indexOf(PREFIX);
    if (at < 0 || names.isEmpty()) {
      return text;
    }
    // A scan rather than a regular expression of the names: this runs for every string of every trial's template,
    // and the pattern would be compiled again for each trial.
    StringBuilder out = new StringBuilder(text.length() + 16);
    int copied = 0;
    while (at >= 0) {
      String name = nameAt(text, at + PREFIX.length());
      if (name == null) {
        at = text.indexOf(PREFIX, at + 1);
        continue;
      }
      out.append(text, copied, at).append(values.get(name));
      copied = at + PREFIX.length() + name.length() + 1;
      at = text.indexOf(PREFIX, copied);
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** The longest name followed by {@code '}'} at {@code from}, or null. */
  private String nameAt(String text, int from) {
    for (String name : names) {
      int end = from + name.length();
      if (end < text.length() && text.charAt(end) == '}' && text.startsWith(name, from)) {
        return name;
      }
    }
    return null;
  }

  /** A copy of {@code tree} with placeholders replaced inside every string and key. */
  public JsonElement safe(JsonElement tree) {
    if (tree.isJsonObject()) {
      JsonObject copy = new JsonObject();
      for (Map.Entry<String, JsonElement> entry : tree.getAsJsonObject().entrySet()) {
        copy.add(safe(entry.getKey()), safe(entry.getValue()));
      }
      return copy;
    }
    if (tree.isJsonArray()) {
      JsonArray copy = new JsonArray();
      tree.getAsJsonArray().forEach(item -> copy.add(safe(item)));
      return copy;
    }
    if (tree.isJsonPrimitive() && tree.getAsJsonPrimitive().isString()) {
      return new JsonPrimitive(safe(tree.getAsString()));
    }
    return tree;
  }

  /**
   * Typing for YAML scalars when substituting safely: placeholders are replaced in the scalar's text; a plain
   * scalar whose result go-yaml would read as a number, boolean or null gets that type (as Katib's textual
   * substitution gives it), anything else stays the verbatim string.
   */
  public GoYaml.Scalars yamlScalars() {
    return (text, plain, tag) -> {
      String substituted = safe(text);
      try {
        return GoYaml.GO.convert(substituted, plain, tag);
      } catch (IOException e) {
        // A value that cannot have the scalar's type (NaN, or text under !!int): Katib's text would fail to decode;
        // the safe rendering keeps the value verbatim.
        return new JsonPrimitive(substituted);
      }
    };
  }
}
