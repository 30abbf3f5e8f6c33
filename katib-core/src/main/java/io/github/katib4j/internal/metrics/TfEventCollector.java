package io.github.katib4j.internal.metrics;

import io.github.katib4j.metrics.MetricReport;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;

/**
 * Katib's TensorFlowEvent collector ({@code tfevent_loader.py}) over a directory, readable again and again while the
 * trial writes: every file under the directory whose name contains {@code tfevents} (TensorBoard reads no other) is
 * loaded like TensorBoard's {@code EventAccumulator} does it, and the metric log is built in Katib's order: per file
 * (in directory-walk order), tensor tags then scalar tags in order of first appearance, each matched against each
 * metric name.
 */
public final class TfEventCollector {
  private static final Pattern PYTHON_FLOAT = Pattern.compile(
      "[+-]?(((\\d(_?\\d)*)?\\.\\d(_?\\d)*|\\d(_?\\d)*\\.?)([eE][+-]?\\d(_?\\d)*)?|inf(inity)?|nan)",
      Pattern.CASE_INSENSITIVE);

  private final Path directory;
  private final List<String> metricNames;
  private final Map<Path, EventFile> files = new LinkedHashMap<>();

  public TfEventCollector(Path directory, List<String> metricNames) {
    this.directory = directory;
    this.metricNames = List.copyOf(metricNames);
  }

  /**
   * Reads what was appended to every event file since the last call and returns the whole metric log as Katib would
   * report it now (without the "objective unavailable" rule, which applies once at the end).
   */
  public List<MetricReport> collect() {
    List<Path> current = eventFiles();
    files.keySet().retainAll(current);
    List<MetricReport> reports = new ArrayList<>();
    for (Path file : current) {
      EventFile state = files.computeIfAbsent(file, EventFile::new);
      state.load();
      state.values().forEach(v -> reports.add(v.report));
    }
    return reports;
  }

  /**
   * Reads what was appended to every event file since the last call and returns the values not returned by an
   * earlier call of this method, each once, ordered by step (then wall time), as a running trial reports them (to early
   * stopping, and to the journal). {@link #collect} gives Katib's order instead, by file, then tensor tags before
   * scalar tags, then tag, where the new values of a step fall between older ones when more than one tag or file
   * matches.
   */
  public List<MetricReport> collectNew() {
    List<Path> current = eventFiles();
    files.keySet().retainAll(current);
    List<Value> fresh = new ArrayList<>();
    for (Path file : current) {
      EventFile state = files.computeIfAbsent(file, EventFile::new);
      state.load();
      for (Value value : state.values()) {
        if (value.item.reportedLive.add(value.report.name())) {
          fresh.add(value);
        }
      }
    }
    // A stable sort: values of one step and wall time keep Katib's order.
    fresh.sort(Comparator.<Value>comparingLong(v -> v.item.step).thenComparingDouble(v -> v.item.wallTime));
    List<MetricReport> reports = new ArrayList<>(fresh.size());
    fresh.forEach(v -> reports.add(v.report));
    return reports;
  }

  /** What went wrong reading the files (which file, which offset) and other things a user should know. */
  public List<String> notes() {
    List<String> notes = new ArrayList<>();
    for (EventFile file : files.values()) {
      notes.addAll(file.notes);
      if (file.problem != null) {
        notes.add(file.problem);
      }
    }
    if (files.isEmpty()) {
      notes.add("no TensorBoard event file (a file whose name contains 'tfevents') under " + directory);
    }
    return notes;
  }

  /** Every scalar and tensor tag seen so far, to explain a metric that matched nothing. */
  public Set<String> tags() {
    Set<String> tags = new LinkedHashSet<>();
    for (EventFile file : files.values()) {
      tags.addAll(file.tensors.keySet());
      tags.addAll(file.scalars.keySet());
    }
    return tags;
  }

  /**
   * Katib's {@code _should_consider}: the tag starts with the metric's last path segment, and when the metric has a
   * {@code /}, the event file's directory ends with the metric's directory part (plain string tests, as in Python).
   */
  static boolean shouldConsider(String tag, String metricName, String fileDirectory) {
    String[] segments = metricName.split("/", -1);
    String parentDir = segments.length >= 2 ? pythonDirname(metricName) : fileDirectory;
    return tag.startsWith(segments[segments.length - 1]) && fileDirectory.endsWith(parentDir);
  }

  /**
   * The instant of Katib's timestamp for an event's wall time: {@code datetime.fromtimestamp} rounds to microseconds
   * (half-even), then the {@code rfc3339} package drops the fraction, leaving whole seconds.
   */
  static Instant katibTimestamp(double wallTime) {
    double whole = wallTime < 0 ? Math.ceil(wallTime) : Math.floor(wallTime);
    double micros = Math.rint((wallTime - whole) * 1e6);
    if (micros >= 1e6) {
      whole += 1;
    } else if (micros < 0) {
      whole -= 1;
    }
    return Instant.ofEpochSecond((long) whole);
  }

