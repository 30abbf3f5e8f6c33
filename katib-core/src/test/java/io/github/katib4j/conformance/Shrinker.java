package io.github.katib4j.conformance;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.conformance.DifferentialCase.Input;
import io.github.katib4j.conformance.Judge.Verdict;
import io.github.katib4j.conformance.Mutator.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes a disagreement small: first drops the case's edits one at a time, then the experiment's fields and list
 * items one at a time (larger ones first), keeping each change after which the same kind of disagreement remains.
 */
final class Shrinker {
  /** One disagreement: what was asked and what both sides answered. */
  record Failure(Input input, List<Step> steps, OracleResult katib, Katib4jAnswer ours, Verdict verdict) {}

  private static final long BUDGET_MILLIS = 60_000;

  private final KatibOracle oracle;

  Shrinker(KatibOracle oracle) {
    this.oracle = oracle;
  }

  Failure shrink(DifferentialCase origin, Failure failure) {
    long deadline = System.currentTimeMillis() + BUDGET_MILLIS;
    Failure best = failure;
    DifferentialCase current = origin;
    boolean progress = true;
    while (progress && !current.steps().isEmpty() && System.currentTimeMillis() < deadline) {
      progress = false;
      List<DifferentialCase> fewer = new ArrayList<>();
      for (int i = 0; i < current.steps().size(); i++) {
        List<Step> steps = new ArrayList<>(current.steps());
        steps.remove(i);
        fewer.add(current.withSteps(steps));
      }
      List<Input> inputs = new ArrayList<>();
      fewer.forEach(c -> inputs.add(c.materialize()));
      int kept = firstStillFailing(inputs, best.verdict());
      if (kept >= 0) {
        current = fewer.get(kept);
        best = evaluate(inputs.get(kept), current.steps());
        progress = true;
      }
    }
    progress = true;
    while (progress && System.currentTimeMillis() < deadline) {
      progress = false;
      List<Input> smaller = new ArrayList<>();
      for (JsonObject experiment : withOneNodeLess(best.input().experiment())) {
        smaller.add(best.input().withExperiment(experiment));
      }
      int kept = firstStillFailing(smaller, best.verdict());
      if (kept >= 0) {
        best = evaluate(smaller.get(kept), best.steps());
        progress = true;
      }
    }
    return best;
  }

  private Failure evaluate(Input input, List<Step> steps) {
    OracleResult katib = oracle.run(input.toOracleCase());
    Katib4jAnswer ours = Katib4jAnswer.of(input);
    return new Failure(input, steps, katib, ours, Judge.judge(katib, ours));
  }

  /** The index of the first input that still disagrees as {@code original} does, or -1. */
  private int firstStillFailing(List<Input> inputs, Verdict original) {
    List<OracleCase> cases = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      cases.add(inputs.get(i).withId("shrink-" + i).toOracleCase());
    }
    List<OracleResult> results = oracle.run(cases);
    for (int i = 0; i < inputs.size(); i++) {
      Verdict verdict = Judge.judge(results.get(i), Katib4jAnswer.of(inputs.get(i)));
      if (verdict.kind() == Verdict.Kind.DISAGREE && verdict.key().equals(original.key())) {
        return i;
      }
    }
    return -1;
  }

  /** Copies of {@code root}, each without one member or list item, shallower ones first. */
  private static List<JsonObject> withOneNodeLess(JsonObject root) {
    List<List<Object>> paths = new ArrayList<>();
    collect(root, new ArrayList<>(), paths);
    paths.sort((a, b) -> Integer.compare(a.size(), b.size()));
    List<JsonObject> copies = new ArrayList<>();
    for (List<Object> path : paths) {
      JsonObject copy = root.deepCopy();
      JsonElement parent = copy;
      for (int i = 0; i < path.size() - 1; i++) {
        parent = step(parent, path.get(i));
      }
      Object last = path.get(path.size() - 1);
      if (parent.isJsonObject()) {
        parent.getAsJsonObject().remove((String) last);
      } else {
        parent.getAsJsonArray().remove((int) (Integer) last);
      }
      copies.add(copy);
    }
    return copies;
  }

  private static void collect(JsonElement node, List<Object> path, List<List<Object>> out) {
    if (node.isJsonObject()) {
      for (Map.Entry<String, JsonElement> member : node.getAsJsonObject().entrySet()) {
        List<Object> child = new ArrayList<>(path);
        child.add(member.getKey());
        out.add(child);
        collect(member.getValue(), child, out);
      }
    } else if (node.isJsonArray()) {
      JsonArray array = node.getAsJsonArray();
      for (int i = 0; i < array.size(); i++) {
        List<Object> child = new ArrayList<>(path);
        child.add(i);
        out.add(child);
        collect(array.get(i), child, out);
      }
    }
  }

  private static JsonElement step(JsonElement node, Object segment) {
    return node.isJsonObject() ? node.getAsJsonObject().get((String) segment)
        : node.getAsJsonArray().get((Integer) segment);
  }
}
