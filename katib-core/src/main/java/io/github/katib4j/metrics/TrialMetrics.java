package io.github.katib4j.metrics;

import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.CollectorKind;
import io.github.katib4j.experiment.FileFormat;
import io.github.katib4j.experiment.FileSystemPath;
import io.github.katib4j.experiment.Metric;
import io.github.katib4j.experiment.MetricsCollector;
import io.github.katib4j.experiment.MetricsSource;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.internal.ControlCharacters;
import io.github.katib4j.internal.Mounts;
import io.github.katib4j.internal.metrics.FileTail;
import io.github.katib4j.internal.metrics.GoTime;
import io.github.katib4j.internal.metrics.MetricsLineParser;
import io.github.katib4j.internal.metrics.TfEventCollector;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Collects one trial's metrics on this machine the way the experiment's Katib metrics collector would in the trial's
 * pod, for the local engine.
 *
 * <p>Katib's collectors read absolute container paths such as {@code /var/log/katib/metrics.log}. Here each trial gets
 * its own copy of that path under its directory: {@code /var/log/katib/x.log} is
 * {@code <trialDir>/var/log/katib/x.log}.
 * Parallel trials thus never share a file (in Katib each pod has its own volume), no root access is needed, and
 * because the Katib path stays a suffix of the local one, Katib's directory-suffix matching of TensorFlow event tags
 * gives the same answer. {@link #localize} rewrites the Katib path in a trial's arguments so the program writes where
 * the collector reads.
 *
 * <p>Every process trial's stdout and stderr go to {@link #outputFile()}, {@code stdout.log} in the trial directory.
 * {@code StdOut} reads that file as Katib's reads {@code /var/log/katib/metrics.log} (its command runs with
 * {@code 1>/var/log/katib/metrics.log 2>&1}). {@code File}, {@code TensorFlowEvent}: read from the trial's files.
 * {@code Push}: values reach {@link #report}. {@code Custom} and {@code PrometheusMetric} need a sidecar container or
 * an endpoint Katib itself does not provide, and are rejected by {@link #open}.
 *
 * <p>{@link #poll()} returns values as they appear (for early stopping and progress); {@link #finish()} gives the final
 * log exactly as Katib would report it, and releases the output file {@code StdOut} keeps open while polling; so does
 * {@link #close()}, for a trial that ends without {@code finish()}. Not thread-safe: one thread polls and finishes.
 */
public final class TrialMetrics implements AutoCloseable {
  private static final String DEFAULT_FILE = "/var/log/katib/metrics.log";
  private static final String DEFAULT_TF_DIRECTORY = "/var/log/katib/tfevent/";
  private static final String OUTPUT_FILE = "stdout.log";
  /**
   * The most a poll reads of a metrics file, so that a trial printing faster than it can be parsed does not hold up
   * the poll loop (its deadline, its cancellation); the rest is read by the next polls, or when the trial ends.
   */
  private static final long POLL_BYTES = 32L << 20;
  /** The most lines a note about the objective or about a line too long to parse quotes. */
  private static final int NOTED_LINES = 3;

  private final CollectorKind kind;
  private final Objective objective;
  private final List<String> metricNames;
  private final List<String> filters;
  private final FileFormat format;
  private final String katibPath;
  private final String katibMount;
  private final Path trialDirectory;
  private final Path source;
  private boolean mountCreated;
  private final List<MetricReport> pushed = new ArrayList<>();
  private final List<MetricReport> output = new ArrayList<>();
  private final FileTail tail;
  private final MetricsLineParser live;
  private final TfEventCollector events;
  private boolean liveFailed;
  private final LiveLines liveLines;
  /** Why Katib's collector would have exited with an error while reading the trial's metrics for early stopping. */
  private String collectorExit;

  private TrialMetrics(CollectorKind kind, Objective objective, List<String> filters, FileFormat format,
      String katibPath, String katibMount, Path trialDirectory) {
    this.kind = kind;
    this.objective = objective;
    this.metricNames = metricNames(objective);
    this.filters = filters;
    this.format = format;
    this.katibPath = katibPath;
    this.katibMount = katibMount;
    this.trialDirectory = trialDirectory;
    this.source = kind == CollectorKind.STD_OUT ? outputFile() : katibPath == null ? null : local(katibPath);
    boolean textFile = kind == CollectorKind.STD_OUT || kind == CollectorKind.FILE;
    // Only the engine and the trial's process write the output, and only by appending: it can stay open.
    this.tail = !textFile ? null : (kind == CollectorKind.STD_OUT ? FileTail.keepingOpen(source)
        : new FileTail(source)).watching(metricNames);
    this.live = textFile ? MetricsLineParser.of(format, metricNames, filters) : null;
    this.liveLines = textFile ? new LiveLines(live) : null;
    this.events = kind == CollectorKind.TENSORFLOW_EVENT ? new TfEventCollector(source, metricNames) : null;
  }

  /**
   * Prepares collection for a trial working in {@code trialDirectory}: creates that directory; for {@code StdOut}, the
   * empty {@link #outputFile()}, held open from here until {@link #finish()} or {@link #close()}; and for {@code File}
   * and {@code TensorFlowEvent}, the local counterpart of the directory Katib would mount (an empty volume in Katib) so
   * the program can write into it. {@code StdOut}'s folder ({@code /var/log/katib}) is created only once
   * {@link #localize} finds the command naming it: its output goes to {@link #outputFile()}, and most commands never
   * look there.
   *
   * @param collector the experiment's {@code metricsCollectorSpec}; Katib's defaults fill what is missing
   * @param objective the experiment's objective
   * @throws KatibException for a collector the local engine cannot run, an invalid filter, or a path that leaves the
   *     trial directory
   */
  public static TrialMetrics open(MetricsCollector collector, Objective objective, Path trialDirectory) {
    CollectorKind kind = collector.collector().isEmpty() ? CollectorKind.STD_OUT : collector.kind().orElseThrow(() ->
        new KatibException("metricsCollectorSpec.collector.kind is missing; set it to StdOut, File, TensorFlowEvent"
            + " or Push"));
    Optional<FileSystemPath> fileSystemPath = collector.source().flatMap(MetricsSource::fileSystemPath);
    String path;
    String mount;
    FileFormat format = FileFormat.TEXT;
    switch (kind) {
      case STD_OUT:
        path = DEFAULT_FILE;
        mount = parentOf(path);
        break;
      case FILE:
        path = fileSystemPath.map(FileSystemPath::path).filter(p -> !p.isEmpty()).orElse(DEFAULT_FILE);
        format = fileSystemPath.flatMap(FileSystemPath::format).orElse(FileFormat.TEXT);
        mount = parentOf(path);
        break;
      case TENSORFLOW_EVENT:
        path = fileSystemPath.map(FileSystemPath::path).filter(p -> !p.isEmpty()).orElse(DEFAULT_TF_DIRECTORY);
        mount = path;
        break;
      case PUSH:
        path = null;
        mount = null;
        break;
      default:
        throw new KatibException("the " + kind + " metrics collector cannot run locally: "
            + (kind == CollectorKind.CUSTOM ? "it is a sidecar container of your own, and the local engine runs no"
            + " containers" : "Katib ships no collector for it, so no local behaviour could match Katib's")
            + "; use StdOut, File, TensorFlowEvent or Push for local runs");
    }
    String joinedFilters = String.join(";", collector.metricsFormat());
    List<String> filters = joinedFilters.isEmpty() ? List.of() : List.of(joinedFilters.split(";", -1));
    TrialMetrics metrics = new TrialMetrics(kind, objective, filters, format, path, mount, trialDirectory);
    if (kind == CollectorKind.FILE || kind == CollectorKind.TENSORFLOW_EVENT) {
      metrics.createMount();
    } else if (kind == CollectorKind.STD_OUT) {
      metrics.createOutput();
    } else {
      createDirectories(trialDirectory, trialDirectory);
    }
    return metrics;
  }

  /**
   * Creates the output file and opens it for reading while the trial is being set up, which the local engine does
   * before the process starts, often while the previous trial runs: the first read after the process ends then finds
   * it open. The trial directory is made only when the file cannot be created without it (the local engine makes it
   * beforehand, and a look to see whether it exists costs as much as the file).
   */
  private void createOutput() {
    try {
      try {
        tail.create();
      } catch (NoSuchFileException e) {
        createDirectories(trialDirectory, trialDirectory);
        tail.create();
      }
    } catch (IOException e) {
      throw new KatibException("cannot create the trial's output file " + source + ": " + e.getMessage(), e);
    }
  }

  private void createMount() {
    createDirectories(trialDirectory, local(katibMount));
    mountCreated = true;
  }

  /**
   * Creates {@code target} inside {@code root} level by level from the top. Files.createDirectories starts from the
   * bottom and throws an exception for every missing level on the way up, which costs more than the directories.
   */
  private static void createDirectories(Path root, Path target) {
    Path dir = root.normalize();
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
      }
      // The relative path from a directory to itself is "", one empty name: nothing to create.
      for (Path name : target.equals(dir) ? List.<Path>of() : dir.relativize(target)) {
        dir = dir.resolve(name);
        try {
          Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
          if (!Files.isDirectory(dir)) {
            throw e;
          }
        }
      }
    } catch (IOException e) {
      throw new KatibException("cannot create the folder " + dir + " for the trial's output and metrics: "
          + e.getMessage(), e);
    }
  }

  /** The collector kind, after Katib's default ({@code StdOut}). */
  public CollectorKind kind() {
    return kind;
  }

  /** The metric names the collector looks for, the objective first ({@code -m objective;additional...}). */
  public List<String> metricNames() {
    return metricNames;
  }

  /**
   * The file to which the engine sends the trial process's stdout and stderr: {@code stdout.log} in the trial
   * directory. The {@code StdOut} collector reads it.
   */
  public Path outputFile() {
    return trialDirectory.resolve(OUTPUT_FILE);
  }

  /** The local file or directory the collector reads, for {@code StdOut}, {@code File} and {@code TensorFlowEvent}. */
  public Optional<Path> source() {
    return Optional.ofNullable(source);
  }

  /**
   * {@code text} (an argument, an environment value) with each Katib metrics path in it, such as
   * {@code --log-path=/var/log/katib/mnist.log}, replaced by its local counterpart in the trial directory, which then
   * exists.
   *
   * @throws KatibException if that directory cannot be created
   */
  public String localize(String text) {
    if (katibMount == null) {
      return text;
    }
    String local = Mounts.localize(text, trialDirectory, katibMount, "metrics path");
    if (!mountCreated && !local.equals(text)) {
      createMount();
    }
    return local;
  }

  /**
   * Values that appeared since the last call, each once, for early stopping and progress while the trial runs;
   * TensorBoard event values in step order, whichever file and tag they are in. A bad line in a JSON metrics file stops
   * live parsing; {@link #finish()} then reports it.
   */
  public List<MetricReport> poll() {
    return poll(Set.of());
  }

  /**
   * As {@link #poll()}, for a trial with early-stopping rules for {@code stopRuleMetrics} that have not all held yet
   * ({@link io.github.katib4j.search.StopRuleMonitor#pendingMetricNames()}): each new line of a TEXT or JSON metrics
   * file is also checked as Katib's collector checks it then, and where the collector would exit with an error
   * (a value on a line naming a rule's metric that is not a number) collection stops: later polls return nothing, as
   * no early stopping happens after that in Katib, and {@link #finish()} throws, as the trial fails in Katib.
   */
  public List<MetricReport> poll(Set<String> stopRuleMetrics) {
    return poll(stopRuleMetrics, POLL_BYTES);
  }

  /**
   * As {@link #poll(Set)}, reading all that was written so far however much it is (a poll reads at most 32 MiB), for
   * once the trial's process has ended: memory stays bounded, the time is that of reading it all.
   */
  public List<MetricReport> pollAll(Set<String> stopRuleMetrics) {
    return poll(stopRuleMetrics, Long.MAX_VALUE);
  }

  private List<MetricReport> poll(Set<String> stopRuleMetrics, long maxBytes) {
    try {
      switch (kind) {
        case TENSORFLOW_EVENT:
          return events.collectNew();
        case PUSH:
          return List.of();
        default:
          if (liveFailed) {
            return List.of();
          }
          List<MetricReport> reports = new ArrayList<>();
          liveLines.start(reports, stopRuleMetrics);
          tail.readNewLines(liveLines, maxBytes);
          if (liveFailed) {
            return reports;
          }
          if (kind == CollectorKind.STD_OUT) {
            output.addAll(reports);
          }
          return reports;
      }
    } catch (IOException | KatibException e) {
      liveFailed = true;
      return List.of();
    }
  }

  /** Records a value the trial pushed itself (the {@code Push} collector, Katib's SDK {@code report_metrics}). */
  public void report(MetricReport report) {
    if (kind != CollectorKind.PUSH) {
      throw new KatibException("report() is for the Push metrics collector; this experiment uses " + kind
          + ", which reads " + source().map(Path::toString).orElse("the trial's output"));
    }
    pushed.add(report);
  }

  /**
   * The trial's final metric log as Katib's collector reports it after the trial ends: the whole file or directory
   * parsed, and when the objective metric never appeared, a single {@code "unavailable"} value for it.
   *
   * @throws KatibException where Katib's collector itself fails (the trial then fails in Katib): the metrics file was
   *     never written, or a JSON metrics file has a line that is not a JSON object
   */
  public MetricsLog finish() {
    if (collectorExit != null) {
      close();
      throw new KatibException(collectorExit);
    }
    try {
      return finalLog();
    } finally {
      close();
    }
  }

  /**
   * Releases the output file {@code StdOut} keeps open while it polls (other collectors open their files for each
   * read). {@link #finish()} does this itself; a later {@link #poll()} opens the file again.
   */
  @Override
  public void close() {
    if (tail != null) {
      try {
        tail.close();
      } catch (IOException e) {
        // Closing a file opened only for reading loses nothing.
      }
    }
  }

  /** Whether the reports include the objective metric. */
  private boolean hasObjective(List<MetricReport> reports) {
    for (MetricReport report : reports) {
      if (report.name().equals(metricNames.get(0))) {
        return true;
      }
    }
    return false;
  }

  private MetricsLog finalLog() {
    List<String> notes = new ArrayList<>();
    List<MetricReport> reports;
    Instant unavailableAt = GoTime.ZERO;
    switch (kind) {
      case PUSH:
        return MetricsLog.of(pushed, pushed.isEmpty() ? List.of("nothing was pushed for objective metric '"
            + metricNames.get(0) + "'; Katib then records no observation") : List.of());
      case TENSORFLOW_EVENT:
        reports = events.collect();
        notes.addAll(events.notes());
        unavailableAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if (!hasObjective(reports) && !events.tags().isEmpty()) {
          notes.add("no tag matches objective metric '" + metricNames.get(0) + "'; tags seen: " + events.tags());
        }
        break;
      default:
        LiveLines read;
        if (kind == CollectorKind.STD_OUT && canFinishFromOutputRead()) {
          // The engine only appends to the output file, so the lines read while the trial ran are the file's lines;
          // reading and parsing it again would give the same reports.
          reports = new ArrayList<>(output);
          read = liveLines;
          read.start(reports, Set.of());
          tail.finishLine(read);
        } else {
          read = new LiveLines(MetricsLineParser.of(format, metricNames, filters));
          reports = new ArrayList<>();
          read.start(reports, Set.of());
          readMetricsFile(read);
        }
        notes.addAll(read.parser.notes());
        notes.addAll(read.longLineNotes());
        if (format != FileFormat.JSON && !hasObjective(reports)) {
          notes.addAll(unmatchedLines(read.objectiveLines()));
        }
    }
    if (!hasObjective(reports)) {
      notes.add("objective metric '" + metricNames.get(0) + "' was not found in " + source
          + "; Katib records it as \"unavailable\"");
      reports = List.of(MetricReport.of(metricNames.get(0), Metric.UNAVAILABLE,
          unavailableAt));
    }
    return MetricsLog.of(reports, notes);
  }

  /** Reads the rest of the output; whether everything in it was read once, in order, from the start. */
  private boolean canFinishFromOutputRead() {
    pollAll(Set.of());
    return !liveFailed && tail.restarts() == 0;
  }

  private String stopRuleFailure(long linesRead, String line, String problem, Set<String> stopRuleMetrics) {
    String where = where();
    String shown = ControlCharacters.escape(line.length() > 200 ? line.substring(0, 200) + "..." : line);
    return "line " + linesRead + " of " + where + " names early-stopping metric " + String.join(", ", stopRuleMetrics)
        + ", and " + problem + ": " + shown + ". While a trial has early-stopping rules, Katib's " + kind
        + " collector reads such lines for them and exits with an error on a value that is not a number (\"Unable to"
        + " parse value ... to float\"), reporting no metrics. Print other values on lines that do not mention "
        + String.join(" or ", stopRuleMetrics) + (format == FileFormat.JSON ? ", or write the value as a number"
        : ", or set metricsCollectorSpec.source.filter.metricsFormat to read only the metrics' values");
  }

  /** Gives {@code to} every line of the metrics file (or output), a line at a time. */
  private void readMetricsFile(LiveLines to) {
    try {
      FileTail.readAll(source, metricNames, to);
    } catch (IOException e) {
      if (kind == CollectorKind.STD_OUT) {
        throw new KatibException("the trial's output " + source + " cannot be read: " + e, e);
      }
      String problem = e instanceof NoSuchFileException ? "does not exist: the program never wrote it"
          : "cannot be read (" + e + ")";
      throw new KatibException("the metrics file " + katibPath + " (for this trial " + source + ") " + problem
          + ". Katib's " + kind + " collector fails the trial in that case. Make the program write its metrics to "
          + katibPath + ", naming that path in the trial's command, arguments or environment (each trial gets its own"
          + " copy of it, in its folder), or set metricsCollectorSpec.source.fileSystemPath.path to the file the"
          + " program writes", e);
    }
  }

  private List<String> unmatchedLines(List<String> lines) {
    String objectiveName = metricNames.get(0);
    List<String> notes = new ArrayList<>();
    for (String line : lines) {
      notes.add("line mentions '" + objectiveName + "' but no filter " + (filters.isEmpty()
          ? "(Katib's default, name=value)" : filters.toString()) + " reads a value for it from it: " + line);
    }
    return notes;
  }

  /** Where the notes say the lines come from. */
  private String where() {
    return kind == CollectorKind.STD_OUT ? "the trial's output " + source : "the metrics file " + katibPath
        + " (for this trial " + source + ")";
  }

  /**
   * Takes the lines of the metrics file (or output) one at a time, for a poll or the final collection: parses each,
   * and keeps what the notes need (the first lines naming the objective, lines too long to parse).
   */
  private final class LiveLines implements FileTail.Lines {
    final MetricsLineParser parser;
    /** The first lines that name the objective and give it no value, for the note when it has none; null for none. */
    private List<String> objectiveLines;
    private List<String> longLines;
    private long moreLongLines;
    private List<MetricReport> reports;
    private Set<String> stopRuleMetrics;

    LiveLines(MetricsLineParser parser) {
      this.parser = parser;
    }

    void start(List<MetricReport> to, Set<String> stopRules) {
      reports = to;
      stopRuleMetrics = stopRules;
    }

    @Override
    public boolean line(String line) {
      if (!stopRuleMetrics.isEmpty()) {
        Optional<String> problem = parser.stopRuleProblem(line, stopRuleMetrics);
        if (problem.isPresent()) {
          collectorExit = stopRuleFailure(tail.lines(), line, problem.get(), stopRuleMetrics);
          liveFailed = true;
          return false;
        }
      }
      List<MetricReport> found = parser.accept(line);
      reports.addAll(found);
      if (format != FileFormat.JSON && (objectiveLines == null || objectiveLines.size() < NOTED_LINES)
          && !hasObjective(found) && line.contains(metricNames.get(0))) {
        String shown = line.strip();
        if (objectiveLines == null) {
          objectiveLines = new ArrayList<>(NOTED_LINES);
        }
        objectiveLines.add(ControlCharacters.escape(shown.length() > 200 ? shown.substring(0, 200) + "..." : shown));
      }
      return true;
    }

    @Override
    public boolean longLine(long number, long length, boolean mentionsMetric) {
      parser.skip();
      // Katib's TEXT parsing passes over a line that names no metric; a JSON file's every line must be an object.
      if (format != FileFormat.JSON && !mentionsMetric) {
        return true;
      }
      if (longLines == null) {
        longLines = new ArrayList<>(NOTED_LINES);
      }
      if (longLines.size() < NOTED_LINES) {
        longLines.add("line " + number + " of " + where() + " is " + length + " bytes long" + (format == FileFormat.JSON
            ? "" : " and names a metric (" + String.join(", ", metricNames) + ")") + ", more than the "
            + FileTail.LINE_CAP + " bytes (1 MiB) katib4j parses of a line, so it was not parsed; Katib parses it"
            + (format == FileFormat.JSON ? " (and fails the trial when it is not a JSON object)" : "")
            + ", so a value on it is missing here (see docs/local-engine.md). Write each metric on a line of its own");
      } else {
        moreLongLines++;
      }
      return true;
    }

    List<String> objectiveLines() {
      return objectiveLines == null ? List.of() : objectiveLines;
    }

    List<String> longLineNotes() {
      if (longLines == null) {
        return List.of();
      }
      if (moreLongLines == 0) {
        return longLines;
      }
      List<String> notes = new ArrayList<>(longLines);
      notes.add(moreLongLines + " more line(s) of " + where() + " too long to parse were not parsed either");
      return notes;
    }
  }

  private Path local(String katibPath) {
    return Mounts.local(trialDirectory, katibPath, "metrics path");
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  /** Katib passes names and filters to its collector joined by {@code ;} and splits them again. */
  private static List<String> metricNames(Objective objective) {
    List<String> names = new ArrayList<>();
    names.add(objective.objectiveMetricName());
    names.addAll(objective.additionalMetricNames());
    return List.of(String.join(";", names).split(";", -1));
  }

  @Override
  public String toString() {
    return "TrialMetrics[" + kind + (katibPath == null ? "" : " " + katibPath + " -> " + source) + "]";
  }
}
