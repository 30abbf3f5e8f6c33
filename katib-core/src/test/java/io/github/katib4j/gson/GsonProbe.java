package io.github.katib4j.gson;

import com.google.gson.stream.JsonReader;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.TrialParameter;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.codec.StrictJsonReader;
import io.github.katib4j.internal.metrics.JsonMetricsParser;
import io.github.katib4j.internal.template.GoJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What katib-core does with JSON, as text to compare between Gson versions: GsonVersionsTest runs it in a class loader
 * with an old Gson and in the test's own.
 */
public final class GsonProbe implements Function<Path, List<String>> {
  /** JSON texts that Gson's legacy strict mode and its strict mode treat differently, and some both reject. */
  static final List<String> TEXTS = List.of(
      "{\"a\": \"x\u0001y\"}", "{\"a\": \"x\\'y\"}", "{\"a\": \"x\\\ny\"}", "{\"a\": True}", "{\"a\": NULL}",
      "{\"a\": \"\\u00e9\\t\"}", "{\"a\": 1} trailing", "{\"a\": 1} {\"b\": 2}", "{'a': 1}", "{\"a\": 1 // c\n}",
      "{\"a\": NaN}", "{\"a\": \"x\\qy\"}", "[" + "[".repeat(600) + "]".repeat(600) + "]",
      "{\"a\": \"" + "y".repeat(1500) + "\u0002\"}");

  @Override
  public List<String> apply(Path examples) {
    List<String> seen = new ArrayList<>();
    seen.add("mode: " + StrictJsonReader.mode());
    seen.add("gson: " + JsonReader.class.getProtectionDomain().getCodeSource().getLocation().getPath()
        .replaceAll(".*/", ""));
    seen.add(outcome(() -> readmeExperiment().toString()));
    KatibCodec codec = KatibCodec.create();
    try (Stream<Path> files = Files.list(examples)) {
      files.sorted().forEach(file -> seen.add(file.getFileName() + ": " + outcome(() -> {
        Experiment read = codec.read(file, Experiment.class);
        return codec.toJson(codec.readExperiment(codec.toJson(read))).equals(codec.toJson(read)) ? "round trip"
            : "changed";
      })));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String text : TEXTS) {
      seen.add("codec " + outcome(() -> codec.readExperiment(text).toString()));
      seen.add("metrics " + outcome(() -> new JsonMetricsParser(List.of("a")).parse(text).toString()));
      seen.add("go " + outcome(() -> GoJson.decodeFirstValue(text).toString()));
    }
    return seen;
  }

  /** The README's first example. */
  private static Experiment readmeExperiment() {
    TrialTemplate template = TrialTemplate.builder()
        .primaryContainerName("training-container")
        .addTrialParameter(TrialParameter.of("learningRate", "lr", "Learning rate"))
        .trialSpec(Unstructured.parse("apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n"
            + "      containers:\n        - name: training-container\n          image: busybox\n"
            + "          command:\n            - train\n            - --lr=${trialParameters.learningRate}\n      restartPolicy: Never\n"))
        .build();
    return Experiment.builder()
        .name("random").namespace("kubeflow")
        .objective(Objective.minimize("loss").goal(0.001))
        .algorithm(Algorithm.random())
        .parameters(Parameter.doubleRange("lr", 0.01, 0.05))
        .trialTemplate(template)
        .maxTrialCount(12).parallelTrialCount(3)
        .build();
  }

  private interface Action {
    String run() throws Exception;
  }

  private static String outcome(Action action) {
    try {
      return action.run();
    } catch (Throwable e) {
      // Gson 2.11 on adds a link to its troubleshooting guide to its messages; older Gson has none.
      return e.getClass().getSimpleName() + ": "
          + String.valueOf(e.getMessage()).replaceAll("\nSee https://github\\.com/google/gson/[^)\\s]*", "");
    }
  }
}
