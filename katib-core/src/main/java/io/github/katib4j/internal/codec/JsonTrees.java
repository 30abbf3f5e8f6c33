package io.github.katib4j.internal.codec;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import io.github.katib4j.KatibException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Conversions between Gson trees, text and plain Java values; the one Gson configuration of the project. */
public final class JsonTrees {
  /** HTML escaping is off so that {@code =}, {@code <} and {@code '} in commands stay readable. */
  private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private static final Gson PRETTY =
      new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting().create();

  private JsonTrees() {}

  public static String compact(JsonElement element) {
    return COMPACT.toJson(element);
  }

  public static String pretty(JsonElement element) {
    return PRETTY.toJson(element);
  }

  /** Writes {@code element} compactly to a streaming writer, as {@link #compact} would. */
  public static void write(JsonElement element, JsonWriter writer) {
    COMPACT.toJson(element, writer);
  }

  public static Optional<String> stringAt(JsonObject object, String key) {
    JsonElement value = object.get(key);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
        ? Optional.of(value.getAsString())
        : Optional.empty();
  }

  /** Plain Java values (maps, lists, strings, numbers, booleans, null) to a Gson tree. */
  public static JsonElement fromJava(Object value) {
    return fromJava(value, "");
  }

  /**
   * As {@link #fromJava(Object)}; {@code where} (such as {@code spec.parallelism}, or empty) prefixes the message when
   * a value cannot be represented.
   *
   * @throws KatibException naming the value's class
   */
  public static JsonElement fromJava(Object value, String where) {
    if (value == null) {
      return JsonNull.INSTANCE;
    }
    if (value instanceof JsonElement) {
      return ((JsonElement) value).deepCopy();
    }
    if (value instanceof Map) {
      JsonObject object = new JsonObject();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        object.add(String.valueOf(entry.getKey()), fromJava(entry.getValue(), where));
      }
      return object;
    }
    if (value instanceof Iterable) {
      JsonArray array = new JsonArray();
      for (Object item : (Iterable<?>) value) {
        array.add(fromJava(item, where));
      }
      return array;
    }
    if (value instanceof Number) {
      return new JsonPrimitive((Number) value);
    }
    if (value instanceof Boolean) {
      return new JsonPrimitive((Boolean) value);
    }
    if (value instanceof CharSequence || value instanceof Character || value instanceof Enum) {
      return new JsonPrimitive(value.toString());
    }
    throw new KatibException((where.isEmpty() ? "" : where + ": ") + "cannot represent a " + value.getClass().getName()
        + " in JSON; use maps, lists, strings, numbers and booleans");
  }

  /**
   * A Gson tree to plain Java values. Numbers become {@code Long} when integral and in range, {@code BigInteger}
   * when integral and larger, {@code BigDecimal} otherwise, so that no digit is lost.
   */
  public static Object toJava(JsonElement element) {
    if (element == null || element.isJsonNull()) {
      return null;
    }
    if (element.isJsonObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> entry : element.getAsJsonObject().entrySet()) {
        map.put(entry.getKey(), toJava(entry.getValue()));
      }
      return map;
    }
    if (element.isJsonArray()) {
      List<Object> list = new ArrayList<>();
      for (JsonElement item : element.getAsJsonArray()) {
        list.add(toJava(item));
      }
      return list;
    }
    JsonPrimitive primitive = element.getAsJsonPrimitive();
    if (primitive.isBoolean()) {
      return primitive.getAsBoolean();
    }
    if (primitive.isString()) {
      return primitive.getAsString();
    }
    return toJavaNumber(primitive.getAsNumber());
  }

  private static Number toJavaNumber(Number number) {
    if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte
        || number instanceof BigInteger || number instanceof BigDecimal) {
      return number;
    }
    // Gson's own lazily parsed numbers (and doubles) go through their text, so no digit is lost.
    String text = number.toString();
    BigDecimal decimal = new BigDecimal(text);
    if (isIntegerText(text)) {
      BigInteger integer = decimal.toBigIntegerExact();
      return integer.bitLength() < 64 ? (Number) integer.longValue() : integer;
    }
    return decimal;
  }

  /** Whether the JSON number text has neither fraction nor exponent. */
  public static boolean isIntegerText(String text) {
    return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
  }

  /** Gson's parse error message without the troubleshooting link Gson appends on a second line. */
  public static String parseErrorMessage(Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** A number primitive that keeps {@code text} exactly as written when serialized. */
  public static JsonPrimitive number(String text) {
    // Gson's parser keeps the number's text; its lazily parsed number type is not exported to other modules.
    return JsonParser.parseString(text).getAsJsonPrimitive();
  }

  /**
   * The objects as one Kubernetes {@code List}, as {@code kubectl get} prints several: {@code apiVersion: v1},
   * {@code items}, {@code kind: List}, {@code metadata: {resourceVersion: ""}}.
   */
  public static JsonObject kubernetesList(JsonArray items) {
    JsonObject metadata = new JsonObject();
    metadata.addProperty("resourceVersion", "");
    JsonObject list = new JsonObject();
    list.addProperty("apiVersion", "v1");
    list.add("items", items);
    list.addProperty("kind", "List");
    list.add("metadata", metadata);
    return list;
  }
}
