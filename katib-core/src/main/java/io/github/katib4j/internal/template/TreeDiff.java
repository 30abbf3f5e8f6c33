package io.github.katib4j.internal.template;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.internal.codec.JsonTrees;
import io.github.katib4j.internal.codec.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Where two JSON trees differ, as field paths; numbers compare by value. */
public final class TreeDiff {
  private static final int MAX_TEXT = 80;

  private TreeDiff() {}

  /** One difference: the path, and each side described for a message ({@code absent} when missing). */
  public static final class Difference {
    private final String path;
    private final String expected;
    private final String actual;

    Difference(String path, String expected, String actual) {
      this.path = path;
      this.expected = expected;
      this.actual = actual;
    }

    public String path() {
      return path;
    }

    public String expected() {
      return expected;
    }

    public String actual() {
      return actual;
    }
  }

  /** Up to {@code limit} differences between {@code expected} and {@code actual}, outermost first. */
  public static List<Difference> between(JsonElement expected, JsonElement actual, int limit) {
    List<Difference> out = new ArrayList<>();
    compare("", expected, actual, out, limit);
    return out;
  }

  private static void compare(String path, JsonElement expected, JsonElement actual, List<Difference> out,
      int limit) {
    if (out.size() >= limit || expected.equals(actual)) {
      return;
    }
    if (expected.isJsonObject() && actual.isJsonObject()) {
      JsonObject a = expected.getAsJsonObject();
      JsonObject b = actual.getAsJsonObject();
      Set<String> keys = new LinkedHashSet<>(a.keySet());
      keys.addAll(b.keySet());
      for (String key : keys) {
        String child = Paths.member(path, key);
        if (!a.has(key)) {
          add(out, limit, child, "absent", describe(b.get(key)));
        } else if (!b.has(key)) {
          add(out, limit, child, describe(a.get(key)), "absent");
        } else {
          compare(child, a.get(key), b.get(key), out, limit);
        }
      }
      return;
    }
    if (expected.isJsonArray() && actual.isJsonArray()) {
      JsonArray a = expected.getAsJsonArray();
      JsonArray b = actual.getAsJsonArray();
      for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
        String child = Paths.index(path, i);
        if (i >= a.size()) {
          add(out, limit, child, "absent", describe(b.get(i)));
        } else if (i >= b.size()) {
          add(out, limit, child, describe(a.get(i)), "absent");
        } else {
          compare(child, a.get(i), b.get(i), out, limit);
        }
      }
      return;
    }
    add(out, limit, path, describe(expected), describe(actual));
  }

  private static void add(List<Difference> out, int limit, String path, String expected, String actual) {
    if (out.size() < limit) {
      out.add(new Difference(path.isEmpty() ? "<root>" : path, expected, actual));
    }
  }

  /** A short JSON rendering of a value, for messages. */
  public static String describe(JsonElement element) {
    if (element.isJsonObject()) {
      return "an object";
    }
    if (element.isJsonArray()) {
      return "a list of " + element.getAsJsonArray().size();
    }
    String text = JsonTrees.compact(element);
    return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT - 3) + "...\"" : text;
  }
}
