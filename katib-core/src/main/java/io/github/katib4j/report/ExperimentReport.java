package io.github.katib4j.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.MetricStrategy;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.ObjectiveType;
import io.github.katib4j.experiment.Observation;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.internal.ControlCharacters;
import io.github.katib4j.internal.OptimalTrialScan;
import io.github.katib4j.internal.TextFiles;
import io.github.katib4j.internal.report.HtmlReport;
import io.github.katib4j.metrics.Observations;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The results of an experiment, from either engine: a trials table, CSV and JSON exports, and a self-contained HTML
 * report with the optimization history and a parallel-coordinates view.
 *
 * <pre>{@code
 * ExperimentReport report = ExperimentReport.of(katib.get(ref), katib.trials(ref));
 * System.out.print(report.table());
 * report.writeHtml(Path.of("report.html"));
 * }</pre>
 */
public final class ExperimentReport {
  private final Experiment experiment;
  private final List<TrialRow> rows;
  private final List<String> parameterNames;
  private final List<String> metricNames;

  private ExperimentReport(Experiment experiment, List<TrialRow> rows, List<String> parameterNames,
      List<String> metricNames) {
    this.experiment = experiment;
    this.rows = List.copyOf(rows);
    this.parameterNames = List.copyOf(parameterNames);
    this.metricNames = List.copyOf(metricNames);
  }

  /** The report of {@code experiment} (with its status) and its {@code trials}, in creation order. */
  public static ExperimentReport of(Experiment experiment, List<Trial> trials) {
    Objective objective = experiment.spec().objective().orElse(Objective.builder().build());
    List<MetricStrategy> strategies = Observations.metricStrategies(objective);
    Set<String> parameterNames = new LinkedHashSet<>();
    experiment.spec().parameters().forEach(p -> parameterNames.add(p.name()));
    List<Trial> ordered = new ArrayList<>(trials);
    ordered.sort(Comparator.comparing((Trial t) -> t.metadata().creationTimestamp()
        .or(() -> t.status().flatMap(s -> s.startTime())).orElse(Instant.MAX)));
    List<TrialRow> rows = new ArrayList<>();
    for (Trial trial : ordered) {
      Map<String, String> parameters = new LinkedHashMap<>();
      for (ParameterAssignment a : trial.spec().parameterAssignments()) {
        parameterNames.add(a.name());
        parameters.put(a.name(), a.value());
      }
      Map<String, String> metrics = new LinkedHashMap<>();
      Optional<Observation> observation = trial.status().flatMap(s -> s.observation());
      for (MetricStrategy strategy : strategies) {
        observation.flatMap(o -> strategy.value().flatMap(v -> Observations.value(o, strategy.name(), v)))
            .ifPresent(v -> metrics.put(strategy.name(), v));
      }
      rows.add(new TrialRow(rows.size() + 1, trial.name(), trial.status().flatMap(s -> s.state()).orElse(null),
          parameters, metrics, objective.objectiveMetricName(),
          trial.status().flatMap(s -> s.startTime()).orElse(null),
          trial.status().flatMap(s -> s.completionTime()).orElse(null)));
    }
    List<String> metricNames = strategies.stream().map(MetricStrategy::name).collect(Collectors.toList());
    return new ExperimentReport(experiment, rows, new ArrayList<>(parameterNames), metricNames);
  }

  public Experiment experiment() {
    return experiment;
  }

  /** One row per trial, in creation order. */
  public List<TrialRow> rows() {
    return rows;
  }

  /** The parameters, in the experiment's order. */
  public List<String> parameterNames() {
    return parameterNames;
  }

  /** The metrics, the objective first. */
  public List<String> metricNames() {
    return metricNames;
  }

  /** Whether the objective is maximized. */
  public boolean maximize() {
    return experiment.spec().objective().flatMap(Objective::type).map(t -> t == ObjectiveType.MAXIMIZE).orElse(false);
  }

  /**
   * The optimal trial's row: the trial the experiment's status names ({@code currentOptimalTrial}), else the one Katib
   * would choose from the rows' objective values (the first value, then only strictly better ones, in creation order;
   * so a NaN that comes first stays optimal, and one that comes later is never chosen).
   */
  public Optional<TrialRow> best() {
    Optional<String> named = experiment.status().flatMap(s -> s.optimalTrial()).map(o -> o.bestTrialName());
    Optional<TrialRow> row = named.flatMap(n -> rows.stream().filter(r -> r.name().equals(n)).findFirst());
    if (row.isPresent()) {
      return row;
    }
    String objectiveMetric = experiment.spec().objective().map(Objective::objectiveMetricName).orElse("");
    List<String> values = rows.stream().map(r -> r.metrics().get(objectiveMetric)).collect(Collectors.toList());
    int best = OptimalTrialScan.bestIndex(values, experiment.spec().objective().flatMap(Objective::type).orElse(null));
    return best < 0 ? Optional.empty() : Optional.of(rows.get(best));
  }

