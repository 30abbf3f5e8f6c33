package io.github.katib4j.internal.metrics;

import io.github.katib4j.experiment.FileFormat;
import io.github.katib4j.metrics.MetricReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

  /**
   * Why Katib's collector would exit with an error ({@code klog.Fatalf} in its {@code watchMetricsFile}) on reading
   * {@code line} while its trial has early-stopping rules for {@code ruleMetrics} that have not held yet: on a line
   * that names one of them, a value Go's {@code strconv.ParseFloat} rejects. Empty when the line is fine (a line that
   * is not JSON in a JSON file is {@link #accept}'s to report).
   */
  Optional<String> stopRuleProblem(String line, Set<String> ruleMetrics);

  /** Counts a line that was not given to {@link #accept} (too long to keep), as a line of the file. */
  default void skip() {}

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
