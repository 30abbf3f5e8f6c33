package io.github.katib4j.internal.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import io.github.katib4j.experiment.Condition;
import io.github.katib4j.experiment.EarlyStoppingRule;
import io.github.katib4j.experiment.Observation;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.internal.codec.JsonTrees;
import io.github.katib4j.internal.codec.KatibWire;
import io.github.katib4j.internal.codec.WireReader;
import io.github.katib4j.metrics.MetricReport;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
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

  /** A record of {@code type} at {@code time}; add its fields, then append {@link Line#text()} to the journal. */
  static Line of(String type, Instant time) {
    return new Line(type, time);
  }

  /**
   * A record being written: compact JSON built field by field with Gson's streaming writer, which costs a fraction of
   * building a tree and serializing it; records are written several times per trial.
   */
  static final class Line {
    private final StringWriter text = new StringWriter(192);
    private final JsonWriter json = new JsonWriter(text);

    private Line(String type, Instant time) {
      json.setHtmlSafe(false);
      json.setSerializeNulls(true);
      try {
        json.beginObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      string(TYPE, type);
      string("time", Times.format(time));
    }

    Line string(String name, String value) {
      try {
        json.name(name).value(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Line number(String name, long value) {
      try {
        json.name(name).value(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Line tree(String name, JsonElement value) {
      try {
        json.name(name);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      JsonTrees.write(value == null ? JsonNull.INSTANCE : value, json);
      return this;
    }

    /** The compact JSON text of the record. */
    String text() {
      try {
        json.endObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return text.toString();
    }
  }

  /**
   * Formats record times as {@link Instant#toString()} does, to the nanosecond: trials' start and completion times are
   * read back from these, and durations computed from whole seconds differed from those the running engine showed
   * (Katib's wire form, {@code metav1.Time}, has whole seconds, which the codec still writes). The text up to the
   * second is reused while the second stays the same, since records come thousands per second.
   */
  static final class Times {
    private static volatile Times last = new Times(Long.MIN_VALUE, "");

    private final long second;
    /** The text up to the seconds, without the zone: {@code 2026-01-02T03:04:05}. */
    private final String prefix;

    private Times(long second, String prefix) {
      this.second = second;
      this.prefix = prefix;
    }

    static String format(Instant time) {
      Times cached = last;
      if (cached.second != time.getEpochSecond()) {
        String whole = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(time.getEpochSecond()));
        cached = new Times(time.getEpochSecond(), whole.substring(0, whole.length() - 1));
        last = cached;
      }
      int nanos = time.getNano();
      if (nanos == 0) {
        return cached.prefix + "Z";
      }
      // ISO_INSTANT's fraction: 3, 6 or 9 digits, as many as the value needs.
      String digits = Integer.toString(1_000_000_000 + nanos).substring(1);
      int length = nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
      return cached.prefix + "." + digits.substring(0, length) + "Z";
    }
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
          .startStep(r.int64("startStep").orElse(0))
          .build())));
    }
    return rules;
  }

  static String metric(String trial, MetricReport report) {
    Line record = of("metric", report.hasTimestamp() ? report.timestamp() : Instant.EPOCH)
        .string("trial", trial)
        .string("metric", report.name())
        .string("value", report.value());
    report.step().ifPresent(s -> record.number("step", s));
    return record.text();
  }

  static JsonElement observation(Observation observation) {
    return observation == null ? null : KatibWire.writeObservation(observation);
  }

  static Observation observation(JsonElement element) {
    return element == null || element.isJsonNull() ? null
        : read(element.getAsJsonObject(), KatibWire::readObservation);
  }

  /** Conditions in Katib's JSON, but with their times to the nanosecond, as the engine keeps them. */
  static JsonArray conditions(List<Condition> conditions) {
    JsonArray array = new JsonArray();
    conditions.forEach(c -> {
      JsonObject condition = KatibWire.writeCondition(c);
      c.lastUpdateTime().ifPresent(t -> condition.addProperty("lastUpdateTime", Times.format(t)));
      c.lastTransitionTime().ifPresent(t -> condition.addProperty("lastTransitionTime", Times.format(t)));
      array.add(condition);
    });
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
