package io.github.katib4j.k8s.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** Lenient reads from Gson trees: a missing or mistyped field reads as empty. */
public final class Json {
  private Json() {}

  public static JsonObject object(JsonObject parent, String field) {
    JsonElement value = parent == null ? null : parent.get(field);
    return value != null && value.isJsonObject() ? value.getAsJsonObject() : new JsonObject();
  }

  public static JsonArray array(JsonObject parent, String field) {
    JsonElement value = parent == null ? null : parent.get(field);
    return value != null && value.isJsonArray() ? value.getAsJsonArray() : new JsonArray();
  }

  public static String string(JsonObject parent, String field) {
    JsonElement value = parent == null ? null : parent.get(field);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
  }

  public static long integer(JsonObject parent, String field) {
    JsonElement value = parent == null ? null : parent.get(field);
    if (value != null && value.isJsonPrimitive() && ((JsonPrimitive) value).isNumber()) {
      return value.getAsLong();
    }
    return 0;
  }

  /** {@code metadata.resourceVersion}. */
  public static String resourceVersion(JsonObject object) {
    return string(object(object, "metadata"), "resourceVersion");
  }

  /** {@code metadata.name}. */
  public static String name(JsonObject object) {
    return string(object(object, "metadata"), "name");
  }

  /** {@code metadata.uid}. */
  public static String uid(JsonObject object) {
    return string(object(object, "metadata"), "uid");
  }
}
