package io.github.katib4j.internal.codec;

import com.google.gson.JsonElement;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.KatibObject;
import io.github.katib4j.experiment.Suggestion;
import io.github.katib4j.experiment.Trial;
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
