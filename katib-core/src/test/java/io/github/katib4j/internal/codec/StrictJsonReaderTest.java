package io.github.katib4j.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * StrictJsonReader's own checks, which run on Gson older than 2.11, against Gson's STRICT mode on the Gson of this
 * build: the same values, and the same errors at the same line, column and path. GsonVersionsTest runs katib-core
 * itself on old Gson.
 */
class StrictJsonReaderTest {
  private static final TypeAdapter<JsonElement> ELEMENTS = new Gson().getAdapter(JsonElement.class);
  private static final int LIMIT = 3;

  static List<String> texts() {
    return List.of(
        "{\"a\": \"x\u0001y\"}", "{\"a\u001f\": 1}", "[\"ok\", \"tab\tinside\"]", "\"\u0000\"",
        "{\"a\": \"x\\ny\\u00e9\\\"\\\\\\/\\b\\f\\r\\t\u0002\"}", "[\"a\\'b\"]", "{\"k\\'\": 1}",
        "{\"a\":\n  \"line\\\nnext\"}", "[\"\\\n\"]", "[True]", "{\"a\": FALSE}", "[nulL, 1]", "NULL", "[true, false, null]",
        "[\"a\\x\u0001\"]", "[\"\\u12G4\u0001\"]", "[\"\u0001\\x\"]", "[\"unterminated\u0003", "{\"a\": 1} x", "{\"a\": 1}}",
        "{\"a\": 1} // comment", "{'a': 1}", "[NaN]", "[1, 2,]", "{\"a\": [1, {\"b\": [[2]]}]}", "[[[1]]]", "[[[[1]]]]",
        "{\"a\": {\"b\": {\"c\": {}}}}", "", "  ", "[1e400, -0, 0.5]", "{\"a\": \"é\u2028\"}", "[\"x\"]\n\"\u0001\"",
        "{\"a\":\"" + "y".repeat(1500) + "\u0001\"}", "[\"" + "z".repeat(2100) + "\\t\u0001\"]");
  }

  @ParameterizedTest
  @MethodSource("texts")
  void ownChecks_acceptAndRejectAsGsonStrictDoes(String text) {
    JsonReader gson = new JsonReader(new StringReader(text));
    gson.setStrictness(Strictness.STRICT);
    gson.setNestingLimit(LIMIT);

    assertThat(outcome(new StrictJsonReader(text, LIMIT, true, true))).isEqualTo(outcome(gson));
  }

  @Test
  void onThisGson_gsonDoesTheChecks() {
    assertThat(StrictJsonReader.mode()).isEqualTo("Gson's strictness, Gson's nesting limit");
  }

  @Test
  void ownNestingLimit_isTheLimitGiven() {
    assertThat(outcome(new StrictJsonReader("[[1]]", 1, true, true)))
        .isEqualTo("Nesting limit 1 reached at line 1 column 3 path $[0]");
    assertThat(outcome(new StrictJsonReader("[[1]]", 2, true, true))).isEqualTo("[[1]]");
  }

  /** The value read, and that nothing follows it; or the first line of the error. */
  private static String outcome(JsonReader reader) {
    try {
      JsonElement value = ELEMENTS.read(reader);
      return reader.peek() == JsonToken.END_DOCUMENT ? value.toString() : "more: " + reader.peek();
    } catch (Exception e) {
      return JsonTrees.parseErrorMessage(e);
    }
  }
}
