package io.github.katib4j.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibException;
import io.github.katib4j.metrics.MetricReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextMetricsParserTest {
  private static final Instant NONE = MetricReport.NO_TIMESTAMP;

  @Test
  void accept_defaultFilter_readsKatibsDocumentedForms() {
    TextMetricsParser parser = TextMetricsParser.create(List.of("loss", "accuracy", "Score"), List.of());

    assertThat(parser.accept("loss=0.3")).containsExactly(MetricReport.of("loss", "0.3", NONE));
    assertThat(parser.accept("accuracy = .98")).containsExactly(MetricReport.of("accuracy", ".98", NONE));
    assertThat(parser.accept("Score=-7.53e-05")).containsExactly(MetricReport.of("Score", "-7.53e-05", NONE));
    assertThat(parser.accept("Score=1.23E10")).containsExactly(MetricReport.of("Score", "1.23E10", NONE));
  }

  @Test
  void accept_severalMetricsOnALine_findsAllInOrder() {
    TextMetricsParser parser = TextMetricsParser.create(List.of("loss", "accuracy"), List.of());

    assertThat(parser.accept("epoch 3: loss=0.31, accuracy=0.9, val-loss=0.4, loss=0.30"))
        .extracting(MetricReport::name, MetricReport::value)
        .containsExactly(tuple("loss", "0.31"), tuple("accuracy", "0.9"), tuple("loss", "0.30"));
  }

  @Test
  void accept_nameMustEqualAMetric_notJustContainIt() {
    TextMetricsParser parser = TextMetricsParser.create(List.of("loss"), List.of());

    // The line passes Katib's "contains" test, but val-loss and my_loss are other names.
    assertThat(parser.accept("val-loss=0.4 my_loss=0.7")).isEmpty();
    assertThat(parser.accept("Loss=0.3")).isEmpty();
  }

  @Test
  void accept_lineWithoutAnyMetricName_isSkippedBeforeMatching() {
    TextMetricsParser parser = TextMetricsParser.create(List.of("acc"), List.of("(\\w+)=(\\d+)"));

    // Neither line contains "acc" so neither is matched, although the filter would match both.
    assertThat(parser.accept("step=3")).isEmpty();
    assertThat(parser.accept("acc=1 step=3")).containsExactly(MetricReport.of("acc", "1", NONE));
  }

  @Test
  void accept_valueMissingOrNotANumber_isKeptAsTheEmptyTextKatibKeeps() {
    TextMetricsParser parser = TextMetricsParser.create(List.of("loss"), List.of());

    assertThat(parser.accept("loss = nan")).containsExactly(MetricReport.of("loss", "", NONE));
  }

  @Test
  void accept_rfc3339Prefix_isTheTimestamp() {
    TextMetricsParser parser = TextMetricsParser.create(List.of("loss"), List.of());

    assertThat(parser.accept("2021-12-02T14:27:50Z loss=0.2"))
        .containsExactly(MetricReport.of("loss", "0.2", Instant.parse("2021-12-02T14:27:50Z")));
    assertThat(parser.accept("2021-12-02T14:27:50.5+01:00 epoch 1 loss=0.2"))
        .containsExactly(MetricReport.of("loss", "0.2", Instant.parse("2021-12-02T13:27:50.5Z")));
    assertThat(parser.accept("[2021-12-02T14:27:50Z] loss=0.2")).containsExactly(MetricReport.of("loss", "0.2",
        NONE));
    assertThat(parser.accept("2021-12-02T14:27:50Z\tloss=0.2")).containsExactly(MetricReport.of("loss", "0.2",
        NONE));
  }

  @Test
  void accept_fileCollectorExampleFilter_readsNameAndValue() {
    TextMetricsParser parser = TextMetricsParser.create(List.of("accuracy", "loss"),
        List.of("{metricName: ([\\w|-]+), metricValue: ((-?\\d+)(\\.\\d+)?)}"));

    assertThat(parser.accept("{metricName: accuracy, metricValue: 0.8491}"))
        .containsExactly(MetricReport.of("accuracy", "0.8491", NONE));
    assertThat(parser.accept("{metricName: loss, metricValue: -0.4}"))
        .containsExactly(MetricReport.of("loss", "-0.4", NONE));
  }

  @Test
  void accept_lightGbmFilter_readsAMetricNameWithASpace() {
    TextMetricsParser parser = TextMetricsParser.create(List.of("valid_1 auc"),
        List.of("(\\w+\\s\\w+)\\s:\\s((-?\\d+)(\\.\\d+)?)"));

    assertThat(parser.accept("[10]\tvalid_0's auc: 0.5\tvalid_1 auc : 0.853"))
        .containsExactly(MetricReport.of("valid_1 auc", "0.853", NONE));
  }

  @Test
  void accept_dartsFilter_keepsANonNumericValue() {
    TextMetricsParser parser = TextMetricsParser.create(List.of("Best-Genotype"), List.of("([\\w-]+)=(Genotype.*)"));
    String genotype = "Genotype(normal=[[('max_pooling_3x3', 0)]], normal_concat=range(2, 6))";

    assertThat(parser.accept("Best-Genotype=" + genotype + "\r"))
        .containsExactly(MetricReport.of("Best-Genotype", genotype, NONE));
  }

  @Test
  void accept_filterWithOneGroup_neverReports() {
    TextMetricsParser parser = TextMetricsParser.create(List.of("loss"), List.of("(loss)=\\d+"));

    assertThat(parser.accept("loss=3")).isEmpty();
  }

  @Test
  void parse_wholeText_equalsStreamingLineByLine() {
    String text = "epoch 1\nloss=0.5\r\n2021-12-02T14:27:50Z loss=0.4\n\nloss=0.3";
    TextMetricsParser parser = TextMetricsParser.create(List.of("loss"), List.of());
    List<MetricReport> streamed = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      streamed.addAll(parser.accept(line));
    }

    assertThat(parser.parse(text)).isEqualTo(streamed).extracting(MetricReport::value)
        .containsExactly("0.5", "0.4", "0.3");
  }

  @Test
  void create_invalidFilter_saysItMustBeGoSyntax() {
    assertThatThrownBy(() -> TextMetricsParser.create(List.of("loss"), List.of("(loss)=(?<=x)(\\d+)")))
        .isInstanceOf(KatibException.class)
        .hasMessageContaining("`(loss)=(?<=x)(\\d+)`")
        .hasMessageContaining("not a valid Go regular expression");
  }

  @Test
  void trimSpace_removesGoUnicodeSpaceIncludingNoBreakSpace() {
    assertThat(TextMetricsParser.trimSpace("\u00a0\t 0.5\u2003\u000b")).isEqualTo("0.5");
    assertThat(TextMetricsParser.trimSpace("\u001c0.5")).isEqualTo("\u001c0.5");
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }
}
