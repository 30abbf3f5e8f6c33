package io.github.katib4j.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.KatibException;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.internal.codec.YamlTrees;
import io.github.katib4j.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of valid experiments (seeded, so failures repeat) never make reading, defaulting or validating
 * throw anything but {@link KatibException}, and defaulting stays idempotent on whatever can be read, except where
 * Katib's is not.
 */
class ValidationPropertyTest {
  private static final int ITERATIONS = 1000;
  private static final String[] STRINGS = {"", "0", "-1", "1e400", "NaN", "abc", "${trialParameters.x}",
      "${trialSpec.Labels[x]}", "Job", "batch/v1", "minimize", "File", "/abs", "a;b", "\"", "\\", "\n", "(\\w+)=(\\d+)",
      "[", "{", "grid", "cmaes", "hyperband", "enas", "medianstop", "logUniform", "normal", "int", "double"};

  private final KatibCodec codec = KatibCodec.create();

  private static List<JsonObject> seeds() throws Exception {
    List<JsonObject> seeds = new ArrayList<>();
    for (Path file : Stream.concat(Corpus.exampleFiles().stream(), Corpus.fixtures("experiments").stream())
        .collect(Collectors.toList())) {
      seeds.add(YamlTrees.parseSingle(Files.readString(file), file.toString()).getAsJsonObject());
    }
    return seeds;
  }

  @Test
  void mutatedExperiments_onlyEverRaiseKatibExceptions() throws Exception {
    Random random = new Random(20240611L);
    List<JsonObject> seeds = seeds();
    ExperimentValidator cluster = ExperimentValidator.create()
        .withConfigMaps(source -> random.nextBoolean() ? java.util.Optional.empty()
            : java.util.Optional.of("apiVersion: batch/v1\nkind: Job\nspec: ${trialParameters.lr}\n"));
    int validated = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      JsonObject tree = seeds.get(random.nextInt(seeds.size())).deepCopy();
      int mutations = 1 + random.nextInt(4);
      for (int m = 0; m < mutations; m++) {
        mutate(tree, random);
      }
      String text = tree.toString();
      try {
        List<ValidationResult> results = cluster.validateSource(text, "mutant-" + i);
        for (ValidationResult result : results) {
          result.experiment().ifPresent(e -> {
            Experiment once = ExperimentDefaults.apply(e);
            if (!repeatsTheObjectiveMetric(e)) {
              assertThat(ExperimentDefaults.apply(once)).as(text).isEqualTo(once);
            }
            cluster.validateUpdate(e, once);
          });
        }
        Experiment read = codec.lenient().readExperiment(text);
        ExperimentValidator.forLocalRuns().validate(read);
        validated++;
      } catch (KatibException expected) {
        // reading may reject the text; that is the contract
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("mutant " + i + " raised " + e + " for " + text, e);
      }
    }
    assertThat(validated).isGreaterThan(ITERATIONS / 20);
  }

  /** Where Katib's defaulting is not idempotent, and katib4j's, following it, neither (rule O4 rejects it). */
  private static boolean repeatsTheObjectiveMetric(Experiment experiment) {
    return experiment.spec().objective()
        .filter(o -> o.additionalMetricNames().contains(o.objectiveMetricName())).isPresent();
  }

  /** Picks a random node of the tree and replaces, deletes or grows it. */
  private static void mutate(JsonObject root, Random random) {
    List<JsonElement> containers = new ArrayList<>();
    collect(root, containers);
    JsonElement target = containers.get(random.nextInt(containers.size()));
    if (target.isJsonObject()) {
      JsonObject object = target.getAsJsonObject();
      List<String> keys = new ArrayList<>(object.keySet());
      if (keys.isEmpty() || random.nextInt(5) == 0) {
        object.add(random.nextBoolean() ? "extra" : keys.isEmpty() ? "x" : keys.get(0) + "s", garbage(random));
        return;
      }
      String key = keys.get(random.nextInt(keys.size()));
      if (random.nextInt(3) == 0) {
        object.remove(key);
      } else {
        object.add(key, replacement(object.get(key), random));
      }
    } else {
      JsonArray array = target.getAsJsonArray();
      if (array.size() == 0 || random.nextInt(4) == 0) {
        array.add(garbage(random));
      } else {
        int index = random.nextInt(array.size());
        if (random.nextBoolean()) {
          array.remove(index);
        } else {
          array.set(index, replacement(array.get(index), random));
        }
      }
    }
  }

  private static void collect(JsonElement element, List<JsonElement> out) {
    if (element.isJsonObject()) {
      out.add(element);
      for (Map.Entry<String, JsonElement> e : element.getAsJsonObject().entrySet()) {
        collect(e.getValue(), out);
      }
    } else if (element.isJsonArray()) {
      out.add(element);
      element.getAsJsonArray().forEach(e -> collect(e, out));
    }
  }

  private static JsonElement replacement(JsonElement old, Random random) {
    if (old.isJsonPrimitive() && old.getAsJsonPrimitive().isNumber() && random.nextBoolean()) {
      long[] numbers = {0, -1, 1, 2, 3, 40, Integer.MAX_VALUE, Long.MIN_VALUE};
      return new JsonPrimitive(numbers[random.nextInt(numbers.length)]);
    }
    if (old.isJsonPrimitive() && old.getAsJsonPrimitive().isString() && random.nextBoolean()) {
      return new JsonPrimitive(old.getAsString() + STRINGS[random.nextInt(STRINGS.length)]);
    }
    return garbage(random);
  }

  private static JsonElement garbage(Random random) {
    switch (random.nextInt(8)) {
      case 0:
        return JsonNull.INSTANCE;
      case 1:
        return new JsonPrimitive(random.nextBoolean());
      case 2:
        return new JsonPrimitive(random.nextInt(7) - 2);
      case 3:
        return new JsonPrimitive(random.nextDouble() * 10);
      case 4:
        JsonArray array = new JsonArray();
        array.add(STRINGS[random.nextInt(STRINGS.length)]);
        return array;
      case 5:
        JsonObject object = new JsonObject();
        object.add(STRINGS[random.nextInt(STRINGS.length)], garbage(random));
        return object;
      default:
        return new JsonPrimitive(STRINGS[random.nextInt(STRINGS.length)]);
    }
  }
}
