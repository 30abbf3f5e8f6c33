package io.github.katib4j.internal.metrics;

import io.github.katib4j.metrics.MetricReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Katib's TEXT parsing ({@code parseLogsInTextFormat} of the File and StdOut collectors), one line at a time: a line
 * is read only if it contains a metric name; an RFC 3339 prefix before the first space is its timestamp; every filter
 * is applied with find-all; group 1 (trimmed) must equal a metric name, and group 2 (trimmed) is the value text.
 */
public final class TextMetricsParser implements MetricsLineParser {
  /** Katib's {@code DefaultFilter}, used when no {@code metricsFormat} is given. */
  public static final String DEFAULT_FILTER = "([\\w|-]+)\\s*=\\s*([+-]?\\d*(\\.\\d+)?([Ee][+-]?\\d+)?)";

  private final List<String> metricNames;
  private final List<GoRegex> filters;

  private TextMetricsParser(List<String> metricNames, List<GoRegex> filters) {
    this.metricNames = List.copyOf(metricNames);
    this.filters = filters;
  }

  /**
   * A parser for these metric names (the objective first) and filters (Katib's default when empty).
   *
   * @throws io.github.katib4j.KatibException when a filter is not a valid Go regular expression
   */
  public static TextMetricsParser create(List<String> metricNames, List<String> filters) {
    List<GoRegex> compiled = new ArrayList<>();
    for (String filter : filters.isEmpty() ? List.of(DEFAULT_FILTER) : filters) {
      compiled.add(GoRegex.compile(filter));
    }
    return new TextMetricsParser(metricNames, compiled);
  }

  /** Warnings about filters that can never report a value (fewer than two groups), naming each. */
  @Override
  public List<String> notes() {
    List<String> notes = new ArrayList<>();
    for (GoRegex filter : filters) {
      if (filter.groupCount() < 2) {
        notes.add("metrics filter `" + filter + "` has " + filter.groupCount() + " capture group(s), so it never"
            + " reports a value: it needs group 1 for the name and group 2 for the value (Katib also splits filters at ';')");
      }
    }
    return notes;
  }

  /** Whether the line contains a metric's name; a loop, as this runs for every line of every trial's output. */
  private boolean mentionsAMetric(String line) {
    for (String name : metricNames) {
      if (line.contains(name)) {
        return true;
      }
    }
    return false;
  }

  /** The reports in one line of output, given without its {@code \n}; a {@code \r} before it is kept, as Katib does. */
  @Override
  public List<MetricReport> accept(String line) {
    if (!mentionsAMetric(line)) {
      return List.of();
    }
    Instant timestamp = GoTime.ZERO;
    int space = line.indexOf(' ');
    if (space >= 0) {
      Instant parsed = GoTime.parseRfc3339Nano(line.substring(0, space));
      if (parsed != null) {
        timestamp = parsed;
      }
    }
    List<MetricReport> reports = new ArrayList<>();
    for (GoRegex filter : filters) {
      for (String[] match : filter.findAllSubmatch(line)) {
        if (match.length < 3) {
          continue;
        }
        String name = trimSpace(match[1]);
        if (metricNames.contains(name)) {
          reports.add(MetricReport.of(name, trimSpace(match[2]), timestamp));
        }
      }
    }
    return reports;
  }

  /**
   * Katib's collector, while early-stopping rules remain, reads a line that contains a rule's metric name anywhere and
   * parses the value of every match of every filter on it, whatever the match's name: the first that is not a number
   * ends the collector, so {@code loss=0.3 note=n/a} fails where the final collection would just skip {@code note}.
   */
  @Override
  public Optional<String> stopRuleProblem(String line, Set<String> ruleMetrics) {
    if (!containsAny(line, ruleMetrics)) {
      return Optional.empty();
    }
    for (GoRegex filter : filters) {
      for (String[] match : filter.findAllSubmatch(line)) {
        if (match.length < 3) {
          continue;
        }
        String value = trimSpace(match[2]);
        if (GoFloat.parse(value).isEmpty()) {
          return Optional.of("the filter `" + filter + "` reads metric " + trimSpace(match[1]) + " = \"" + value
              + "\" from it, which is not a number");
        }
      }
    }
    return Optional.empty();
  }

  private static boolean containsAny(String line, Set<String> names) {
    for (String name : names) {
      if (line.contains(name)) {
        return true;
      }
    }
    return false;
  }

  /** Go's {@code strings.TrimSpace}: Unicode white space, which (unlike {@link String#strip}) includes U+00A0. */
  static String trimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isGoSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isGoSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isGoSpace(char c) {
    switch (c) {
      case '\t':
      case '\n':
      case 0x0B:
      case '\f':
      case '\r':
      case ' ':
      case 0x85:
      case 0xA0:
      case 0x1680:
      case 0x2028:
      case 0x2029:
      case 0x202F:
      case 0x205F:
      case 0x3000:
        return true;
      default:
        return c >= 0x2000 && c <= 0x200A;
    }
  }
}