  /**
   * An aligned plain-text table: trial, state, parameters, metrics. Control characters in names and values (a newline
   * in a categorical value, say) are shown escaped, {@code \n}, so that each trial keeps one line; {@link #toCsv()}
   * and {@link #toJson()} keep the exact text.
   */
  public String table() {
    List<String> header = oneLine(header(false));
    List<List<String>> lines = new ArrayList<>();
    lines.add(header);
    Optional<String> best = best().map(TrialRow::name);
    for (TrialRow row : rows) {
      List<String> cells = oneLine(cells(row, false));
      if (best.isPresent() && best.get().equals(row.name())) {
        cells.set(0, cells.get(0) + " *");
      }
      lines.add(cells);
    }
    int[] widths = new int[header.size()];
    for (List<String> line : lines) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (List<String> line : lines) {
      for (int i = 0; i < line.size(); i++) {
        String cell = line.get(i);
        text.append(cell);
        if (i < line.size() - 1) {
          text.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      text.append('\n');
    }
    if (best.isPresent()) {
      text.append("* optimal trial\n");
    }
    return text.toString();
  }

  /** The rows as CSV (RFC 4180): trial, state, parameters, metrics, start and completion times, duration. */
  public String toCsv() {
    StringBuilder csv = new StringBuilder();
    csv.append(header(true).stream().map(ExperimentReport::csvCell).collect(Collectors.joining(","))).append("\r\n");
    for (TrialRow row : rows) {
      csv.append(cells(row, true).stream().map(ExperimentReport::csvCell).collect(Collectors.joining(",")))
          .append("\r\n");
    }
    return csv.toString();
  }

  /** The rows as a JSON array of objects, for data frames and scripts. */
  public String toJson() {
    JsonArray array = new JsonArray();
    for (TrialRow row : rows) {
      JsonObject object = new JsonObject();
      object.addProperty("trial", row.name());
      object.addProperty("state", row.stateName());
      JsonObject parameters = new JsonObject();
      row.parameters().forEach(parameters::addProperty);
      object.add("parameters", parameters);
      JsonObject metrics = new JsonObject();
      row.metrics().forEach((name, value) -> {
        OptionalDouble number = Observations.parseFloat(value);
        if (number.isPresent() && Double.isFinite(number.getAsDouble())) {
          metrics.addProperty(name, number.getAsDouble());
        } else {
          metrics.addProperty(name, value);
        }
      });
      object.add("metrics", metrics);
      row.startTime().ifPresent(t -> object.addProperty("startTime", t.toString()));
      row.completionTime().ifPresent(t -> object.addProperty("completionTime", t.toString()));
      row.duration().ifPresent(d -> object.addProperty("durationSeconds", d.toMillis() / 1000.0));
      array.add(object);
    }
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(array) + "\n";
  }

  /** A self-contained HTML page (no external resources) with the plots and the table. */
  public String toHtml() {
    return HtmlReport.render(this);
  }

  /**
   * Writes {@link #toHtml()} to {@code file}.
   *
   * @throws KatibException saying why the file cannot be written (its folder does not exist, permission denied, ...)
   */
  public void writeHtml(Path file) {
    TextFiles.write(file, toHtml(), "the report");
  }

  /**
   * Writes {@link #toCsv()} to {@code file}.
   *
   * @throws KatibException saying why the file cannot be written
   */
  public void writeCsv(Path file) {
    TextFiles.write(file, toCsv(), "the trials as CSV");
  }

  /**
   * Writes {@link #toJson()} to {@code file}.
   *
   * @throws KatibException saying why the file cannot be written
   */
  public void writeJson(Path file) {
    TextFiles.write(file, toJson(), "the trials as JSON");
  }

  private List<String> header(boolean withTimes) {
    List<String> header = new ArrayList<>(List.of("trial", "state"));
    header.addAll(parameterNames);
    header.addAll(metricNames);
    if (withTimes) {
      header.addAll(List.of("startTime", "completionTime", "durationSeconds"));
    }
    return header;
  }

  private List<String> cells(TrialRow row, boolean withTimes) {
    List<String> cells = new ArrayList<>(List.of(row.name(), row.stateName()));
    parameterNames.forEach(p -> cells.add(row.parameters().getOrDefault(p, "")));
    metricNames.forEach(m -> cells.add(row.metrics().getOrDefault(m, "")));
    if (withTimes) {
      cells.add(row.startTime().map(Instant::toString).orElse(""));
      cells.add(row.completionTime().map(Instant::toString).orElse(""));
      cells.add(row.duration().map(d -> Double.toString(d.toMillis() / 1000.0)).orElse(""));
    }
    return cells;
  }

  private static List<String> oneLine(List<String> cells) {
    return cells.stream().map(ControlCharacters::oneLine).collect(Collectors.toCollection(ArrayList::new));
  }

  private static String csvCell(String value) {
    if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }

}
