package io.github.katib4j.internal.template;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Replaces {@code ${trialParameters.<name>}} placeholders, either as Katib does (raw text, one name after another)
 * or safely: inside the parsed template's strings, in one pass, so that a value can never become structure and
 * always arrives verbatim.
 */
public final class Substitution {
  private final Map<String, String> values;
  private final Pattern placeholders;

  /** {@code values}: trial-parameter name to value, in the order Katib's loop would visit them. */
  public Substitution(Map<String, String> values) {
    this.values = new LinkedHashMap<>(values);
    // Longest names first, so that one name being a prefix of another cannot matter.
    this.placeholders = values.isEmpty() ? null : Pattern.compile(values.keySet().stream()
        .sorted(Comparator.comparingInt(String::length).reversed())
        .map(name -> Pattern.quote(TemplateSyntax.placeholder(name)))
        .collect(Collectors.joining("|")));
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
    if (placeholders == null || text.indexOf("${") < 0) {
      return text;
    }
    Matcher matcher = placeholders.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group().substring("${trialParameters.".length(), matcher.group().length() - 1);
      matcher.appendReplacement(out, Matcher.quoteReplacement(values.get(name)));
    }
    matcher.appendTail(out);
    return out.toString();
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
