package io.github.katib4j.conformance;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.Problem;
import io.github.katib4j.internal.template.TreeDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compares katib4j's answer to a case with Katib's. Katib's rules must give the same verdict and the same set of
 * failing field paths; where Katib cannot decode the experiment, katib4j must report the field Go names; defaulting
 * must give the same tree; rendering the same template text and trial resource, or both must fail. katib4j may
 * reject what Katib accepts only by its own sure-fail rules ({@code K-*}, {@code S-*}) and by reading problems
 * Katib's decoder passes over in silence (unknown fields, values outside a closed set that no Katib rule checks);
 * such cases are {@link Verdict.Kind#STRICT}, counted by rule. The one way Katib may reject what katib4j accepts is
 * documented in {@code docs/validation-rules.md}: {@link #QUANTITY_FORM}.
 *
 * <p>Normalisations, each because the two sides model something differently, not because they disagree: see
 * {@link #defaultingDifferences}.
 */
final class Judge {
  /** The deliberate difference for a field Katib's decoder drops. */
  static final String UNKNOWN_FIELD = "schema (unknown field)";
  /** The deliberate difference for a closed-set value that no Katib rule checks. */
  static final String OUTSIDE_CLOSED_SET = "schema (value outside a closed set)";
  /** The deliberate difference for a quantity that Kubernetes writes back in another form, which T17 rejects. */
  static final String QUANTITY_FORM = "T17 (quantity not in canonical form)";

  private static final Pattern QUANTITY_REPLACED = Pattern.compile("unable to convert: \\S+ - ([+-]?(\\d+(\\.\\d*)?"
      + "|\\.\\d+)([eE][+-]?\\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?) to Job");
  private static final String TEMPLATE = "spec.trialTemplate";

  private static final Pattern GO_FIELD = Pattern.compile("Go struct field \\w+\\.(\\S+) of type");
  private static final String KIND_MISSING = "Object 'Kind' is missing";
  private static final String TRIAL_SPEC = TEMPLATE + ".trialSpec";
  private static final Set<String> MODELLED_METADATA = Set.of("name", "generateName", "namespace", "uid",
      "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "labels", "annotations",
      "ownerReferences", "finalizers");

  /** How katib4j's answer compares with Katib's. */
  record Verdict(Kind kind, boolean katibRejects, boolean rendered, Set<String> rules, String aspect,
      String key, String detail) {
    /**
     * STRICT: katib4j rejects by its own rules what Katib accepts; DELIBERATE: Katib rejects what katib4j accepts,
     * in a documented case ({@code docs/validation-rules.md}).
     */
    enum Kind { AGREE, STRICT, DELIBERATE, DISAGREE }

    static Verdict agree(boolean katibRejects, boolean rendered) {
      return new Verdict(Kind.AGREE, katibRejects, rendered, Set.of(), "", "", "");
    }
  }

  /** katib4j's problems, sorted by what they mean for the comparison. */
  private static final class Sorted {
    /** Paths of Katib's rules (and of reading problems katib4j relabels as Katib's rules). */
    final Set<String> katibPaths = new TreeSet<>();
    /** What Go's decoder would refuse too: fields of the wrong type, numbers out of range. */
    final List<Problem> unreadable = new ArrayList<>();
    /** Rejections Katib does not make: sure-fail rules, unknown fields, closed-set values no Katib rule checks. */
    final Set<String> strict = new TreeSet<>();

    Sorted(List<Problem> problems) {
      for (Problem p : problems) {
        if (p.rule().startsWith("K-") || p.rule().startsWith("S-")) {
          strict.add(p.rule());
        } else if (!p.rule().equals("schema")) {
          katibPaths.add(p.path());
        } else if (isUnknownField(p)) {
          strict.add(UNKNOWN_FIELD);
        } else if (p.message().contains("is not one of")) {
          strict.add(OUTSIDE_CLOSED_SET);
        } else {
          unreadable.add(p);
        }
      }
    }

    /** Whether katib4j rejects the experiment as Katib would, not only by its stricter rules. */
    boolean rejectsAsKatib() {
      return !katibPaths.isEmpty() || !unreadable.isEmpty();
    }
  }

  private Judge() {}

  private static boolean isUnknownField(Problem p) {
    return p.message().startsWith("unknown field");
  }

  static Verdict judge(OracleResult katib, Katib4jAnswer ours) {
    if (ours.crash != null) {
      String where = ours.crash.lines().limit(2).collect(Collectors.joining(" "));
      return disagree("crash", where, "katib4j threw in " + where);
    }
    Sorted sorted = new Sorted(ours.problems);
    if (katib.panic().isPresent()) {
      return panicked(katib.panic().get(), ours, sorted);
    }
    if (katib.decodeError().isPresent()) {
      return decodeFailure(katib.decodeError().get(), sorted.unreadable, ours);
    }
    if (!sorted.unreadable.isEmpty()) {
      return disagree("decode", withoutIndices(sorted.unreadable.stream().map(Problem::path)
          .collect(Collectors.toList()).toString()), "Katib decodes the experiment, but katib4j cannot read "
          + sorted.unreadable.stream().map(p -> p.path() + " (" + p.message() + ")").collect(Collectors.joining("; ")));
    }
    Set<String> katibPaths = new TreeSet<>(katib.failingFields());
    Set<String> ourPaths = sorted.katibPaths;
    if (!katibPaths.equals(ourPaths)) {
      Set<String> onlyKatib = new TreeSet<>(katibPaths);
      onlyKatib.removeAll(ourPaths);
      Set<String> onlyOurs = new TreeSet<>(ourPaths);
      onlyOurs.removeAll(katibPaths);
      if (onlyOurs.isEmpty() && onlyKatib.equals(Set.of(TEMPLATE)) && katib.validationErrors().stream()
          .anyMatch(e -> e.field().equals(TEMPLATE) && QUANTITY_REPLACED.matcher(e.detail()).find())) {
        return new Verdict(Verdict.Kind.DELIBERATE, true, false, Set.of(QUANTITY_FORM), "", "", "");
      }
      String detail = "only Katib fails " + onlyKatib + ", only katib4j fails " + onlyOurs;
      return disagree("paths", withoutIndices(detail), detail);
    }
    // Katib drops fields its types do not have; one it keeps is a field katib4j's model lacks.
    for (Problem p : ours.readingProblems) {
      if (isUnknownField(p) && find(katib.defaulted().orElseThrow(), p.path()) != null) {
        return disagree("unknown field", withoutIndices(p.path()), "katib4j does not know " + p.path()
            + ", which Katib keeps");
      }
    }
    List<TreeDiff.Difference> defaulting = defaultingDifferences(katib.defaulted().orElseThrow(), ours);
    if (!defaulting.isEmpty()) {
      return disagree("defaulting", withoutIndices(defaulting.stream().map(TreeDiff.Difference::path)
          .collect(Collectors.toList()).toString()), defaulting.stream()
          .map(d -> d.path() + ": Katib " + d.expected() + ", katib4j " + d.actual())
          .collect(Collectors.joining("; ")));
    }
    if (katib.accepted()) {
      Optional<String[]> rendering = renderingDifference(katib, ours,
          sorted.strict.stream().anyMatch(r -> r.startsWith("K-")));
      if (rendering.isPresent()) {
        return disagree("render", rendering.get()[0], rendering.get()[1]);
      }
    }
    boolean rendered = katib.runSpec().isPresent() && ours.rendered != null;
    if (katib.accepted() && !sorted.strict.isEmpty()) {
      return new Verdict(Verdict.Kind.STRICT, false, rendered, sorted.strict, "", "", "");
    }
    return Verdict.agree(!katib.accepted(), rendered);
  }

  /**
   * Katib's code panicked: in the webhook, which makes the API server reject the experiment (katib4j must reject it
   * by a Katib rule or as unreadable, not only by a sure-fail rule), or in the generator, which then creates no
   * trial (katib4j must not render it).
   */
  private static Verdict panicked(String panic, Katib4jAnswer ours, Sorted sorted) {
    String where = panic.lines().findFirst().orElse("");
    if (where.startsWith("render:")) {
      return ours.rendered == null ? Verdict.agree(false, false)
          : disagree("panic", where, "Katib's generator panicked (" + where + "), katib4j renders the trial");
    }
    return sorted.rejectsAsKatib() ? Verdict.agree(true, false) : disagree("panic", where, "Katib's webhook panicked ("
        + where + "), so the API server rejects the experiment, but katib4j accepts it");
  }

  /**
   * Katib's decoder stops at the first field of a wrong type and names it without list indices; katib4j reads on
   * and reports each. They agree when katib4j reports that field (or, for an inline template without a kind,
   * rule T14 there).
   */
  private static Verdict decodeFailure(String error, List<Problem> typeProblems, Katib4jAnswer ours) {
    Matcher field = GO_FIELD.matcher(error);
    String katibPath = field.find() ? field.group(1) : null;
    List<String> candidates = typeProblems.stream().map(Problem::path).collect(Collectors.toList());
    if (error.contains(KIND_MISSING)) {
      katibPath = TRIAL_SPEC;
      ours.problems.stream().filter(p -> p.rule().equals("T14") && p.path().equals(TRIAL_SPEC))
          .forEach(p -> candidates.add(p.path()));
    } else if (error.startsWith("no kind")) {
      katibPath = null;
    }
    String wanted = katibPath;
    if (candidates.stream().anyMatch(path -> wanted == null || goFieldPath(path).startsWith(wanted))) {
      return Verdict.agree(true, false);
    }
    return disagree("decode", String.valueOf(katibPath), "Katib cannot decode the experiment (" + error
        + "), but katib4j "
        + (candidates.isEmpty() ? "reads it" : "reports only " + candidates));
  }

  /** Where katib4j's defaulted experiment differs from the one Katib stores, on what both model. */
  private static List<TreeDiff.Difference> defaultingDifferences(JsonObject katibDefaulted, Katib4jAnswer ours) {
    JsonObject katib = katibDefaulted.deepCopy();
    JsonObject mine = ours.defaulted.deepCopy();
    // Neither status nor type meta is defaulted: status is not even validated on creation, and Go marshals both
    // from what the request had (apiVersion and kind only when it had them).
    for (String notDefaulted : new String[] {"status", "apiVersion", "kind"}) {
      katib.remove(notDefaulted);
      mine.remove(notDefaulted);
    }
    // katib4j keeps what it could not read out of the typed experiment; Katib keeps the raw value.
    for (Problem p : ours.readingProblems) {
      remove(katib, p.path());
      remove(mine, p.path());
    }
    // katib4j passes the custom collector's container and the metadata fields it does not model through verbatim;
    // Go writes them back through its types, without unknown fields, nulls and empty values. Neither is defaulted.
    for (JsonObject tree : List.of(katib, mine)) {
      remove(tree, "spec.metricsCollectorSpec.collector.customCollector");
      JsonElement metadata = tree.get("metadata");
      if (metadata != null && metadata.isJsonObject()) {
        metadata.getAsJsonObject().keySet().removeIf(k -> !MODELLED_METADATA.contains(k));
      }
    }
    withoutGoZeroValues(katib, mine);
    return TreeDiff.between(katib, mine, 5);
  }

  /**
   * Drops from Katib's tree the zero values Go's encoder writes for fields without {@code omitempty} (or structs,
   * which it never omits), such as {@code resources: {}} of a container or {@code port: 0} of an {@code httpGet},
   * where katib4j leaves the field out.
   */
  private static void withoutGoZeroValues(JsonElement katib, JsonElement mine) {
    if (katib.isJsonObject() && mine.isJsonObject()) {
      JsonObject ours = mine.getAsJsonObject();
      katib.getAsJsonObject().entrySet().removeIf(member -> !ours.has(member.getKey()) && isZero(member.getValue()));
      for (Map.Entry<String, JsonElement> member : katib.getAsJsonObject().entrySet()) {
        if (ours.has(member.getKey())) {
          withoutGoZeroValues(member.getValue(), ours.get(member.getKey()));
        }
      }
    } else if (katib.isJsonArray() && mine.isJsonArray() && katib.getAsJsonArray().size() == mine.getAsJsonArray()
        .size()) {
      for (int i = 0; i < katib.getAsJsonArray().size(); i++) {
        withoutGoZeroValues(katib.getAsJsonArray().get(i), mine.getAsJsonArray().get(i));
      }
    }
  }

  private static boolean isZero(JsonElement value) {
    if (value.isJsonNull()) {
      return true;
    }
    if (value.isJsonPrimitive()) {
      JsonPrimitive primitive = value.getAsJsonPrimitive();
      return primitive.isString() ? primitive.getAsString().isEmpty()
          : primitive.isBoolean() ? !primitive.getAsBoolean() : primitive.getAsDouble() == 0;
    }
    if (value.isJsonArray()) {
      return value.getAsJsonArray().isEmpty();
    }
    return value.getAsJsonObject().entrySet().stream().allMatch(member -> isZero(member.getValue()));
  }

  /** How rendering differs, as {key, detail}, when it does. */
  private static Optional<String[]> renderingDifference(OracleResult katib, Katib4jAnswer ours, boolean sureFail) {
    if (katib.runSpec().isPresent()) {
      if (ours.rendered == null) {
        // katib4j's renderer refuses templates that its sure-fail rules reject.
        return sureFail ? Optional.empty() : Optional.of(new String[] {"katib4j fails",
            "Katib renders the trial, katib4j does not: "
                + (ours.renderError == null ? "no template" : ours.renderError.getMessage())});
      }
      if (!katib.templateText().orElse("").equals(ours.rendered.templateText())) {
        return Optional.of(new String[] {"template text", "template text: Katib "
            + quote(katib.templateText().orElse(null)) + ", katib4j " + quote(ours.rendered.templateText())});
      }
      List<TreeDiff.Difference> diff = TreeDiff.between(katib.runSpec().get(), ours.rendered.runSpec().toJsonObject(),
          5);
      if (!diff.isEmpty()) {
        return Optional.of(new String[] {"run spec " + withoutIndices(diff.stream().map(TreeDiff.Difference::path)
            .collect(Collectors.toList()).toString()), "run spec: " + diff.stream().map(d -> d.path() + ": Katib "
            + d.expected() + ", katib4j " + d.actual()).collect(Collectors.joining("; "))});
      }
    } else if (katib.renderError().isPresent() && ours.rendered != null) {
      return Optional.of(new String[] {"Katib fails", "Katib cannot render the trial (" + katib.renderError().get()
          + "), katib4j renders " + ours.rendered.runSpec().toJson()});
    }
    return Optional.empty();
  }

  private static Verdict disagree(String aspect, String key, String detail) {
    return new Verdict(Verdict.Kind.DISAGREE, false, false, Set.of(), aspect, aspect + ": " + key, detail);
  }

  private static String quote(String text) {
    return text == null ? "none" : "\"" + text.replace("\n", "\\n") + "\"";
  }

  /** The text with list indices left out, to tell disagreements of one kind apart. */
  static String withoutIndices(String text) {
    return text.replaceAll("\\[\\d+]", "");
  }

  /** A path as Go's decoder names a field: without list indices and map keys. */
  private static String goFieldPath(String path) {
    return path.replaceAll("\\[[^\\]]*]", "");
  }

  /** Removes the node at a field path such as {@code spec.parameters[1].feasibleSpace.max}, if it is there. */
  static void remove(JsonObject root, String path) {
    List<String> segments = segments(path);
    if (segments.isEmpty()) {
      return;
    }
    JsonElement node = root;
    for (int i = 0; i < segments.size() - 1 && node != null; i++) {
      node = child(node, segments.get(i));
    }
    String last = segments.get(segments.size() - 1);
    if (node != null && node.isJsonObject()) {
      node.getAsJsonObject().remove(last);
    } else if (node != null && node.isJsonArray() && last.matches("\\d+")
        && Integer.parseInt(last) < node.getAsJsonArray().size()) {
      node.getAsJsonArray().remove(Integer.parseInt(last));
    }
  }

  /** The node at a field path, or null. */
  private static JsonElement find(JsonObject root, String path) {
    JsonElement node = root;
    for (String segment : segments(path)) {
      node = node == null ? null : child(node, segment);
    }
    return node;
  }

  private static JsonElement child(JsonElement node, String segment) {
    if (node.isJsonObject()) {
      return node.getAsJsonObject().get(segment);
    }
    if (node.isJsonArray() && segment.matches("\\d+")) {
      JsonArray array = node.getAsJsonArray();
      int index = Integer.parseInt(segment);
      return index < array.size() ? array.get(index) : null;
    }
    return null;
  }

  /** {@code a.b[1].c[key]} as {@code a, b, 1, c, key}. */
  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.') {
        flush(current, segments);
      } else if (c == '[') {
        flush(current, segments);
        int end = path.indexOf(']', i);
        end = end < 0 ? path.length() : end;
        segments.add(path.substring(i + 1, end));
        i = end;
      } else {
        current.append(c);
      }
    }
    flush(current, segments);
    return segments;
  }

  private static void flush(StringBuilder current, List<String> segments) {
    if (current.length() > 0) {
      segments.add(current.toString());
      current.setLength(0);
    }
  }
}
