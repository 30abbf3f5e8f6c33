package io.github.katib4j.internal.template;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import io.github.katib4j.internal.codec.GoValues;
import io.github.katib4j.internal.codec.JsonTrees;
import io.github.katib4j.internal.codec.StrictJsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * JSON as Katib's Go controller writes and reads it: {@code encoding/json}'s encoder (map keys sorted by their UTF-8
 * bytes, compact, {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped, a trailing newline) and
 * {@code k8s.io/apimachinery}'s decoding of an {@code Unstructured} (integers without a fraction become int64, other
 * numbers float64, a repeated key keeps its last value).
 */
public final class GoJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final TypeAdapter<JsonElement> ELEMENTS = new Gson().getAdapter(JsonElement.class);

  private GoJson() {}

  /** What Go's {@code json.NewEncoder(w).Encode(object)} writes, as {@code Unstructured.MarshalJSON} does. */
  public static String encode(JsonElement element) {
    StringBuilder out = new StringBuilder();
    write(normalizeNumbers(element), out);
    return out.append('\n').toString();
  }

  /**
   * The value Go would hold after decoding this JSON and encoding it again: numbers go through int64 or float64, so
   * {@code 1.0} becomes {@code 1} and {@code 1e3} becomes {@code 1000}.
   */
  public static JsonElement normalizeNumbers(JsonElement element) {
    if (element == null || element.isJsonNull()) {
      return JsonNull.INSTANCE;
    }
    if (element.isJsonObject()) {
      JsonObject copy = new JsonObject();
      element.getAsJsonObject().entrySet().forEach(e -> copy.add(e.getKey(), normalizeNumbers(e.getValue())));
      return copy;
    }
    if (element.isJsonArray()) {
      JsonArray copy = new JsonArray();
      element.getAsJsonArray().forEach(e -> copy.add(normalizeNumbers(e)));
      return copy;
    }
    JsonPrimitive primitive = element.getAsJsonPrimitive();
    if (!primitive.isNumber()) {
      return primitive;
    }
    return JsonTrees.number(GoValues.numberText(primitive.getAsNumber().toString()));
  }

  /**
   * Decodes the first JSON value of {@code text} as {@code json.Decoder.Decode} does: strictly, ignoring whatever
   * follows the value.
   *
   * @throws IOException when the text does not start with a complete JSON value
   */
  public static JsonElement decodeFirstValue(String text) throws IOException {
    JsonReader reader = new StrictJsonReader(text);
    try {
      return normalizeNumbers(ELEMENTS.read(reader));
    } catch (IOException | RuntimeException e) {
      throw new IOException(JsonTrees.parseErrorMessage(e), e);
    }
  }

  private static void write(JsonElement element, StringBuilder out) {
    if (element.isJsonNull()) {
      out.append("null");
    } else if (element.isJsonObject()) {
      List<Map.Entry<String, JsonElement>> entries = new ArrayList<>(element.getAsJsonObject().entrySet());
      entries.sort((a, b) -> compareUtf8(a.getKey(), b.getKey()));
      out.append('{');
      for (int i = 0; i < entries.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        writeString(entries.get(i).getKey(), out);
        out.append(':');
        write(entries.get(i).getValue(), out);
      }
      out.append('}');
    } else if (element.isJsonArray()) {
      JsonArray array = element.getAsJsonArray();
      out.append('[');
      for (int i = 0; i < array.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(array.get(i), out);
      }
      out.append(']');
    } else {
      JsonPrimitive primitive = element.getAsJsonPrimitive();
      if (primitive.isString()) {
        writeString(primitive.getAsString(), out);
      } else if (primitive.isBoolean()) {
        out.append(primitive.getAsBoolean());
      } else {
        out.append(primitive.getAsNumber().toString());
      }
    }
  }

  /** Go sorts map keys as byte strings, which for UTF-8 is code point order (unlike Java's UTF-16 order). */
  private static int compareUtf8(String a, String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    return Arrays.compareUnsigned(x, y);
  }

  /** Go's {@code appendString} with HTML escaping on, as {@code json.Encoder} has by default. */
  static void writeString(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        case '<':
        case '>':
        case '&':
        case '\u2028':
        case '\u2029':
          unicodeEscape(c, out);
          break;
        default:
          if (c < 0x20) {
            unicodeEscape(c, out);
          } else if (Character.isSurrogate(c) && !isPairedSurrogate(text, i)) {
            // Go replaces invalid UTF-8 with U+FFFD; a lone surrogate is Java's equivalent.
            out.append("\\ufffd");
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  private static boolean isPairedSurrogate(String text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }

  private static void unicodeEscape(char c, StringBuilder out) {
    out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
