package io.github.katib4j.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.Problem;
import io.github.katib4j.internal.codec.YamlTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** A fixture as a JSON tree, edited in place, then validated from text as a user's file would be. */
final class Mutations {
  private Mutations() {}

  static JsonObject fixture(String name) {
    try {
      Path file = Path.of("src", "test", "resources", "experiments", name);
      return YamlTrees.parseSingle(Files.readString(file), name).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject baseline() {
    return fixture("validation-baseline.yaml");
  }

  static io.github.katib4j.experiment.Experiment baselineExperiment() {
    return io.github.katib4j.codec.KatibCodec.create().fromJsonObject(baseline(),
        io.github.katib4j.experiment.Experiment.class);
  }

  /** The problems {@code validator} finds in the baseline after {@code edit}. */
  static List<Problem> problems(ExperimentValidator validator, Consumer<JsonObject> edit) {
    return problems(validator, baseline(), edit);
  }

  static List<Problem> problems(ExperimentValidator validator, JsonObject tree, Consumer<JsonObject> edit) {
    edit.accept(tree);
    List<ValidationResult> results = validator.validateSource(tree.toString(), "test.json");
    assertThat(results).hasSize(1);
    return results.get(0).problems();
  }

  static List<Problem> problems(Consumer<JsonObject> edit) {
    return problems(ExperimentValidator.create(), edit);
  }

  /** The object at a dotted path such as {@code spec.parameters[1].feasibleSpace}. */
  static JsonObject at(JsonObject root, String path) {
    JsonElement current = root;
    for (String segment : path.split("\\.")) {
      int bracket = segment.indexOf('[');
      String field = bracket < 0 ? segment : segment.substring(0, bracket);
      current = current.getAsJsonObject().get(field);
      if (bracket >= 0) {
        int index = Integer.parseInt(segment.substring(bracket + 1, segment.length() - 1));
        current = current.getAsJsonArray().get(index);
      }
    }
    return current.getAsJsonObject();
  }

  /** The list at a dotted path such as {@code spec.parameters}. */
  static JsonArray list(JsonObject root, String path) {
    int dot = path.lastIndexOf('.');
    return at(root, path.substring(0, dot)).getAsJsonArray(path.substring(dot + 1));
  }

  static JsonArray array(String... values) {
    JsonArray array = new JsonArray();
    for (String v : values) {
      array.add(v);
    }
    return array;
  }

  static JsonElement json(String text) {
    return JsonParser.parseString(text);
  }

  static JsonPrimitive str(String value) {
    return new JsonPrimitive(value);
  }

  static void assertHas(List<Problem> problems, String rule, String path, String messageFragment) {
    assertThat(problems).as("problems %s", problems).anySatisfy(p -> {
      assertThat(p.rule()).isEqualTo(rule);
      assertThat(p.path()).isEqualTo(path);
      assertThat(p.message()).contains(messageFragment);
    });
  }

  static void assertNoRule(List<Problem> problems, String rule) {
    assertThat(problems).as("problems %s", problems).noneMatch(p -> p.rule().equals(rule));
  }
}
