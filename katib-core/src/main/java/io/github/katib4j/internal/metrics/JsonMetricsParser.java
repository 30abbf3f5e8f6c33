package io.github.katib4j.internal.metrics;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonToken;
import io.github.katib4j.KatibException;
import io.github.katib4j.internal.ControlCharacters;
import io.github.katib4j.internal.codec.StrictJsonReader;
import io.github.katib4j.metrics.MetricReport;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Katib's JSON-lines parsing ({@code parseLogsInJsonFormat} of the File collector): one JSON object per line, empty
 * lines skipped, any other line that is not a JSON object (or {@code null}) fails the whole file; a metric is read
 * only when its value is a JSON <em>string</em>, and the {@code timestamp} key may be RFC 3339 text or Unix seconds.
 */
public final class JsonMetricsParser implements MetricsLineParser {
  private static final String TIMESTAMP_KEY = "timestamp";

  private final List<String> metricNames;
  private final Map<String, String> ignoredValues = new LinkedHashMap<>();
  private int lineNumber;

  public JsonMetricsParser(List<String> metricNames) {
    this.metricNames = List.copyOf(metricNames);
  }

  /**
   * The reports in one line, given without its {@code \n}.
   *
   * @throws KatibException when the line is not empty and not a JSON object, which makes Katib's collector fail
   */
  @Override
  public List<MetricReport> accept(String line) {
    lineNumber++;
    if (line.isEmpty()) {
      return List.of();
    }
    JsonElement element = parseStrict(line);
    if (element.isJsonNull()) {
      return List.of();
    }
    JsonObject object = element.getAsJsonObject();
    Instant timestamp = timestamp(object.get(TIMESTAMP_KEY));
    List<MetricReport> reports = new ArrayList<>();
    for (String name : metricNames) {
      JsonElement value = object.get(name);
      if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
        reports.add(MetricReport.of(name, value.getAsString(), timestamp));
      } else if (value != null && value.isJsonPrimitive()) {
        ignoredValues.putIfAbsent(name, "metric '" + name + "' on line " + lineNumber + " is the JSON value " + value
            + ", not a string: Katib's File collector reads only string values and ignores it; write it as \""
            + value + "\" (cloudml-hypertune does)");
      }
    }
    return reports;
  }

  @Override
  public void skip() {
    lineNumber++;
  }

  /**
   * One note per metric whose value was a JSON number or boolean (Katib ignores those silently), naming the first line
   * where it happened.
   */
  @Override
  public List<String> notes() {
    return List.copyOf(ignoredValues.values());
  }

  /**
   * Katib's collector, while early-stopping rules remain, reads each rule's metric from a line that has it, in the
   * order of the rules, and only when its value is a JSON string (a number is skipped, as the final collection skips
   * it): the first string that is not a number ends the collector.
   */
  @Override
  public Optional<String> stopRuleProblem(String line, Set<String> ruleMetrics) {
    JsonElement element;
    try {
      element = line.isEmpty() ? null : parseStrict(line);
    } catch (KatibException e) {
      return Optional.empty();
    }
    if (element == null || !element.isJsonObject()) {
      return Optional.empty();
    }
    for (String name : ruleMetrics) {
      JsonElement value = element.getAsJsonObject().get(name);
      if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
          && GoFloat.parse(TextMetricsParser.trimSpace(value.getAsString())).isEmpty()) {
        return Optional.of("metric " + name + " has the value " + value + ", which is not a number");
      }
    }
    return Optional.empty();
  }

  private JsonElement parseStrict(String line) {
    try {
      if (line.strip().isEmpty()) {
        throw new JsonParseException("only white space");
      }
      StrictJsonReader reader = new StrictJsonReader(line);
      JsonElement element = reader.readTree(); // not JsonParser.parseReader: on Gson < 2.11 it makes the reader lenient
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonParseException("more text after the JSON value");
      }
      if (!element.isJsonObject() && !element.isJsonNull()) {
        throw new JsonParseException("a JSON " + kind(element) + ", not an object");
      }
      checkNumbersFit(element);
      return element;
    } catch (IOException | JsonParseException | IllegalStateException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      String shown = ControlCharacters.escape(line.length() > 200 ? line.substring(0, 200) + "..." : line);
      throw new KatibException("line " + lineNumber + " of the JSON metrics file is not a JSON object ("
          + withoutGsonAdvice(cause.getMessage()) + "): " + shown + "; Katib's File collector with format JSON fails"
          + " the whole file on such a line: write one JSON object per line, or use format TEXT");
    }
  }

  /**
   * Gson's message without its advice to Gson's users ("Use JsonReader.setStrictness(Strictness.LENIENT) to accept
   * ...", "See https://github.com/google/gson/..." on a second line) and its JSON path: a katib4j user can act on
   * neither, a trial's condition message is one line, and Go's decoder accepts no lenient JSON either.
   */
  static String withoutGsonAdvice(String message) {
    String text = message == null ? "" : message;
    int newline = text.indexOf('\n');
    if (newline >= 0) {
      text = text.substring(0, newline);
    }
    text = text.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
    int path = text.lastIndexOf(" path $");
    if (path >= 0) {
      text = text.substring(0, path);
    }
    return text.strip();
  }

  /** Go decodes every number into a float64 and fails the line on one that overflows, wherever it is. */
  private static void checkNumbersFit(JsonElement element) {
    if (element.isJsonObject()) {
      element.getAsJsonObject().entrySet().forEach(e -> checkNumbersFit(e.getValue()));
    } else if (element.isJsonArray()) {
      element.getAsJsonArray().forEach(JsonMetricsParser::checkNumbersFit);
    } else if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isNumber()
        && Double.isInfinite(Double.parseDouble(element.getAsString()))) {
      throw new JsonParseException("the number " + element.getAsString() + " does not fit a float64");
    }
  }

  private static String kind(JsonElement element) {
    if (element.isJsonArray()) {
      return "array";
    }
    JsonPrimitive primitive = element.getAsJsonPrimitive();
    return primitive.isString() ? "string" : primitive.isNumber() ? "number" : "boolean";
  }

  private static Instant timestamp(JsonElement value) {
    if (value == null || !value.isJsonPrimitive()) {
      return GoTime.ZERO;
    }
    JsonPrimitive primitive = value.getAsJsonPrimitive();
    Instant parsed = null;
    if (primitive.isString()) {
      parsed = GoTime.parseRfc3339Nano(primitive.getAsString());
    } else if (primitive.isNumber()) {
      parsed = GoTime.fromJsonSeconds(primitive.getAsDouble());
    }
    return parsed == null ? GoTime.ZERO : parsed;
  }
}
