package io.github.katib4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.conformance.DifferentialCase.Input;
import io.github.katib4j.conformance.DifferentialCase.Seed;
import io.github.katib4j.conformance.Judge.Verdict;
import io.github.katib4j.conformance.Shrinker.Failure;
import io.github.katib4j.internal.codec.JsonTrees;
import io.github.katib4j.internal.codec.YamlTrees;
import io.github.katib4j.template.ConfigMapLookup;
import io.github.katib4j.testing.Corpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The differential test: thousands of experiments (Katib's examples, the project's fixtures and seeded random edits
 * of both, see {@link Mutator}) answered by katib4j and by Katib v0.19.0's own code ({@link KatibOracle}), compared
 * by {@link Judge}. Any disagreement fails the test and is printed shrunk to a small reproducer with both answers.
 *
 * <p>{@code -Dkatib4j.conformance.seed=<n>} and {@code -Dkatib4j.conformance.cases=<n>} change the seed (printed in
 * the summary, so a failure reproduces) and the number of cases.
 */
class DifferentialIT {
  private static final long DEFAULT_SEED = 0x6b617469623401L;
  private static final int DEFAULT_CASES = 25_000;
  private static final int BATCH = 500;
  private static final int SHRUNK_PER_RUN = 5;
  private static final Path RESOURCES = Path.of("src", "test", "resources");

  @Test
  void generatedExperiments_katib4jAgreesWithKatib() {
    long seed = Long.getLong("katib4j.conformance.seed", DEFAULT_SEED);
    int total = Integer.getInteger("katib4j.conformance.cases", DEFAULT_CASES);
    List<Seed> seeds = seeds();
    Random random = new Random(seed);
    List<DifferentialCase> cases = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      Seed from = seeds.get(i % seeds.size());
      // Each seed once as it is, then edited.
      List<Mutator.Step> steps = i < seeds.size() ? List.of() : Mutator.randomSteps(random);
      cases.add(new DifferentialCase("case-" + i, from, steps, random.nextLong()));
    }

    Tally tally = new Tally();
    long start = System.nanoTime();
    try (KatibOracle oracle = KatibOracle.start()) {
      for (int from = 0; from < cases.size(); from += BATCH) {
        List<DifferentialCase> batch = cases.subList(from, Math.min(cases.size(), from + BATCH));
        List<Input> inputs = batch.stream().map(DifferentialCase::materialize).collect(Collectors.toList());
        List<OracleResult> results = oracle.run(inputs.stream().map(Input::toOracleCase).collect(Collectors.toList()));
        for (int i = 0; i < batch.size(); i++) {
          Katib4jAnswer ours = Katib4jAnswer.of(inputs.get(i));
          Verdict verdict = Judge.judge(results.get(i), ours);
          tally.add(batch.get(i), new Failure(inputs.get(i), batch.get(i).steps(), results.get(i), ours, verdict));
        }
      }
      // Each kind of disagreement once, shrunk; a few kinds are enough to start fixing.
      Shrinker shrinker = new Shrinker(oracle);
      tally.disagreementsByKind.entrySet().stream().limit(SHRUNK_PER_RUN).forEach(kind -> {
        DifferentialCase first = kind.getValue().get(0);
        Failure shrunk = shrinker.shrink(first, tally.firstFailures.get(kind.getKey()));
        System.out.println(report(first, kind.getValue().size(), shrunk));
      });
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000;
    String summary = String.format("Katib conformance (seed %d, %d s): %d cases, %d agreements (%d rejected by both,"
        + " %d trials rendered alike), %d allowed strict rejections %s, documented differences %s, %d disagreements"
        + " %s", seed, seconds, total, tally.agreements, tally.bothReject, tally.rendered, tally.strict,
        tally.strictByRule, tally.deliberate, tally.disagreements(), tally.countsByKind());
    System.out.println(summary);
    assertThat(tally.disagreements()).as(summary).isZero();
  }

