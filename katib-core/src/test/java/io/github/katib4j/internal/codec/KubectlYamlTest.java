package io.github.katib4j.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.KatibParseException;
import io.github.katib4j.Problem;
import io.github.katib4j.SourcePosition;
import io.github.katib4j.internal.template.GoYaml;
import java.util.List;
import org.junit.jupiter.api.Test;

/** YAML and JSON read and written so that kubectl (go-yaml v2 through sigs.k8s.io/yaml) sees the same values. */
class KubectlYamlTest {
  /** Strings that go-yaml v2 or YAML 1.1 would type as something else when written without quotes. */
  private static final List<String> LOOK_TYPED = List.of("y", "Y", "n", "N", "yes", "No", "on", "OFF", "true", "0o17",
      "0O17", "+0o17", "-0o17", "0X1F", "0x1F", "0B101", "017", "1e1_0", "1_000", "12.0", ".5", "+5", "1e3", "~",
      "null", "Null", "", ".inf", "-.Inf", ".NaN", "0b1", "1:20");

  @Test
  void writtenYaml_readsBackAsTheSameStrings_inKubectlsReader() throws Exception {
    JsonObject tree = new JsonObject();
    JsonArray values = new JsonArray();
    LOOK_TYPED.forEach(values::add);
    tree.add("values", values);
    JsonObject keys = new JsonObject();
    LOOK_TYPED.forEach(k -> keys.addProperty(k, k));
    tree.add("keys", keys);

    String yaml = YamlWriter.write(tree);

    assertThat(GoYaml.parse(GoYaml.firstDocument(yaml), GoYaml.GO)).isEqualTo(tree);
    assertThat(YamlTrees.parseSingle(yaml, "t.yaml")).isEqualTo(tree);
    assertThat(yaml).contains("- \"n\"\n", "- \"0o17\"\n", "\"y\": \"y\"\n");
  }

  @Test
  void writtenYaml_withControlCharacters_isEscapedTextNotBinary() {
    JsonObject tree = new JsonObject();
    JsonArray values = new JsonArray();
    List.of("\u0007", "x\u007fy", "line\nbell\u0007", "nul\u0000").forEach(values::add);
    tree.add("values", values);

    String yaml = YamlWriter.write(tree);

    assertThat(yaml).doesNotContain("!!binary").contains("\"\\a\"");
    assertThat(YamlTrees.parseSingle(yaml, "t.yaml")).isEqualTo(tree);
  }

  @Test
  void readYaml_typesPlainScalarsAsKubectlDoes() {
    JsonElement read = YamlTrees.parseSingle("command: [n, Y, 0o17, 017, 12.0, 1e3, '0o17', 2024-01-02]\n"
        + "n: off\nbinary: !!binary Bw==\nmaxTrialCount: 12.0\n", "t.yaml");

    assertThat(read).isEqualTo(JsonParser.parseString("{\"command\": [false, true, 15, 15, 12, 1000, \"0o17\","
        + " \"2024-01-02\"], \"false\": false, \"binary\": \"\\u0007\", \"maxTrialCount\": 12}"));
  }

  @Test
  void readYaml_mergeKeys_applyInOrder_andAMergeReplacingAnEarlierKeyIsAnError() {
    String base = "base: &b {x: 1, w: 1}\nother: &o {x: 2, z: 2}\n";

    assertThat(YamlTrees.parseSingle(base + "m: {<<: *b, x: 9}\n", "t.yaml").getAsJsonObject().get("m"))
        .isEqualTo(JsonParser.parseString("{\"x\": 9, \"w\": 1}"));
    assertThat(YamlTrees.parseSingle(base + "m: {<<: [*b, *o]}\n", "t.yaml").getAsJsonObject().get("m"))
        .isEqualTo(JsonParser.parseString("{\"x\": 1, \"w\": 1, \"z\": 2}"));
    assertThatThrownBy(() -> YamlTrees.parseSingle(base + "m: {x: 9, <<: *b}\n", "t.yaml"))
        .isInstanceOfSatisfying(KatibParseException.class, e -> assertThat(e.problems()).singleElement()
            .satisfies(p -> {
              assertThat(p.path()).isEqualTo("m.x");
              assertThat(p.message()).contains("written before the merge key (<<) that sets it again");
            }));
  }

