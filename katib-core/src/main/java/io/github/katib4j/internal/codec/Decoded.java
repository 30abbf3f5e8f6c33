package io.github.katib4j.internal.codec;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.KatibObject;
import io.github.katib4j.experiment.Suggestion;
import io.github.katib4j.experiment.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An object read as well as its content allows, with every problem found on the way, each located in the source.
 * Reading never stops at the first problem, so that validation can report reading and rule problems together.
 */
public final class Decoded<T> {
  private final T value;
  private final List<Problem> problems;
  private final SourceMap sourceMap;
  private final String source;

  private Decoded(T value, List<Problem> problems, SourceMap sourceMap, String source) {
    this.value = value;
    this.problems = problems;
    this.sourceMap = sourceMap;
    this.source = source;
  }

  /**
   * Every object of {@code type} in {@code text} (YAML documents, a JSON list, or a {@code *List} object), each read
   * as far as its content allows, with its problems; syntax errors still throw {@code KatibParseException}.
   */
  public static <T extends KatibObject> List<Decoded<T>> all(String text, String source, Class<T> type,
      boolean strict) {
    List<Decoded<T>> result = new ArrayList<>();
    for (ParsedDocument document : YamlTrees.parseAll(text, source)) {
      JsonArray items = itemsOf(document.root(), type);
      if (items == null) {
        result.add(of(document, type, strict));
        continue;
      }
      for (int i = 0; i < items.size(); i++) {
        result.add(of(items.get(i), type, strict, document.sourceMap(), document.source() + " (item " + (i + 1)
            + ")"));
      }
    }
    return result;
  }

  /** The items of a JSON list or of a {@code kind: ExperimentList} object, else null. */
  private static JsonArray itemsOf(JsonElement root, Class<?> type) {
    if (root.isJsonArray()) {
      return root.getAsJsonArray();
    }
    if (root.isJsonObject()) {
      JsonObject object = root.getAsJsonObject();
      boolean isList = JsonTrees.stringAt(object, "kind").map(k -> k.equals(type.getSimpleName() + "List")
          || k.equals("List")).orElse(false);
      if (isList && object.has("items") && object.get("items").isJsonArray()) {
        return object.getAsJsonArray("items");
      }
    }
    return null;
  }

  /** Reads {@code document} as a {@code type}; empty value only when the document is not an object at all. */
  public static <T extends KatibObject> Decoded<T> of(ParsedDocument document, Class<T> type, boolean strict) {
    return of(document.root(), type, strict, document.sourceMap(), document.source());
  }

  public static <T extends KatibObject> Decoded<T> of(JsonElement root, Class<T> type, boolean strict,
      SourceMap sourceMap, String source) {
    WireReader.Context context = new WireReader.Context(strict);
    Function<WireReader, ? extends KatibObject> read = reader(type);
    Optional<WireReader> reader = WireReader.of(root, "", context);
    T value = reader.map(r -> type.cast(r.finish(read.apply(r)))).orElse(null);
    List<Problem> located = context.problems().stream().map(sourceMap::locate)
        .sorted(Problems.IN_SOURCE_ORDER).collect(Collectors.toList());
    return new Decoded<>(value, located, sourceMap, source);
  }

  private static Function<WireReader, ? extends KatibObject> reader(Class<?> type) {
    if (type == Experiment.class) {
      return KatibWire::readExperiment;
    }
    if (type == Trial.class) {
      return KatibWire::readTrial;
    }
    if (type == Suggestion.class) {
      return KatibWire::readSuggestion;
    }
    throw new IllegalArgumentException("not a Katib object type: " + type.getName());
  }

  /** The object, unless the document was not an object. */
  public Optional<T> value() {
    return Optional.ofNullable(value);
  }

  public List<Problem> problems() {
    return problems;
  }

  public SourceMap sourceMap() {
    return sourceMap;
  }

  public String source() {
    return source;
  }
}
