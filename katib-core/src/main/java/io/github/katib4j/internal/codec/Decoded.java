package io.github.katib4j.internal.codec;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.KatibException;
import io.github.katib4j.Problem;
import io.github.katib4j.SourcePosition;
import io.github.katib4j.codec.OtherObject;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.KatibObject;
import io.github.katib4j.experiment.Suggestion;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.Unstructured;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
   * as far as its content allows, with its problems; objects of other kinds are skipped (see {@link #read}). Syntax
   * errors still throw {@code KatibParseException}.
   */
  public static <T extends KatibObject> List<Decoded<T>> all(String text, String source, Class<T> type,
      boolean strict) {
    return read(text, source, type, strict).decoded();
  }

  /** The objects of one text read as one Katib type, and the objects of other kinds it also holds. */
  public static final class Stream<T> {
    private final List<Decoded<T>> decoded;
    private final List<OtherObject> others;

    private Stream(List<Decoded<T>> decoded, List<OtherObject> others) {
      this.decoded = List.copyOf(decoded);
      this.others = List.copyOf(others);
    }

    /** The objects read as the type, in the order of the text. */
    public List<Decoded<T>> decoded() {
      return decoded;
    }

    /** The objects whose {@code kind} says they are something else, such as a bundled ConfigMap, in order. */
    public List<OtherObject> others() {
      return others;
    }
  }

  /**
   * Every object of {@code type} in {@code text}, as {@link #all}, and apart from them the objects whose {@code kind}
   * names another kind (see {@link #isOtherKind}), which are not read as {@code type}.
   */
  public static <T extends KatibObject> Stream<T> read(String text, String source, Class<T> type, boolean strict) {
    List<Decoded<T>> result = new ArrayList<>();
    List<OtherObject> others = new ArrayList<>();
    for (ParsedDocument document : YamlTrees.parseAll(text, source)) {
      JsonArray items = itemsOf(document.root(), type);
      if (items == null && isOtherKind(document.root(), type)) {
        others.add(other(document, document.root(), "kind"));
        continue;
      }
      if (items == null) {
        result.add(of(document, type, strict));
        continue;
      }
      for (int i = 0; i < items.size(); i++) {
        if (isOtherKind(items.get(i), type)) {
          others.add(other(document, items.get(i), Paths.field(Paths.index("items", i), "kind")));
          continue;
        }
        result.add(of(items.get(i), type, strict, document.sourceMap(), document.source() + " (item " + (i + 1)
            + ")"));
      }
    }
    return new Stream<>(result, others);
  }

  private static OtherObject other(ParsedDocument document, JsonElement object, String kindPath) {
    SourcePosition position = document.sourceMap().find(kindPath)
        .map(p -> SourcePosition.of(document.source(), p.line(), p.column())).orElse(null);
    return OtherObject.of(document.source(), Unstructured.of(object.getAsJsonObject()), position);
  }

  /**
   * Whether {@code element} is an object of another kind than {@code type}: its {@code kind} names something else,
   * such as a ConfigMap or, in a file of Experiments, a Trial. A kind that differs only by a likely misspelling of
   * the type's ({@code Experimnt}, {@code experiment}, {@code ExperimentSpec}) is not another kind: reading reports
   * it, as it reports a missing kind.
   */
  public static boolean isOtherKind(JsonElement element, Class<?> type) {
    if (!element.isJsonObject()) {
      return false;
    }
    String kind = JsonTrees.stringAt(element.getAsJsonObject(), "kind").orElse("");
    String expected = type.getSimpleName();
    if (kind.isEmpty() || kind.equals(expected)) {
      return false;
    }
    boolean misspelt = kind.toLowerCase(Locale.ROOT).contains(expected.toLowerCase(Locale.ROOT))
        || Spelling.closest(kind, List.of(expected)).isPresent();
    return !misspelt;
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
    throw new KatibException("KatibCodec reads Experiment, Trial and Suggestion; got " + type.getName()
        + ", which is none of them");
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
