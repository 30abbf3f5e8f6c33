package io.github.katib4j.internal.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import io.github.katib4j.KatibException;
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
import java.time.format.DateTimeParseException;
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

  /**
   * The fields of a record read back from the journal, checked as they are read: a journal edited by hand may lack
   * any of them, or hold another JSON type. A field that is not what the record's writer writes throws {@link Invalid},
   * saying what was expected and what was seen.
   */
  static final class Fields {
    final JsonObject record;
    final String type;

    Fields(JsonObject record) {
      this.record = record;
      JsonElement type = record.get(TYPE);
      if (type == null || !type.isJsonPrimitive() || !type.getAsJsonPrimitive().isString()) {
        throw new Invalid("field \"" + TYPE + "\", which says what a record is: expected a string, saw "
            + seen(type));
      }
      this.type = type.getAsString();
    }

    /** A field that must be there and be a string. */
    String string(String field) {
      JsonElement value = record.get(field);
      if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
        throw wrong(field, "a string");
      }
      return value.getAsString();
    }

    /** A string field that may be absent or null, which reads as "". */
    String optionalString(String field) {
      JsonElement value = record.get(field);
      return value == null || value.isJsonNull() ? "" : string(field);
    }

    /** A field that must be there and be an integer. */
    long integer(String field) {
      JsonElement value = record.get(field);
      if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
        throw wrong(field, "an integer");
      }
      try {
        return value.getAsBigDecimal().longValueExact();
      } catch (ArithmeticException e) {
        throw wrong(field, "an integer");
      }
    }

    /** An integer field that must be there and fit an int, at least {@code least}. */
    int integer(String field, int least) {
      long value = integer(field);
      if (value < least || value > Integer.MAX_VALUE) {
        throw wrong(field, "an integer from " + least + " to " + Integer.MAX_VALUE);
      }
      return (int) value;
    }

    boolean has(String field) {
      return record.has(field) && !record.get(field).isJsonNull();
    }

    /** A field that must be there and be a JSON object. */
    JsonObject object(String field) {
      JsonElement value = record.get(field);
      if (value == null || !value.isJsonObject()) {
        throw wrong(field, "a JSON object");
      }
      return value.getAsJsonObject();
    }

    /** A field that must be there and be a JSON array. */
    JsonArray array(String field) {
      JsonElement value = record.get(field);
      if (value == null || !value.isJsonArray()) {
        throw wrong(field, "a JSON array");
      }
      return value.getAsJsonArray();
    }

    /** The record's time. */
    Instant time() {
      return time("time");
    }

    /** A field that must be there and be a time as the journal writes it, such as 2026-01-02T03:04:05.123Z. */
    Instant time(String field) {
      String text = string(field);
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw wrong(field, "a time such as 2026-01-02T03:04:05.123Z");
      }
    }

    /** A time field that may be absent. */
    Optional<Instant> optionalTime(String field) {
      return optionalString(field).isEmpty() ? Optional.empty() : Optional.of(time(field));
    }

    /**
     * Reads {@code field} with {@code reader}, which is given the field's value and throws what Katib's JSON
     * reader throws on what it cannot read; that becomes an {@link Invalid} naming the field.
     */
    <T> T read(String field, String expected, Function<JsonElement, T> reader) {
      JsonElement value = record.get(field);
      try {
        return reader.apply(value);
      } catch (RuntimeException e) {
        if (value == null) {
          throw wrong(field, expected);
        }
        String why = e instanceof KatibException ? e.getMessage() : e.toString();
        throw new Invalid(wrong(field, expected).getMessage() + " (" + why + ")");
      }
    }

    /** The error for {@code field}, which is not {@code expected}. */
    Invalid wrong(String field, String expected) {
      return new Invalid("field \"" + field + "\" of the \"" + type + "\" record: expected " + expected + ", saw "
          + seen(record.get(field)));
    }

    private static String seen(JsonElement value) {
      if (value == null) {
        return "no such field";
      }
      String text = JsonTrees.compact(value);
      return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
  }

  /** A record that is not what its writer writes; the reader of the journal says where it is. */
  static class Invalid extends KatibException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  /** A field's text; "" when it is absent, null, or an object or array. */
  static String string(JsonObject record, String field) {
    JsonElement value = record.get(field);
    return value == null || !value.isJsonPrimitive() ? "" : value.getAsString();
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

  private static <T> T read(JsonObject object, Function<WireReader, T> reader) {
    WireReader.Context context = new WireReader.Context(false);
    return WireReader.of(object, "", context).map(r -> r.finish(reader.apply(r))).orElseThrow();
  }
}