  /** Python's {@code os.path.dirname}: everything before the last {@code /}, trailing slashes removed unless all. */
  private static String pythonDirname(String path) {
    int slash = path.lastIndexOf('/');
    String head = path.substring(0, slash + 1);
    String stripped = head.replaceAll("/+$", "");
    return stripped.isEmpty() ? head : stripped;
  }

  /** os.walk order: a directory's files in listing order, then each subdirectory (not followed through links). */
  private List<Path> eventFiles() {
    List<Path> found = new ArrayList<>();
    walk(directory, found);
    return found;
  }

  private static void walk(Path dir, List<Path> found) {
    List<Path> subdirectories = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry)) {
          if (!Files.isSymbolicLink(entry)) {
            subdirectories.add(entry);
          }
        } else if (entry.getFileName().toString().contains("tfevents")) {
          found.add(entry);
        }
      }
    } catch (IOException e) {
      return;
    }
    for (Path subdirectory : subdirectories) {
      walk(subdirectory, found);
    }
  }

  private static Double parseFileVersion(String fileVersion) {
    String[] tokens = fileVersion.split("brain\\.Event:", -1);
    String last = tokens[tokens.length - 1].strip();
    if (!PYTHON_FLOAT.matcher(last).matches()) {
      return -1.0;
    }
    String plain = last.replace("_", "").toLowerCase(java.util.Locale.ROOT);
    if (plain.contains("inf")) {
      return plain.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return plain.contains("nan") ? Double.NaN : Double.parseDouble(plain);
  }

  private static final class Item {
    final double wallTime;
    final long step;
    final float simpleValue;
    final Tensor tensor;
    /** The metrics {@link #collectNew} has returned this value for. */
    final Set<String> reportedLive = new HashSet<>(2);
    private String text;

    Item(double wallTime, long step, float simpleValue, Tensor tensor) {
      this.wallTime = wallTime;
      this.step = step;
      this.simpleValue = simpleValue;
      this.tensor = tensor;
    }

    /** The value as Katib prints it, computed once: a live trial's files are collected again and again. */
    String text() {
      if (text == null) {
        text = tensor != null ? tensor.text() : FloatText.python(simpleValue);
      }
      return text;
    }
  }

  /** A value of the metric log and the event value it was read from. */
  private static final class Value {
    final MetricReport report;
    final Item item;

    Value(String metric, Item item) {
      this.report = MetricReport.of(metric, item.text(), katibTimestamp(item.wallTime), item.step);
      this.item = item;
    }
  }

  /** One event file: its read offset and the state of TensorBoard's {@code EventAccumulator} for it. */
  private final class EventFile {
    private final Path file;
    private final String fileDirectory;
    private long offset;
    private boolean stopped;
    private boolean malformed;
    private String problem;
    private final List<String> notes = new ArrayList<>();
    private Double fileVersion;
    private long mostRecentStep = -1;
    private final Map<String, List<Item>> scalars = new LinkedHashMap<>();
    private final Map<String, List<Item>> tensors = new LinkedHashMap<>();
    private final Map<String, String> pluginByTag = new HashMap<>();
    private final Map<String, Boolean> consideredTags = new HashMap<>();

    EventFile(Path file) {
      this.file = file;
      Path parent = file.toAbsolutePath().getParent();
      this.fileDirectory = parent == null ? "" : parent.toString().replace('\\', '/');
    }

    void load() {
      if (stopped) {
        return;
      }
      long[] recordOffset = {offset};
      try {
        if (Files.size(file) < offset) {
          reset();
          recordOffset[0] = 0;
        }
        TfRecordReader.Chunk chunk = TfRecordReader.read(file, recordOffset[0], record -> {
          process(TfEvent.decode(record));
          recordOffset[0] += record.length + 16;
          // Read and processed: a failure further on must not process it again.
          offset = recordOffset[0];
        });
        offset = chunk.endOffset;
        problem = null;
        if (chunk.end == TfRecordReader.End.CORRUPT) {
          stopped = true;
          problem = file + ": " + chunk.problem + " at byte " + chunk.endOffset + "; like TensorFlow's reader,"
              + " katib4j keeps the records before it and ignores the rest of the file";
        } else if (chunk.end == TfRecordReader.End.TRUNCATED) {
          problem = file + ": " + chunk.problem + " at byte " + chunk.endOffset + " (still being written?); it is"
              + " read when complete";
        }
      } catch (ProtoReader.MalformedException e) {
        stopped = true;
        malformed = true;
        problem = file + ": the record at byte " + recordOffset[0] + " is not a TensorBoard Event (" + e.getMessage()
            + "); Katib skips the whole file, and so does katib4j";
      } catch (IOException e) {
        problem = file + ": cannot be read (" + e.getMessage() + "); Katib skips unreadable files";
      }
    }

    private void reset() {
      offset = 0;
      fileVersion = null;
      mostRecentStep = -1;
      scalars.clear();
      tensors.clear();
      pluginByTag.clear();
    }

    /** TensorBoard's {@code EventAccumulator._ProcessEvent}, reduced to what Katib reads. */
    private void process(TfEvent event) {
      if (event.fileVersion != null) {
        fileVersion = parseFileVersion(event.fileVersion);
      }
      maybePurgeOrphanedData(event);
      if (!event.hasSummary()) {
        return;
      }
      for (TfEvent.Value value : event.values) {
        if (value.hasMetadata) {
          pluginByTag.putIfAbsent(value.tag, value.pluginName);
        }
        // Every tag is listed (a note names them when none matches), but only the values of a tag some metric
        // matches are kept: an event file can hold gigabytes of images, histograms and other tags' values.
        if (value.hasSimpleValue) {
          List<Item> items = scalars.computeIfAbsent(value.tag, t -> new ArrayList<>(0));
          if (considered(value.tag)) {
            items.add(new Item(event.wallTime, event.step, value.simpleValue, null));
          }
        } else if (value.tensor != null) {
          String tag = value.tag.isEmpty() ? value.nodeName : value.tag;
          List<Item> items = tensors.computeIfAbsent(tag, t -> new ArrayList<>(0));
          if (considered(tag)) {
            items.add(new Item(event.wallTime, event.step, 0, value.tensor));
          }
        }
      }
    }

    /** Whether some metric matches {@code tag} in this file ({@link #shouldConsider}), so its values are kept. */
    private boolean considered(String tag) {
      Boolean known = consideredTags.get(tag);
      if (known == null) {
        known = false;
        for (String metric : metricNames) {
          known |= shouldConsider(tag, metric, fileDirectory);
        }
        consideredTags.put(tag, known);
      }
      return known;
    }

    /**
     * After a restart TensorBoard drops the events a crashed run wrote past the restart step: with a file version of
     * 2 or more on a {@code SessionLog.START}; otherwise when a summary's step goes back, for that summary's tags.
     */
    private void maybePurgeOrphanedData(TfEvent event) {
      boolean truthy = fileVersion != null && fileVersion != 0.0;
      if (truthy && fileVersion >= 2) {
        if (event.sessionLogStatus == TfEvent.SESSION_LOG_START) {
          purge(null, step -> step < event.step);
        }
      } else if (event.step < mostRecentStep && event.hasSummary()) {
        for (TfEvent.Value value : event.values) {
          purge(value.tag.isEmpty() ? null : value.tag, step -> step < event.step);
        }
      } else {
        mostRecentStep = event.step;
      }
    }

    private void purge(String tag, LongPredicate keep) {
      for (Map<String, List<Item>> kind : List.of(scalars, tensors)) {
        if (tag == null) {
          kind.values().forEach(items -> items.removeIf(item -> !keep.test(item.step)));
        } else if (kind.containsKey(tag)) {
          kind.get(tag).removeIf(item -> !keep.test(item.step));
        }
      }
    }

    /** The file's part of the metric log, in Katib's order. */
    List<Value> values() {
      notes.clear();
      if (malformed) {
        return List.of();
      }
      List<Value> values = new ArrayList<>();
      try {
        for (Map.Entry<String, List<Item>> tag : tensors.entrySet()) {
          for (String metric : metricNames) {
            if (shouldConsider(tag.getKey(), metric, fileDirectory)) {
              noteUnusualTag(tag.getKey(), metric, tag.getValue());
              for (Item item : tag.getValue()) {
                values.add(new Value(metric, item));
              }
            }
          }
        }
      } catch (IllegalArgumentException e) {
        notes.add(file + ": a tensor of a matching tag cannot be read as numpy would (" + e.getMessage()
            + "); Katib's collector fails on the whole file and skips it, and so does katib4j");
        return List.of();
      }
      for (Map.Entry<String, List<Item>> tag : scalars.entrySet()) {
        for (String metric : metricNames) {
          if (shouldConsider(tag.getKey(), metric, fileDirectory)) {
            for (Item item : tag.getValue()) {
              values.add(new Value(metric, item));
            }
          }
        }
      }
      return values;
    }

    private void noteUnusualTag(String tag, String metric, List<Item> items) {
      String plugin = pluginByTag.getOrDefault(tag, "");
      boolean scalar = items.stream().allMatch(item -> item.tensor.isScalar());
      if (!plugin.equals("scalars") || !scalar) {
        notes.add(file + ": tag '" + tag + "'" + (plugin.isEmpty() ? "" : " (plugin '" + plugin + "')")
            + " matches metric '" + metric + "' by prefix" + (scalar ? "" : " but is not a scalar")
            + "; Katib reports its values too, so rename the tag or the metric if that is not intended");
      }
    }
  }
}
