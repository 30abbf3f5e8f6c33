package io.github.katib4j.internal.codec;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.experiment.WireValue;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Writes one JSON object of a Katib type in Go's field order with Go's {@code omitempty} rules: empty strings,
 * false, zero counters, empty lists and absent pointers are left out.
 */
public final class WireWriter {
  private final JsonObject object = new JsonObject();

  public static WireWriter create() {
    return new WireWriter();
  }

  public JsonObject json() {
    return object;
  }

  public WireWriter string(String name, String value) {
    if (!value.isEmpty()) {
      object.addProperty(name, value);
    }
    return this;
  }

  /** A string written even when empty (Go fields without {@code omitempty}). */
  public WireWriter requiredString(String name, String value) {
    object.addProperty(name, value);
    return this;
  }

  public WireWriter string(String name, Optional<String> value) {
    value.ifPresent(v -> string(name, v));
    return this;
  }

  public WireWriter enumValue(String name, Optional<? extends WireValue> value) {
    value.ifPresent(v -> object.addProperty(name, v.wireName()));
    return this;
  }

  public WireWriter bool(String name, boolean value) {
    if (value) {
      object.addProperty(name, true);
    }
    return this;
  }

  public WireWriter bool(String name, Optional<Boolean> value) {
    value.ifPresent(v -> object.addProperty(name, v));
    return this;
  }

  /** A pointer integer: written when present, even when zero. */
  public WireWriter integer(String name, OptionalInt value) {
    value.ifPresent(v -> object.addProperty(name, v));
    return this;
  }

  public WireWriter integer(String name, OptionalLong value) {
    value.ifPresent(v -> object.addProperty(name, v));
    return this;
  }

  /** A non-pointer integer with {@code omitempty}: left out when zero. */
  public WireWriter integer(String name, long value) {
    if (value != 0) {
      object.addProperty(name, value);
    }
    return this;
  }

  public WireWriter number(String name, OptionalDouble value) {
    value.ifPresent(v -> object.add(name, numberOf(v)));
    return this;
  }

  /** Katib's Go time form: RFC 3339 in UTC, whole seconds. */
  public WireWriter time(String name, Optional<Instant> value) {
    value.ifPresent(v -> object.addProperty(name, formatTime(v)));
    return this;
  }

  public static String formatTime(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  public <T> WireWriter object(String name, Optional<T> value, Function<T, JsonObject> write) {
    value.ifPresent(v -> object.add(name, write.apply(v)));
    return this;
  }

  /** A nested struct (not a pointer): written even when empty, as Go does. */
  public <T> WireWriter struct(String name, T value, Function<T, JsonObject> write) {
    object.add(name, write.apply(value));
    return this;
  }

  public WireWriter unstructured(String name, Optional<Unstructured> value) {
    value.ifPresent(v -> object.add(name, v.toJsonObject()));
    return this;
  }

  public <T> WireWriter list(String name, List<T> values, Function<T, JsonObject> write) {
    if (!values.isEmpty()) {
      JsonArray array = new JsonArray();
      values.forEach(v -> array.add(write.apply(v)));
      object.add(name, array);
    }
    return this;
  }

  public WireWriter stringList(String name, List<String> values) {
    if (!values.isEmpty()) {
      JsonArray array = new JsonArray();
      values.forEach(array::add);
      object.add(name, array);
    }
    return this;
  }

  public WireWriter intList(String name, List<Integer> values) {
    if (!values.isEmpty()) {
      JsonArray array = new JsonArray();
      values.forEach(array::add);
      object.add(name, array);
    }
    return this;
  }

  public WireWriter stringMap(String name, Map<String, String> values) {
    if (!values.isEmpty()) {
      JsonObject map = new JsonObject();
      values.forEach(map::addProperty);
      object.add(name, map);
    }
    return this;
  }

  /** Copies every field of {@code extra} that is not already written. */
  public WireWriter merge(Unstructured extra) {
    for (Map.Entry<String, JsonElement> entry : extra.toJsonObject().entrySet()) {
      if (!object.has(entry.getKey())) {
        object.add(entry.getKey(), entry.getValue());
      }
    }
    return this;
  }

  public WireWriter raw(String name, JsonElement value) {
    object.add(name, value == null ? JsonNull.INSTANCE : value);
    return this;
  }

  /**
   * A double as JSON, as Go's encoding/json writes a float64: {@code 3}, {@code 0.001}, {@code 1e-7},
   * {@code 100000000000000000000} (Java would write {@code 3.0}, {@code 1.0E-7}, {@code 1.0E20}).
   */
  static JsonPrimitive numberOf(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      // No JSON number; Gson refuses to write it, as Go's encoder does.
      return new JsonPrimitive(value);
    }
    return JsonTrees.number(GoValues.formatFloat(value));
  }
}