  @Test
  void goYaml_mergeAfterAKey_replacesIt_asGoYamlDoes() throws Exception {
    JsonElement read = GoYaml.parse("base: &b {x: 1}\nm: {x: 9, <<: *b}\n", GoYaml.GO);

    assertThat(read.getAsJsonObject().get("m")).isEqualTo(JsonParser.parseString("{\"x\": 1}"));
  }

  @Test
  void readJson_duplicateKey_isAnErrorAtTheSecondKey() {
    String json = "{\n  \"spec\": {\n    \"maxTrialCount\": 12,\n    \"maxTrialCount\": 13\n  }\n}\n";

    assertThatThrownBy(() -> YamlTrees.parseSingle(json, "e.json"))
        .isInstanceOfSatisfying(KatibParseException.class, e -> assertThat(e.problems()).singleElement()
            .satisfies(p -> {
              assertThat(p.path()).isEqualTo("spec.maxTrialCount");
              assertThat(p.message()).contains("duplicate key \"maxTrialCount\"");
              assertThat(p.position()).contains(SourcePosition.of("e.json", 4, 5));
            }));
  }

  @Test
  void readJson_locatesEveryField_pastEscapedSlashesAndAByteOrderMark() {
    String json = "\uFEFF{\"metadata\": {\"annotations\": {\"a\\/b\": \"x\\/y\"}},\n"
        + " \"spec\": {\"maxTrialCount\": 12, \"goal\": 0.5, \"ok\": true, \"list\": [\"s\", 1.5, null]}}";

    ParsedDocument document = YamlTrees.parseSingleDocument(json, "e.json");

    assertThat(document.root().getAsJsonObject().getAsJsonObject("metadata").getAsJsonObject("annotations")
        .get("a/b").getAsString()).isEqualTo("x/y");
    SourceMap map = document.sourceMap();
    assertThat(map.find("metadata.annotations[a/b]")).contains(SourcePosition.of("e.json", 1, 32));
    assertThat(map.find("spec")).contains(SourcePosition.of("e.json", 2, 2));
    assertThat(map.find("spec.goal")).contains(SourcePosition.of("e.json", 2, 32));
    assertThat(map.find("spec.list[1]")).contains(SourcePosition.of("e.json", 2, 71));
    assertThat(map.find("spec.list[2]")).contains(SourcePosition.of("e.json", 2, 76));
  }

  @Test
  void readJson_syntaxErrors_sayWhatIsNotJson() {
    assertThat(jsonProblem("{\"spec\": {\"goal\": NaN}}").message())
        .isEqualTo("not valid JSON: NaN is not a JSON number: JSON has no NaN or infinity");
    assertThat(jsonProblem("{\"spec\": {\"goal\": NaN}}").path()).isEqualTo("spec.goal");
    assertThat(jsonProblem("{\"a\": 'x'}").message()).contains("a single-quoted string (`'x'}`)");
    assertThat(jsonProblem("{\"a\": 1} x").message()).startsWith("not valid JSON: text after the JSON value (`x`)");
    assertThat(jsonProblem("{\"a\": hello}").message()).contains("unquoted text (`hello}`)");
    assertThat(jsonProblem("{/* c */ \"a\": 1}").message()).contains("a comment (`/* c */ \"a\": 1}`)");
    assertThat(jsonProblem("{\"a\": [1, 2").message()).contains("the text ends inside a value");
    assertThat(jsonProblem("{\"a\": 1,}").message()).contains("expected a key in double quotes");
    assertThat(jsonProblem("{\"a\": hello}").position()).contains(SourcePosition.of("e.json", 1, 7));
    assertThat(jsonProblem("{\"a\": hello}").message()).doesNotContain("setStrictness");
  }

  @Test
  void readJson_nestsAsDeeplyAsYaml() {
    String deep = "[".repeat(400) + "]".repeat(400);

    assertThat(YamlTrees.parseSingle(deep, "deep.json").isJsonArray()).isTrue();
  }

  private static Problem jsonProblem(String json) {
    try {
      YamlTrees.parseSingle(json, "e.json");
    } catch (KatibParseException e) {
      return e.problems().get(0);
    }
    throw new AssertionError("expected a syntax error for " + json);
  }
}
