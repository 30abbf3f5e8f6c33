package io.github.katib4j.internal.codec;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.experiment.WireValue;
import io.github.katib4j.internal.kubernetes.JobSchema;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads one JSON object of a Katib type, field by field, the way Go's encoding/json fills Katib's structs: a field
 * of the wrong JSON type, an integer out of range or a value outside a closed set is a problem at that field's path;
 * {@code null} means absent. Every problem is collected; reading goes on so that all are reported at once.
 */
public final class WireReader {
  private final JsonObject object;
  private final String path;
  private final Context context;
  private final Set<String> consumed = new LinkedHashSet<>();

  private WireReader(JsonObject object, String path, Context context) {
    this.object = object;
    this.path = path;
    this.context = context;
  }

  /** Shared state of one read: the problems found and whether unknown fields are problems. */
  public static final class Context {
    private final boolean strict;
    private final List<Problem> problems = new ArrayList<>();

    public Context(boolean strict) {
      this.strict = strict;
    }

    public List<Problem> problems() {
      return Collections.unmodifiableList(problems);
    }

    void add(String path, String message) {
      problems.add(Problem.of(path, "schema", message));
    }
  }

  /** A reader of {@code element} at {@code path}, or empty (with a problem) when it is not an object. */
  public static Optional<WireReader> of(JsonElement element, String path, Context context) {
    if (element == null || element.isJsonNull()) {
      return Optional.empty();
    }
    if (!element.isJsonObject()) {
      context.add(path, "expected an object, found " + YamlTrees.describe(element));
      return Optional.empty();
    }
    return Optional.of(new WireReader(element.getAsJsonObject(), path, context));
  }

  public String path() {
    return path;
  }

  public Context context() {
    return context;
  }

  private JsonElement take(String name) {
    consumed.add(name);
    JsonElement value = object.get(name);
    return value == null || value.isJsonNull() ? null : value;
  }

  private String at(String name) {
    return Paths.field(path, name);
  }

  private void wrongType(String name, String expected, JsonElement found, String hint) {
    context.add(at(name), "expected " + expected + ", found " + YamlTrees.describe(found) + hint);
  }

