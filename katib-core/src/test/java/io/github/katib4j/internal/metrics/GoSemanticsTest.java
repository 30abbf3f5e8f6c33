package io.github.katib4j.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.KatibException;
import io.github.katib4j.metrics.MetricReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Compares katib4j with what Go itself answered for the same inputs (gosemantics/generate.go). */
class GoSemanticsTest {
  private static final JsonObject GO = load();

  private static JsonObject load() {
    try (InputStream in = GoSemanticsTest.class.getResourceAsStream("/gosemantics/expected.json")) {
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void parseFloat_everyCase_agreesWithGo() {
    for (JsonElement element : GO.getAsJsonArray("parseFloat")) {
      JsonObject c = element.getAsJsonObject();
      String text = c.get("text").getAsString();
      OptionalDouble parsed = GoFloat.parse(text);
      assertThat(parsed.isPresent()).as("accepts %s", text).isEqualTo(c.get("ok").getAsBoolean());
      if (parsed.isPresent()) {
        assertThat(Double.valueOf(parsed.getAsDouble())).as("value of %s", text)
            .isEqualTo(Double.valueOf(goFloat(c.get("value").getAsString())));
      }
    }
  }

  @Test
  void parseRfc3339Nano_everyCase_agreesWithGo() {
    for (JsonElement element : GO.getAsJsonArray("rfc3339Nano")) {
      JsonObject c = element.getAsJsonObject();
      String text = c.get("text").getAsString();
      Instant parsed = GoTime.parseRfc3339Nano(text);
      assertThat(parsed != null).as("accepts %s", text).isEqualTo(c.get("ok").getAsBoolean());
      if (parsed != null) {
        assertThat(parsed).as("instant of %s", text).isEqualTo(goInstant(c.get("utc").getAsString()));
      }
    }
  }

  @Test
  void textParser_everyCase_agreesWithGo() {
    for (JsonElement element : GO.getAsJsonArray("text")) {
      JsonObject c = element.getAsJsonObject();
      List<String> metrics = strings(c.getAsJsonArray("metrics"));
      List<String> filters = c.get("filters").isJsonNull() ? List.of() : strings(c.getAsJsonArray("filters"));
      TextMetricsParser parser = TextMetricsParser.create(metrics, filters);
      List<MetricReport> actual = new ArrayList<>();
      for (String line : strings(c.getAsJsonArray("lines"))) {
        actual.addAll(parser.accept(line));
      }
      List<MetricReport> expected = new ArrayList<>();
      for (JsonElement r : c.getAsJsonArray("records")) {
        JsonObject record = r.getAsJsonObject();
        expected.add(MetricReport.of(record.get("name").getAsString(), record.get("value").getAsString(),
            GoTime.parseRfc3339Nano(record.get("timestamp").getAsString())));
      }
      assertThat(actual).as("filters %s on %s", filters, c.get("lines")).isEqualTo(expected);
    }
  }

  @Test
  void compile_acceptsAndRejectsWhatGoDoes() {
    for (JsonElement element : GO.getAsJsonArray("compile")) {
      JsonObject c = element.getAsJsonObject();
      String regex = c.get("regex").getAsString();
      assertThat(GoRegex.syntaxError(regex).isEmpty()).as("Go compiles %s", regex)
          .isEqualTo(c.get("ok").getAsBoolean());
      if (c.get("ok").getAsBoolean()) {
        assertThat(GoRegex.compile(regex).source()).isEqualTo(regex);
      } else {
        assertThatThrownBy(() -> GoRegex.compile(regex)).as(regex).isInstanceOf(KatibException.class)
            .hasMessageContaining("not a valid Go regular expression");
      }
    }
  }

  @Test
  void fromJsonSeconds_everyCase_agreesWithGo() {
    for (JsonElement element : GO.getAsJsonArray("jsonSeconds")) {
      JsonObject c = element.getAsJsonObject();
      String expected = c.get("timestamp").getAsString();
      Instant actual = GoTime.fromJsonSeconds(c.get("seconds").getAsDouble());
      assertThat(actual).as("seconds %s", c.get("seconds")).isEqualTo(expected.isEmpty() ? null : goInstant(expected));
    }
  }

  private static double goFloat(String text) {
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        return Double.parseDouble(text);
    }
  }

  private static Instant goInstant(String utc) {
    return Instant.parse(utc);
  }

  private static List<String> strings(JsonArray array) {
    List<String> values = new ArrayList<>();
    array.forEach(e -> values.add(e.getAsString()));
    return values;
  }
}
