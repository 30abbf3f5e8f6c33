package io.github.katib4j.internal.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.experiment.Condition;
import io.github.katib4j.experiment.EarlyStoppingRule;
import io.github.katib4j.experiment.Observation;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.internal.codec.KatibWire;
import io.github.katib4j.internal.codec.WireReader;
import io.github.katib4j.internal.codec.WireWriter;
import io.github.katib4j.metrics.MetricReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The journal's record types, as JSON: {@code experiment} (the defaulted experiment, the seed and the kind of
 * trials), {@code trial} (a suggestion turned into a trial), {@code start}, {@code metric}, {@code end} (the trial's
 * state and observation), {@code budget}, {@code conditions} (the experiment's conditions after a change) and
 * {@code resume}. Katib objects inside records use Katib's own JSON (the one codec).
 */
final class Records {
  static final String TYPE = "record";

  private Records() {}

  static JsonObject of(String type, Instant time) {
    JsonObject record = new JsonObject();
    record.addProperty(TYPE, type);
    record.addProperty("time", WireWriter.formatTime(time));
    return record;
  }

  static String type(JsonObject record) {
    return record.has(TYPE) ? record.get(TYPE).getAsString() : "";
  }

  static Instant time(JsonObject record) {
    return Instant.parse(record.get("time").getAsString());
  }

  static String string(JsonObject record, String field) {
    JsonElement value = record.get(field);
    return value == null || value.isJsonNull() ? "" : value.getAsString();
  }

  static JsonArray assignments(List<ParameterAssignment> assignments) {
    JsonArray array = new JsonArray();
    assignments.forEach(a -> {
      JsonObject item = new JsonObject();
      item.addProperty("name", a.name());
      item.addProperty("value", a.value());
      array.add(item);
    });
    return array;
  }

  static List<ParameterAssignment> assignments(JsonArray array) {
    List<ParameterAssignment> list = new ArrayList<>();
    array.forEach(e -> list.add(ParameterAssignment.of(e.getAsJsonObject().get("name").getAsString(),
        e.getAsJsonObject().get("value").getAsString())));
    return list;
  }

  static JsonObject labels(Map<String, String> labels) {
    JsonObject object = new JsonObject();
    labels.forEach(object::addProperty);
    return object;
  }

  static Map<String, String> labels(JsonObject object) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (object != null) {
      object.entrySet().forEach(e -> labels.put(e.getKey(), e.getValue().getAsString()));
    }
    return labels;
  }

  static JsonArray rules(List<EarlyStoppingRule> rules) {
    JsonArray array = new JsonArray();
    rules.forEach(r -> {
      JsonObject item = new JsonObject();
      item.addProperty("name", r.name());
      item.addProperty("value", r.value());
      r.comparison().ifPresent(c -> item.addProperty("comparison", c.wireName()));
      item.addProperty("startStep", r.startStep());
      array.add(item);
    });
    return array;
  }

  static List<EarlyStoppingRule> rules(JsonArray array) {
    List<EarlyStoppingRule> rules = new ArrayList<>();
    if (array != null) {
      array.forEach(e -> rules.add(read(e.getAsJsonObject(), r -> EarlyStoppingRule.builder()
          .name(r.string("name"))
          .value(r.string("value"))
          .comparison(r.enumValue("comparison", io.github.katib4j.experiment.ComparisonType.class))
          .startStep((int) r.int64("startStep").orElse(0))
          .build())));
    }
    return rules;
  }

  static JsonObject metric(String trial, MetricReport report) {
    JsonObject record = of("metric", report.hasTimestamp() ? report.timestamp() : Instant.EPOCH);
    record.addProperty("trial", trial);
    record.addProperty("metric", report.name());
    record.addProperty("value", report.value());
    report.step().ifPresent(s -> record.addProperty("step", s));
    return record;
  }

  static JsonElement observation(Observation observation) {
    return observation == null ? null : KatibWire.writeObservation(observation);
  }

  static Observation observation(JsonElement element) {
    return element == null || element.isJsonNull() ? null
        : read(element.getAsJsonObject(), KatibWire::readObservation);
  }

  static JsonArray conditions(List<Condition> conditions) {
    JsonArray array = new JsonArray();
    conditions.forEach(c -> array.add(KatibWire.writeCondition(c)));
    return array;
  }

  static List<Condition> conditions(JsonArray array) {
    List<Condition> conditions = new ArrayList<>();
    array.forEach(e -> conditions.add(read(e.getAsJsonObject(), KatibWire::readCondition)));
    return conditions;
  }

  static Optional<Instant> optionalTime(JsonObject record, String field) {
    String text = string(record, field);
    return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
  }

  private static <T> T read(JsonObject object, Function<WireReader, T> reader) {
    WireReader.Context context = new WireReader.Context(false);
    return WireReader.of(object, "", context).map(r -> r.finish(reader.apply(r))).orElseThrow();
  }
}
