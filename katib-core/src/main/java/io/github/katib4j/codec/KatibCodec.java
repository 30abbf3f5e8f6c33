package io.github.katib4j.codec;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.KatibException;
import io.github.katib4j.KatibParseException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.KatibObject;
import io.github.katib4j.experiment.Suggestion;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.internal.TextFiles;
import io.github.katib4j.internal.codec.Decoded;
import io.github.katib4j.internal.codec.JsonTrees;
import io.github.katib4j.internal.codec.KatibWire;
import io.github.katib4j.internal.codec.ParsedDocument;
import io.github.katib4j.internal.codec.SourceMap;
import io.github.katib4j.internal.codec.YamlTrees;
import io.github.katib4j.internal.codec.YamlWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads and writes Katib objects in Katib's own JSON and YAML form.
 *
 * <p>Reading is faithful: what Katib's Go structs would accept reads, and writing it back gives the same JSON tree
 * (numbers keep their text, {@code trialSpec} keeps every field). It is also strict by default: a field Katib does
 * not know, which Katib would silently drop, is an error with a "did you mean" hint; {@link #lenient()} ignores such
 * fields, for objects that come from a cluster running a newer Katib. Every problem names its field path and, for
 * text, the line and column.
 *
 * <pre>{@code
 * KatibCodec codec = KatibCodec.create();
 * Experiment experiment = codec.readExperiment(Path.of("random.yaml"));
 * String yaml = codec.toYaml(experiment);
 * }</pre>
 */
public final class KatibCodec {
  private static final KatibCodec STRICT = new KatibCodec(true);
  private static final KatibCodec LENIENT = new KatibCodec(false);

  private final boolean strict;

  private KatibCodec(boolean strict) {
    this.strict = strict;
  }

  /** A codec that rejects unknown fields. */
  public static KatibCodec create() {
    return STRICT;
  }

  /** A codec that ignores unknown fields instead of rejecting them. */
  public KatibCodec lenient() {
    return LENIENT;
  }

  public boolean isStrict() {
    return strict;
  }

  // ---- reading ----------------------------------------------------------------------------------------------

  /** Reads the one experiment in a JSON or YAML file. */
  public Experiment readExperiment(Path file) {
    return read(file, Experiment.class);
  }

  /** Reads the one experiment in JSON or YAML text. */
  public Experiment readExperiment(String text) {
    return read(text, "<text>", Experiment.class);
  }

  /** Reads the one object of {@code type} in a JSON or YAML file. */
  public <T extends KatibObject> T read(Path file, Class<T> type) {
    return read(TextFiles.read(file), file.toString(), type);
  }

  /**
   * Reads the one object of {@code type} in JSON or YAML text.
   *
   * @param source a file name or description, for messages
   * @throws KatibParseException listing every problem, with line and column
   */
  public <T extends KatibObject> T read(String text, String source, Class<T> type) {
    Decoded.Stream<T> stream = Decoded.read(text, source, type, strict);
    List<T> all = values(stream, source);
    if (all.size() != 1) {
      String others = stream.others().isEmpty() ? "" : " (and " + describe(stream.others()) + ")";
      throw new KatibParseException(source, List.of(Problem.of("", "syntax", "expected exactly one "
          + type.getSimpleName() + ", found " + all.size() + others + "; use readAll for several")), false);
    }
    return all.get(0);
  }

  /**
   * Reads every object of {@code type} in a file: YAML documents, a JSON list, or a {@code *List} object. Objects of
   * other kinds, such as a ConfigMap bundled with an experiment, are skipped; {@link #otherObjects} lists them.
   */
  public <T extends KatibObject> List<T> readAll(Path file, Class<T> type) {
    return readAll(TextFiles.read(file), file.toString(), type);
  }

  /** Reads every object of {@code type} in text, skipping objects of other kinds; see {@link #readAll(Path, Class)}. */
  public <T extends KatibObject> List<T> readAll(String text, String source, Class<T> type) {
    return values(Decoded.read(text, source, type, strict), source);
  }

  private static <T extends KatibObject> List<T> values(Decoded.Stream<T> stream, String source) {
    List<T> result = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (Decoded<T> decoded : stream.decoded()) {
      problems.addAll(decoded.problems());
      decoded.value().ifPresent(result::add);
    }
    if (!problems.isEmpty()) {
      throw new KatibParseException(source, problems, false);
    }
    return result;
  }

  /**
   * The objects in {@code text} that {@link #readAll} skips when it reads {@code type}: those whose {@code kind} names
   * another kind, such as the ConfigMap of an experiment's trial template bundled with it for {@code kubectl apply -f}.
   * A kind that looks like a misspelling of {@code type}'s ({@code Experimnt}) is not another kind: reading reports it.
   *
   * @throws KatibParseException when the text is not JSON or YAML at all
   */
  public List<OtherObject> otherObjects(String text, String source, Class<? extends KatibObject> type) {
    return Decoded.read(text, source, type, strict).others();
  }

  /** {@link #otherObjects(String, String, Class)} of a file. */
  public List<OtherObject> otherObjects(Path file, Class<? extends KatibObject> type) {
    return otherObjects(TextFiles.read(file), file.toString(), type);
  }

  /** {@code ConfigMap "a" and Secret "b"}, or the count beyond three. */
  static String describe(List<OtherObject> others) {
    List<String> names = others.stream().limit(3).map(o -> o.kind() + (o.name().isEmpty() ? "" : " \"" + o.name()
        + "\"")).collect(Collectors.toList());
    String listed = String.join(", ", names);
    return others.size() > 3 ? listed + " and " + (others.size() - 3) + " more objects of other kinds" : listed;
  }

  /**
   * {@code problems} that checks made after reading {@code file} found on its experiment (its first, when it holds
   * several; objects of other kinds do not count), such as a cluster's pre-submit checks, each with the line and
   * column of its field path there, or of the nearest enclosing field the file has; as the readers and
   * {@code validateSource} locate theirs.
   */
  public List<Problem> locate(Path file, List<Problem> problems) {
    return locate(TextFiles.read(file), file.toString(), problems);
  }

  /** {@code problems} located in {@code text}, named {@code source}; see {@link #locate(Path, List)}. */
  public List<Problem> locate(String text, String source, List<Problem> problems) {
    List<ParsedDocument> documents = YamlTrees.parseAll(text, source).stream()
        .filter(d -> !Decoded.isOtherKind(d.root(), Experiment.class)).collect(Collectors.toList());
    if (documents.isEmpty()) {
      return List.copyOf(problems);
    }
    SourceMap map = documents.get(0).sourceMap();
    return problems.stream().map(map::locate).collect(Collectors.toList());
  }

  /**
   * Reads an object from a Gson tree, such as a Kubernetes client returns.
   *
   * @throws KatibParseException listing every problem with its field path
   */
  public <T extends KatibObject> T fromJsonObject(JsonObject json, Class<T> type) {
    Decoded<T> decoded = Decoded.of(json, type, strict, SourceMap.empty(), type.getSimpleName());
    if (!decoded.problems().isEmpty()) {
      throw new KatibParseException(type.getSimpleName() + " " + describe(json), decoded.problems(), false);
    }
    return decoded.value().orElseThrow();
  }

  private static String describe(JsonObject json) {
    JsonElement metadata = json.get("metadata");
    if (metadata != null && metadata.isJsonObject()) {
      String namespace = JsonTrees.stringAt(metadata.getAsJsonObject(), "namespace").orElse("");
      String name = JsonTrees.stringAt(metadata.getAsJsonObject(), "name").orElse("");
      return "\"" + (namespace.isEmpty() ? "" : namespace + "/") + name + "\"";
    }
    return "without metadata";
  }

  // ---- writing ----------------------------------------------------------------------------------------------

  /** The object as Katib's JSON tree. */
  public JsonObject toJsonObject(KatibObject object) {
    if (object instanceof Experiment) {
      return KatibWire.writeExperiment((Experiment) object);
    }
    if (object instanceof Trial) {
      return KatibWire.writeTrial((Trial) object);
    }
    if (object instanceof Suggestion) {
      return KatibWire.writeSuggestion((Suggestion) object);
    }
    throw new KatibException("KatibCodec writes Experiments, Trials and Suggestions; got a "
        + object.getClass().getName() + ", which is none of them");
  }

  /** Indented JSON. */
  public String toJson(KatibObject object) {
    return toJson(object, true);
  }

  public String toJson(KatibObject object, boolean pretty) {
    JsonObject json = toJsonObject(object);
    return pretty ? JsonTrees.pretty(json) : JsonTrees.compact(json);
  }

  /** Block YAML in the style of Katib's examples. */
  public String toYaml(KatibObject object) {
    return YamlWriter.write(toJsonObject(object));
  }

  /** Several objects as YAML documents separated by {@code ---}. */
  public String toYaml(List<? extends KatibObject> objects) {
    return YamlWriter.writeAll(objects.stream().map(this::toJsonObject).collect(Collectors.toList()));
  }

  /**
   * The objects as one Kubernetes {@code List} ({@code apiVersion: v1}, {@code kind: List}, {@code items}) in indented
   * JSON, the form {@code kubectl get -o json} prints for several objects; {@link #readAll} reads it back.
   */
  public String toJsonList(List<? extends KatibObject> objects) {
    return JsonTrees.pretty(list(objects));
  }

  /** The objects as one Kubernetes {@code List} in YAML, as {@code kubectl get -o yaml} prints several objects. */
  public String toYamlList(List<? extends KatibObject> objects) {
    return YamlWriter.write(list(objects));
  }

  private JsonObject list(List<? extends KatibObject> objects) {
    JsonArray items = new JsonArray();
    objects.forEach(o -> items.add(toJsonObject(o)));
    return JsonTrees.kubernetesList(items);
  }
}
