package io.github.katib4j.conformance;

import static io.github.katib4j.conformance.Mutator.pick;
import static io.github.katib4j.conformance.Subject.objectOrNull;
import static io.github.katib4j.conformance.Subject.string;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.conformance.Mutator.Step;
import io.github.katib4j.conformance.OracleCase.Assignment;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * One generated case: a seed experiment, the edits made to it, and the seed of the trial rendered from it (its
 * assignments and name). {@link #materialize()} replays it into the concrete {@link Input} both sides answer.
 */
record DifferentialCase(String id, Seed seed, List<Step> steps, long trialSeed) {
  /** An experiment to start from, with the ConfigMaps its template needs. */
  record Seed(String name, Subject subject) {}

  /** What both sides are asked about. */
  record Input(String id, JsonObject experiment, Map<String, Map<String, String>> configMaps,
      List<Assignment> assignments, String trialName) {

    OracleCase toOracleCase() {
      OracleCase oneCase = OracleCase.of(id, experiment).withTrial(trialName, null, assignments);
      for (Map.Entry<String, Map<String, String>> configMap : configMaps.entrySet()) {
        String[] key = configMap.getKey().split("/", 2);
        oneCase = oneCase.withConfigMap(key[0], key[1], configMap.getValue());
      }
      return oneCase;
    }

    Input withExperiment(JsonObject changed) {
      return new Input(id, changed, configMaps, assignments, trialName);
    }

    Input withId(String newId) {
      return new Input(newId, experiment, configMaps, assignments, trialName);
    }

    /** The case as one JSON object, to print a reproducer. */
    JsonObject toJson() {
      JsonObject json = toOracleCase().toJson();
      json.remove("id");
      return json;
    }
  }

  private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final Pattern META_REFERENCE = Pattern.compile("\\$\\{trialSpec\\.(.+?)}");
  /**
   * Values a suggestion service could hand over, and values that change a manifest's structure when pasted in
   * unescaped. None holds {@code ${trialParameters.}: Katib replaces placeholders in Go's random map order, so such
   * a value has no one right rendering.
   */
  private static final String[] SPECIAL_VALUES = {"a\"b", "back\\slash", "new\nline", "tab\t", "<&>", "é",
      "${HOME}", "$(VAR)", " lead", "trail ", ": colon", "# hash", "- dash", "[1, 2]", "{a: 1}", "'quoted'",
      "\"quoted\"", "true", "null", "~", "1e400", "0x1F", "", "\u2028", "1e-05", "007", "3", "yes", "no", "on",
      "off", "Y", "N", "True", "NULL", "FALSE", ".inf", "-.Inf", ".nan", "0o17", "0b101", "010", "1_000", "+1", "-.5",
      "2001-12-14", "2001-12-14T21:59:43.10-05:00", "12:30:45", "1:20", "1e3", "12e03", "!!str x", "&a x", "*a",
      "|", ">", "%x", "@x", "`x", "x: y", "x #y", "  ", "=", "<<", "?", "-", "0x_1F", "9223372036854775808",
      "1.0", "-0", "0.", "x\ty", "'", "\"", "a\\nb", "\u00e9t\u00e9", "\ud83d\ude00"};

  Input materialize() {
    Subject subject = seed.subject().copy();
    for (Step step : steps) {
      Mutator.apply(step, subject);
    }
    namedLikeTheApiServer(subject.experiment);
    Random random = new Random(trialSeed);
    return new Input(id, subject.experiment, subject.configMaps, assignments(subject.experiment, random),
        trialName(subject.experiment, random));
  }

  DifferentialCase withSteps(List<Step> fewer) {
    return new DifferentialCase(id, seed, fewer, trialSeed);
  }

  /** The API server turns a generateName into a name before any webhook sees the object. */
  private static void namedLikeTheApiServer(JsonObject experiment) {
    JsonObject metadata = objectOrNull(experiment, "metadata");
    if (metadata != null && string(metadata, "name").isEmpty() && !string(metadata, "generateName").isEmpty()) {
      metadata.addProperty("name", string(metadata, "generateName") + "x7k2q");
    }
  }

  /**
   * A suggestion's assignments: one per search parameter (for NAS, one per trial parameter that takes a value),
   * valued from its feasible space or with a troublesome value; now and then one too few, too many or repeated.
   */
  private static List<Assignment> assignments(JsonObject experiment, Random r) {
    JsonObject spec = objectOrNull(experiment, "spec");
    List<Assignment> assignments = new ArrayList<>();
    JsonElement parameters = spec == null ? null : spec.get("parameters");
    if (parameters != null && parameters.isJsonArray() && !parameters.getAsJsonArray().isEmpty()) {
      for (JsonElement parameter : parameters.getAsJsonArray()) {
        if (parameter.isJsonObject()) {
          JsonObject p = parameter.getAsJsonObject();
          assignments.add(new Assignment(string(p, "name"), value(p, r)));
        }
      }
    } else {
      JsonArray trialParameters = trialParameters(spec);
      if (trialParameters != null) {
        for (JsonElement trialParameter : trialParameters) {
          String reference = trialParameter.isJsonObject() ? string(trialParameter.getAsJsonObject(), "reference")
              : "";
          if (!reference.isEmpty() && !META_REFERENCE.matcher(reference).find()) {
            assignments.add(new Assignment(reference, r.nextInt(6) == 0 ? pick(r, SPECIAL_VALUES)
                : "nas-" + reference));
          }
        }
      }
    }
    switch (r.nextInt(16)) {
      case 0:
        if (!assignments.isEmpty()) {
          assignments.remove(r.nextInt(assignments.size()));
        }
        break;
      case 1:
        assignments.add(new Assignment(pick(r, "unknown", "lr", ""), "1"));
        break;
      case 2:
        if (!assignments.isEmpty()) {
          assignments.add(assignments.get(0));
        }
        break;
      default:
        break;
    }
    return assignments;
  }

  private static JsonArray trialParameters(JsonObject spec) {
    JsonObject template = objectOrNull(spec, "trialTemplate");
    JsonElement value = template == null ? null : template.get("trialParameters");
    return value != null && value.isJsonArray() ? value.getAsJsonArray() : null;
  }

  private static String value(JsonObject parameter, Random r) {
    if (r.nextInt(6) == 0) {
      return pick(r, SPECIAL_VALUES);
    }
    JsonObject space = objectOrNull(parameter, "feasibleSpace");
    String type = string(parameter, "parameterType");
    JsonElement list = space == null ? null : space.get("list");
    if (list != null && list.isJsonArray() && !list.getAsJsonArray().isEmpty()) {
      JsonElement item = list.getAsJsonArray().get(r.nextInt(list.getAsJsonArray().size()));
      if (item.isJsonPrimitive() && !item.getAsString().contains("${trialParameters.")) {
        return item.getAsString();
      }
    }
    double min = number(string(space, "min"), 0);
    double max = number(string(space, "max"), 1);
    double x = min + r.nextDouble() * (max - min);
    if (type.equals("int")) {
      return Long.toString(Math.round(x));
    }
    return Double.isFinite(x) ? new BigDecimal(x).round(new MathContext(6)).stripTrailingZeros().toString()
        : "0.5";
  }

  private static double number(String text, double fallback) {
    try {
      double value = Double.parseDouble(text);
      return Double.isFinite(value) ? value : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** Katib's form, {@code <experiment>-<8 characters>}, and now and then another. */
  private static String trialName(JsonObject experiment, Random r) {
    if (r.nextInt(10) == 0) {
      return pick(r, "Trial-UPPER", "t", "x".repeat(63), "trial.with.dots");
    }
    StringBuilder name = new StringBuilder(string(objectOrNull(experiment, "metadata"), "name")).append('-');
    for (int i = 0; i < 8; i++) {
      name.append(NAME_ALPHABET.charAt(r.nextInt(NAME_ALPHABET.length())));
    }
    return name.toString();
  }

  @Override
  public String toString() {
    return id + " (" + seed.name() + " " + steps + ")";
  }
}
