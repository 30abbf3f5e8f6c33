package io.github.katib4j.internal.validation;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The text Go's {@code encoding/json} writes for an {@code unstructured.Unstructured}: compact, map keys sorted by
 * their UTF-8 bytes, {@code <>&} and U+2028/U+2029 escaped, integers as {@code int64} and other numbers as
 * {@code float64}. Katib's webhook searches this text for {@code ${trialParameters.x}} (rules T12 and T13), so a
 * name that Go escapes is not found, exactly as in Katib.
 */
final class GoJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoJson() {}

  static String write(JsonElement element) {
    StringBuilder out = new StringBuilder();
    write(element, out);
    return out.toString();
  }

  private static void write(JsonElement element, StringBuilder out) {
    if (element == null || element.isJsonNull()) {
      out.append("null");
    } else if (element.isJsonObject()) {
      JsonObject object = element.getAsJsonObject();
      List<String> keys = new ArrayList<>(object.keySet());
      keys.sort(GoJson::compareUtf8);
      out.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        string(keys.get(i), out);
        out.append(':');
        write(object.get(keys.get(i)), out);
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
        string(primitive.getAsString(), out);
      } else if (primitive.isBoolean()) {
        out.append(primitive.getAsBoolean());
      } else {
        out.append(number(primitive.getAsNumber().toString()));
      }
    }
  }

  /** Kubernetes decodes a JSON number as {@code int64} when it is one, else as {@code float64}. */
  static String number(String text) {
    try {
      return Long.toString(Long.parseLong(text));
    } catch (NumberFormatException notAnInt64) {
      double value = Double.parseDouble(text);
      double abs = Math.abs(value);
      if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
        String e = BigDecimal.valueOf(value).round(new java.math.MathContext(17)).stripTrailingZeros().toString();
        return e.replace("E", "e");
      }
      return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
  }

  static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
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
        default:
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            out.append("\\u00").append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            if (c >= 0x2000) {
              out.setLength(out.length() - 6);
              out.append("\\u").append(Integer.toHexString(c));
            }
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  private static int compareUtf8(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
