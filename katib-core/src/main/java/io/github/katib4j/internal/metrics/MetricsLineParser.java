package io.github.katib4j.internal.metrics;

import io.github.katib4j.experiment.FileFormat;
import io.github.katib4j.metrics.MetricReport;
import java.util.ArrayList;
import java.util.List;

/** Katib's parsing of a metrics log in one of its file formats, a line at a time or a whole text at once. */
public interface MetricsLineParser {
  /**
   * The parser Katib's File and StdOut collectors use for {@code format}.
   *
   * @throws io.github.katib4j.KatibException when a TEXT filter is not a valid Go regular expression
   */
  static MetricsLineParser of(FileFormat format, List<String> metricNames, List<String> filters) {
    return format == FileFormat.JSON ? new JsonMetricsParser(metricNames)
        : TextMetricsParser.create(metricNames, filters);
  }

  /** The reports in one line, given without its {@code \n}. */
  List<MetricReport> accept(String line);

  /** What the user should know about how the lines were read, such as values Katib ignores. */
  List<String> notes();

  /** The reports in a whole text, split into lines at {@code \n} only, as Go's {@code strings.Split} does. */
  default List<MetricReport> parse(String text) {
    List<MetricReport> reports = new ArrayList<>();
    int start = 0;
    while (true) {
      int end = text.indexOf('\n', start);
      reports.addAll(accept(end < 0 ? text.substring(start) : text.substring(start, end)));
      if (end < 0) {
        return reports;
      }
      start = end + 1;
    }
  }
}
