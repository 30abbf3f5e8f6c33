package io.github.katib4j.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibException;
import io.github.katib4j.metrics.MetricReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonMetricsParserTest {
  private final JsonMetricsParser parser = new JsonMetricsParser(List.of("loss", "accuracy"));

  @Test
  void parse_stringValues_areReported() {
    List<MetricReport> reports = parser.parse("{\"loss\": \"0.22\", \"accuracy\": \"0.9\"}\n");

    assertThat(reports).containsExactly(MetricReport.of("loss", "0.22", MetricReport.NO_TIMESTAMP),
        MetricReport.of("accuracy", "0.9", MetricReport.NO_TIMESTAMP));
  }

  @Test
  void parse_numberValues_areIgnoredLikeKatibButNoted() {
    List<MetricReport> reports = parser.parse("{\"loss\": 0.22, \"accuracy\": \"0.9\"}\n{\"loss\": 0.2}");

    assertThat(reports).containsExactly(MetricReport.of("accuracy", "0.9", MetricReport.NO_TIMESTAMP));
    assertThat(parser.notes()).singleElement().asString().contains("'loss' on line 1").contains("0.22")
        .contains("not a string").contains("\"0.22\"");
  }

  @Test
  void parse_timestamps_rfc3339TextOrUnixSecondsOrNothing() {
    List<MetricReport> reports = parser.parse(String.join("\n",
        "{\"loss\": \"1\", \"timestamp\": \"2021-12-02T14:27:50Z\"}",
        "{\"loss\": \"2\", \"timestamp\": 1638455270}",
        "{\"loss\": \"3\", \"timestamp\": 1638455270.5}",
        "{\"loss\": \"4\", \"timestamp\": \"yesterday\"}",
        "{\"loss\": \"5\", \"timestamp\": null}"));

    assertThat(reports).extracting(MetricReport::timestamp).containsExactly(Instant.parse("2021-12-02T14:27:50Z"),
        Instant.parse("2021-12-02T14:27:50Z"), Instant.parse("2021-12-02T14:27:50.000000005Z"),
        MetricReport.NO_TIMESTAMP, MetricReport.NO_TIMESTAMP);
  }

  @Test
  void parse_emptyLinesAndNull_areSkipped() {
    assertThat(parser.parse("\n\nnull\n{}\n{\"loss\":\"0.1\"}\n")).hasSize(1);
  }

  @Test
  void parse_lineThatIsNotJson_failsTheWholeFileNamingTheLine() {
    assertThatThrownBy(() -> parser.parse("{\"loss\": \"0.5\"}\nepoch 2 done\n{\"loss\": \"0.4\"}"))
        .isInstanceOf(KatibException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("epoch 2 done")
        .hasMessageContaining("fails the whole file");
  }

  @Test
  void parse_malformedLine_messageIsOneLineWithoutGsonsAdvice() {
    for (String text : List.of("{\"loss\": \"0.5\"}\nepoch 1 done", "{'loss': '0.5'}", "{\"loss\": \"0.5\",}")) {
      assertThatThrownBy(() -> new JsonMetricsParser(List.of("loss")).parse(text)).as(text)
          .isInstanceOf(KatibException.class)
          .hasMessageNotContaining("\n")
          .hasMessageNotContaining("setStrictness")
          .hasMessageNotContaining("github.com/google/gson")
          .hasMessageNotContaining("path $")
          .hasMessageContaining("line ")
          .hasMessageContaining("write one JSON object per line, or use format TEXT");
    }
  }

  @Test
  void parse_lenientJsonAndNonObjects_failAsInGo() {
    for (String line : List.of("{'loss': '0.5'}", "{\"loss\": \"0.5\",}", "[1, 2]", "\"loss\"", " ", "\r",
        "{\"loss\": \"0.5\"} {}", "{\"loss\": 1e400}", "{\"a\": NaN}")) {
      assertThatThrownBy(() -> new JsonMetricsParser(List.of("loss")).parse(line)).as(line)
          .isInstanceOf(KatibException.class);
    }
  }

  @Test
  void parse_duplicateKey_lastValueWinsAsInGo() {
    assertThat(parser.parse("{\"loss\": \"1\", \"loss\": \"2\"}")).extracting(MetricReport::value)
        .containsExactly("2");
  }
}