  /** A string field; absent and null read as {@code ""}, as in Go. */
  public String string(String name) {
    JsonElement value = take(name);
    if (value == null) {
      return "";
    }
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
      return value.getAsString();
    }
    String hint = !value.isJsonPrimitive() ? ""
        : value.getAsJsonPrimitive().isBoolean()
            ? "; Katib keeps this value as a string: quote it as written (unquoted, YAML reads y, n, yes, no, on,"
                + " off, true and false as booleans)"
            : "; Katib keeps this value as a string: quote it as written (unquoted, it reads as the number "
                + value.getAsJsonPrimitive().getAsString() + ")";
    wrongType(name, "a string", value, hint);
    return "";
  }

  /** A string field where absent and {@code ""} are the same, as Optional. */
  public Optional<String> optionalString(String name) {
    String value = string(name);
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** A value of a closed set; {@code ""} reads as absent, as Go's zero value. */
  public <E extends Enum<E> & WireValue> Optional<E> enumValue(String name, Class<E> type) {
    JsonElement raw = object.get(name);
    String value = string(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    E[] constants = type.getEnumConstants();
    Optional<E> found = WireValue.lookup(constants, value);
    if (found.isEmpty() && raw != null && raw.isJsonPrimitive()) {
      String allowed = Arrays.stream(constants).map(c -> "\"" + c.wireName() + "\"").collect(Collectors.joining(", "));
      Optional<E> caseInsensitive =
          Arrays.stream(constants).filter(c -> c.wireName().equalsIgnoreCase(value)).findFirst();
      String hint = caseInsensitive.map(c -> "; did you mean \"" + c.wireName() + "\"? Katib is case-sensitive")
          .orElse("");
      context.add(at(name), "\"" + value + "\" is not one of " + allowed + hint);
    }
    return found;
  }

  public boolean bool(String name) {
    JsonElement value = take(name);
    if (value == null) {
      return false;
    }
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
      return value.getAsBoolean();
    }
    wrongType(name, "true or false", value, "");
    return false;
  }

  public Optional<Boolean> optionalBool(String name) {
    return object.has(name) && !object.get(name).isJsonNull() ? Optional.of(bool(name)) : absent(name);
  }

  private <T> Optional<T> absent(String name) {
    consumed.add(name);
    return Optional.empty();
  }

  /** A Go {@code int32} field. */
  public OptionalInt int32(String name) {
    OptionalLong value = integer(name, Integer.MIN_VALUE, Integer.MAX_VALUE, "a 32-bit integer");
    return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
  }

  /**
   * {@code value}, already taken from field {@code name} (which also accepts other JSON types), as a Go {@code int32};
   * empty, with a problem saying what the field takes ({@code expected}), when it is out of range or not an integer.
   */
  public OptionalInt int32Value(JsonPrimitive value, String name, String expected) {
    OptionalLong parsed = integerValue(value, at(name), Integer.MIN_VALUE, Integer.MAX_VALUE, expected);
    return parsed.isPresent() ? OptionalInt.of((int) parsed.getAsLong()) : OptionalInt.empty();
  }

  /** A Go {@code int64} (or 64-bit {@code int}) field. */
  public OptionalLong int64(String name) {
    return integer(name, Long.MIN_VALUE, Long.MAX_VALUE, "a 64-bit integer");
  }

  private OptionalLong integer(String name, long min, long max, String expected) {
    JsonElement value = take(name);
    return value == null ? OptionalLong.empty() : integerValue(value, at(name), min, max, expected);
  }

  private OptionalLong integerValue(JsonElement value, String valuePath, long min, long max, String expected) {
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
      String text = value.getAsJsonPrimitive().getAsNumber().toString();
      if (JsonTrees.isIntegerText(text)) {
        try {
          long parsed = Long.parseLong(text);
          if (parsed >= min && parsed <= max) {
            return OptionalLong.of(parsed);
          }
        } catch (NumberFormatException ignored) {
          // beyond 64 bits: reported as out of range below
        }
        context.add(valuePath, "expected " + expected + ", found " + text + ", which is out of range");
        return OptionalLong.empty();
      }
    }
    String hint = value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
        ? "; write the number without quotes" : "";
    context.add(valuePath, "expected " + expected + " (no fraction or exponent), found "
        + YamlTrees.describe(value) + hint);
    return OptionalLong.empty();
  }

  /** A Go {@code float64} field. */
  public OptionalDouble float64(String name) {
    JsonElement value = take(name);
    if (value == null) {
      return OptionalDouble.empty();
    }
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
      double parsed = value.getAsDouble();
      if (!Double.isInfinite(parsed)) {
        return OptionalDouble.of(parsed);
      }
      context.add(at(name), "expected a number within the range of a 64-bit float (about 1.8e308 either side of"
          + " zero), found " + YamlTrees.describe(value) + ", which Go cannot decode; write a smaller number");
      return OptionalDouble.empty();
    }
    String hint = value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
        ? "; write the number without quotes" : "";
    wrongType(name, "a number", value, hint);
    return OptionalDouble.empty();
  }

  /** An RFC 3339 time (Kubernetes' {@code metav1.Time}). */
  public Optional<Instant> time(String name) {
    JsonElement value = take(name);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
      try {
        return Optional.of(OffsetDateTime.parse(value.getAsString()).toInstant());
      } catch (DateTimeParseException e) {
        context.add(at(name), "expected an RFC 3339 time such as 2024-05-01T12:00:00Z, found \""
            + value.getAsString() + "\"");
        return Optional.empty();
      }
    }
    wrongType(name, "an RFC 3339 time", value, "");
    return Optional.empty();
  }

  /** A nested object. */
  public <T> Optional<T> object(String name, Function<WireReader, T> read) {
    JsonElement value = take(name);
    return WireReader.of(value, at(name), context).map(reader -> reader.finish(read.apply(reader)));
  }

  /**
   * A free-form object kept verbatim; dropped, with a problem, when it holds a number beyond Go's {@code float64},
   * which Go cannot decode.
   */
  public Optional<Unstructured> unstructured(String name) {
    JsonElement value = take(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isJsonObject()) {
      wrongType(name, "an object", value, "");
      return Optional.empty();
    }
    String huge = beyondFloat64(value, at(name));
    if (huge != null) {
      context.add(huge, "expected a number within the range of a 64-bit float; Go cannot decode this one");
      return Optional.empty();
    }
    return Optional.of(Unstructured.of(value.getAsJsonObject()));
  }

  /** A Kubernetes object such as a {@code Container}, kept verbatim, with what Go could not decode reported. */
  public Optional<Unstructured> kubernetes(String name, String type) {
    Optional<Unstructured> value = unstructured(name);
    value.ifPresent(v -> decodesAs(v.toJsonObject(), type, at(name)));
    return value;
  }

  /**
   * Reports the first field of {@code value} that Go could not decode into the Kubernetes type {@code type} and, in
   * strict mode, every field that the type (or a type within it) does not have, which Go would drop.
   */
  public void decodesAs(JsonObject value, String type, String valuePath) {
    JobSchema.get().decodeError(value, type, valuePath)
        .ifPresent(e -> context.add(e.path(), e.message() + ", as Kubernetes' " + type + " has it"));
    if (context.strict) {
      for (JobSchema.UnknownField unknown : JobSchema.get().unknownFields(value, type, valuePath)) {
        String hint = Spelling.closest(unknown.name(), unknown.known()).map(s -> "; did you mean \"" + s + "\"?")
            .orElse("; Kubernetes' " + unknown.type() + " has no such field");
        context.add(unknown.path(), "unknown field \"" + unknown.name() + "\", which Katib would silently drop"
            + hint);
      }
    }
  }

  private static String beyondFloat64(JsonElement value, String valuePath) {
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
      return Double.isInfinite(value.getAsDouble()) ? valuePath : null;
    }
    if (value.isJsonObject()) {
      for (Map.Entry<String, JsonElement> member : value.getAsJsonObject().entrySet()) {
        String found = beyondFloat64(member.getValue(), Paths.member(valuePath, member.getKey()));
        if (found != null) {
          return found;
        }
      }
    } else if (value.isJsonArray()) {
      JsonArray array = value.getAsJsonArray();
      for (int i = 0; i < array.size(); i++) {
        String found = beyondFloat64(array.get(i), Paths.index(valuePath, i));
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** A list of objects; a {@code null} item is an empty object, as Go leaves a zero struct for it. */
  public <T> List<T> list(String name, Function<WireReader, T> read) {
    List<T> result = new ArrayList<>();
    JsonArray array = array(name);
    if (array == null) {
      return result;
    }
    for (int i = 0; i < array.size(); i++) {
      String itemPath = Paths.index(at(name), i);
      JsonElement item = array.get(i).isJsonNull() ? new JsonObject() : array.get(i);
      WireReader.of(item, itemPath, context).ifPresent(reader -> result.add(reader.finish(read.apply(reader))));
    }
    return result;
  }

  /** A list of strings; a {@code null} item is {@code ""}, Go's zero string. */
  public List<String> stringList(String name) {
    List<String> result = new ArrayList<>();
    JsonArray array = array(name);
    if (array == null) {
      return result;
    }
    for (int i = 0; i < array.size(); i++) {
      JsonElement item = array.get(i);
      if (item.isJsonNull()) {
        result.add("");
      } else if (item.isJsonPrimitive() && item.getAsJsonPrimitive().isString()) {
        result.add(item.getAsString());
      } else {
        String hint = item.isJsonPrimitive() ? "; quote it: \"" + item.getAsString() + "\"" : "";
        context.add(Paths.index(at(name), i), "expected a string, found " + YamlTrees.describe(item) + hint);
      }
    }
    return result;
  }

  /** A list of Go {@code int32}; a {@code null} item is {@code 0}. */
  public List<Integer> int32List(String name) {
    List<Integer> result = new ArrayList<>();
    JsonArray array = array(name);
    if (array == null) {
      return result;
    }
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i).isJsonNull()) {
        result.add(0);
        continue;
      }
      integerValue(array.get(i), Paths.index(at(name), i), Integer.MIN_VALUE, Integer.MAX_VALUE, "a 32-bit integer")
          .ifPresent(v -> result.add((int) v));
    }
    return result;
  }

  /** A map of strings to strings, such as labels; a {@code null} value is {@code ""}, as in Go. */
  public Map<String, String> stringMap(String name) {
    Map<String, String> result = new LinkedHashMap<>();
    JsonElement value = take(name);
    if (value == null) {
      return result;
    }
    if (!value.isJsonObject()) {
      wrongType(name, "a map of strings", value, "");
      return result;
    }
    for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
      JsonElement item = entry.getValue();
      if (item.isJsonNull()) {
        result.put(entry.getKey(), "");
      } else if (item.isJsonPrimitive() && item.getAsJsonPrimitive().isString()) {
        result.put(entry.getKey(), item.getAsString());
      } else {
        String hint = item.isJsonPrimitive() ? "; quote it: \"" + item.getAsString() + "\"" : "";
        context.add(Paths.key(at(name), entry.getKey()), "expected a string, found " + YamlTrees.describe(item) + hint);
      }
    }
    return result;
  }

  private JsonArray array(String name) {
    JsonElement value = take(name);
    if (value == null) {
      return null;
    }
    if (!value.isJsonArray()) {
      wrongType(name, "a list", value, "");
      return null;
    }
    return value.getAsJsonArray();
  }

  /** The fields of this object not read so far, in their order, as an object. */
  public JsonObject unread() {
    JsonObject rest = new JsonObject();
    for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
      if (!consumed.contains(entry.getKey())) {
        rest.add(entry.getKey(), entry.getValue());
      }
    }
    consumed.addAll(object.keySet());
    return rest;
  }

  /** Marks a field as read without reading it. */
  public void skip(String name) {
    consumed.add(name);
  }

  /** Reports fields nobody read (in strict mode) and returns {@code value}. */
  public <T> T finish(T value) {
    if (context.strict) {
      for (String key : object.keySet()) {
        if (!consumed.contains(key)) {
          context.add(Paths.member(path, key), unknownField(key));
        }
      }
    }
    return value;
  }

  private String unknownField(String key) {
    List<String> known = new ArrayList<>(consumed);
    String hint = Spelling.closest(key, known).map(s -> "; did you mean \"" + s + "\"?")
        .orElse("; the fields here are " + String.join(", ", known));
    return "unknown field \"" + key + "\", which Katib would silently drop" + hint;
  }

  /** The raw primitive of a field, for callers that accept several JSON types. */
  public Optional<JsonPrimitive> primitive(String name) {
    JsonElement value = take(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isJsonPrimitive()) {
      wrongType(name, "a number or a string", value, "");
      return Optional.empty();
    }
    return Optional.of(value.getAsJsonPrimitive());
  }
}