  private static String report(DifferentialCase origin, int count, Failure failure) {
    JsonObject both = new JsonObject();
    both.add("katib", failure.katib().json());
    both.add("katib4j", failure.ours().toJson());
    return "DISAGREEMENT (" + count + " cases like " + origin + "): " + failure.verdict().key() + "\n"
        + failure.verdict().detail() + "\nminimal case (edits " + failure.steps() + "):\n"
        + JsonTrees.pretty(failure.input().toJson()) + "\nanswers:\n" + JsonTrees.pretty(both);
  }

  /** Verdicts counted. */
  private static final class Tally {
    int agreements;
    int bothReject;
    int strict;
    int rendered;
    final Map<String, Integer> strictByRule = new TreeMap<>();
    final Map<String, Integer> deliberate = new TreeMap<>();
    final Map<String, List<DifferentialCase>> disagreementsByKind = new LinkedHashMap<>();
    final Map<String, Failure> firstFailures = new LinkedHashMap<>();

    void add(DifferentialCase oneCase, Failure failure) {
      Verdict verdict = failure.verdict();
      rendered += verdict.rendered() ? 1 : 0;
      switch (verdict.kind()) {
        case AGREE:
          agreements++;
          bothReject += verdict.katibRejects() ? 1 : 0;
          break;
        case STRICT:
          strict++;
          verdict.rules().forEach(rule -> strictByRule.merge(rule, 1, Integer::sum));
          break;
        case DELIBERATE:
          verdict.rules().forEach(rule -> deliberate.merge(rule, 1, Integer::sum));
          break;
        default:
          disagreementsByKind.computeIfAbsent(verdict.key(), k -> new ArrayList<>()).add(oneCase);
          firstFailures.putIfAbsent(verdict.key(), failure);
      }
    }

    int disagreements() {
      return disagreementsByKind.values().stream().mapToInt(List::size).sum();
    }

    Map<String, Integer> countsByKind() {
      Map<String, Integer> counts = new LinkedHashMap<>();
      disagreementsByKind.forEach((kind, list) -> counts.put(kind, list.size()));
      return counts;
    }
  }

  // ---- seeds ------------------------------------------------------------------------------------------------

  /** Katib's examples, the fixtures, the template kinds and the template golden cases, with their ConfigMaps. */
  static List<Seed> seeds() {
    ConfigMapLookup templates = ConfigMapLookup.fromManifest(RESOURCES.resolve("template/trial-templates.yaml"));
    List<Seed> seeds = new ArrayList<>();
    List<Path> files = Stream.of(Corpus.exampleFiles(), Corpus.fixtures("experiments"), Corpus.fixtures("defaulted"),
        Corpus.fixtures("template/kinds")).flatMap(List::stream).collect(Collectors.toList());
    for (Path file : files) {
      JsonObject experiment = YamlTrees.parseSingle(read(file), file.toString()).getAsJsonObject();
      Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
      JsonObject source = Subject.objectOrNull(Subject.objectOrNull(Subject.objectOrNull(experiment, "spec"),
          "trialTemplate"), "configMap");
      if (source != null) {
        String namespace = Subject.string(source, "configMapNamespace");
        String name = Subject.string(source, "configMapName");
        templates.data(namespace, name).ifPresent(data -> configMaps.put(namespace + "/" + name,
            new LinkedHashMap<>(data)));
      }
      seeds.add(new Seed(file.getParent().getFileName() + "/" + file.getFileName(),
          new Subject(experiment, configMaps)));
    }
    for (JsonElement golden : JsonParser.parseString(read(RESOURCES.resolve("template/golden-cases.json")))
        .getAsJsonArray()) {
      JsonObject goldenCase = golden.getAsJsonObject();
      Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
      if (goldenCase.has("configMaps")) {
        for (JsonElement configMap : goldenCase.getAsJsonArray("configMaps")) {
          JsonObject cm = configMap.getAsJsonObject();
          Map<String, String> data = new LinkedHashMap<>();
          cm.getAsJsonObject("data").entrySet().forEach(e -> data.put(e.getKey(), e.getValue().getAsString()));
          configMaps.put(cm.get("namespace").getAsString() + "/" + cm.get("name").getAsString(), data);
        }
      }
      seeds.add(new Seed("golden " + goldenCase.get("id").getAsString(),
          new Subject(goldenCase.getAsJsonObject("experiment"), configMaps)));
    }
    return seeds;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
