package io.github.katib4j.internal.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.katib4j.KatibException;
import io.github.katib4j.internal.codec.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;

/**
 * An append-only journal of JSON records, one per line, each prefixed with the CRC-32C of its text, so that a torn
 * tail (a crash in the middle of a write) is detected and cut off while every complete record is kept, and damage
 * before the last complete record is detected and refused rather than taken for a tail.
 *
 * <p>Records become durable by group commit: {@link #append} queues a record and returns a future that completes once
 * the record has been written and fsynced; records appended within 20 ms of the last fsync share the next one, with
 * a single write. An fsync costs 0.3 to 1.5 ms on this project's machines and, on ext4 with its default journal,
 * stalls other threads' file creation on the same file system (the fsync commits the whole journal, the trial folders
 * and output files created meanwhile included), so one per record would cap a local experiment at a few hundred state
 * changes per second and slow its process trials; group commit keeps every acknowledged change durable without that
 * cost. Short process trials at {@code parallelTrialCount} 8 measured 1.16-1.19x a bare loop with 5 ms between fsyncs
 * and 1.09-1.19x with 20 ms; 50 ms gained nothing more (docs/benchmarks.md). A caller that waits
 * ({@link #appendDurably}, {@link #flushed}) gets its fsync at once.
 */
public final class Journal implements AutoCloseable {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** The least time between two fsyncs, unless someone waits for one. */
  private static final long SYNC_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final Path file;
  private final FileChannel channel;
  private final long recordCount;
  private final String recovery;
  private final Object lock = new Object();
  private final Thread writer;

  private List<Pending> queue = new ArrayList<>();
  /** Someone waits for the queue to be durable: sync without waiting for the interval. */
  private boolean urgent;
  /** The writer waits for a record (rather than for the sync interval to pass). */
  private boolean idle;
  /** When the writer last synced; only the writer uses it. */
  private long lastSync = System.nanoTime() - SYNC_INTERVAL_NANOS;
  private int queuedBytes;
  private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
  private boolean closed;
  /** Completes with the error of the first write or sync that failed; no record is taken after it. */
  private final CompletableFuture<KatibException> failed = new CompletableFuture<>();

  private static final class Pending {
    final byte[] line;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    Pending(byte[] line) {
      this.line = line;
    }
  }

  private Journal(Path file, FileChannel channel, long recordCount, String recovery) {
    this.file = file;
    this.channel = channel;
    this.recordCount = recordCount;
    this.recovery = recovery;
    this.writer = new Thread(this::writeLoopOrFail, "katib4j-journal " + file.getFileName());
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /**
   * Given each complete record of a journal as it is read, in order, with its line (1-based: the complete records
   * before the first line that is not one are lines 1, 2, ...). The journal is read as a stream, one line at a time,
   * and keeps no record: a reader folds each into what it needs, so that reading a journal takes memory for the state
   * it holds, not for every record (a trial can log hundreds of thousands of metric records).
   *
   * <p>A sink that throws stops being given records; the reading goes on to the end of the file, so that damage
   * further on is still reported first (it says more: the records the sink refused may be the damage's doing), and
   * then the sink's exception is thrown.
   */
  @FunctionalInterface
  public interface RecordSink {
    void accept(long line, JsonObject record);
  }

  /** Takes the records and keeps none. */
  public static final RecordSink IGNORE = (line, record) -> { };

  /**
   * Opens (or creates) the journal at {@code file} for appending, giving every complete record to {@code sink}. A
   * torn tail (bytes after the last complete record that no complete record follows: what a crash in the middle of a
   * write leaves) is copied to {@code <file>.corrupt-<time>} for inspection, cut off, and described by {@link
   * #recovery()}.
   *
   * <p>A line that is not a complete record but that complete records follow is damage, not a tail: no crash of the
   * appending engine leaves it, and cutting there would throw complete records away. The journal is then left as it
   * is and this throws, naming the line, its byte offset and how many complete records follow it.
   *
   * <p>Only the engine holding the experiment's {@link DirectoryLock} may open it: anyone else could be cutting off
   * the record its engine is writing at that moment; the engine would then write on at its own position, past the new
   * end, and leave a hole that cuts off everything after it at the next open. Readers use {@link #read}.
   *
   * @throws KatibException when the journal is damaged before its last complete record
   */
  public static Journal open(Path file, RecordSink sink) {
    return open(file, null, Objects.requireNonNull(sink, "sink"), () -> { });
  }

  /** Opens the journal at {@code file} as {@link #open(Path, RecordSink)} does, keeping none of its records. */
  public static Journal open(Path file) {
    return open(file, IGNORE);
  }

  /**
   * Opens the journal of an experiment that must exist, as {@link #open(Path, RecordSink)} does, but throws what
   * {@code whenNoRecord} gives, before changing anything, when the journal holds no complete record; gives the
   * complete records to {@code sink}, and then runs {@code check}, which throws, before anything is changed, when they
   * cannot be resumed.
   */
  public static Journal openExisting(Path file, Supplier<KatibException> whenNoRecord, RecordSink sink,
      Runnable check) {
    return open(file, Objects.requireNonNull(whenNoRecord, "whenNoRecord"), Objects.requireNonNull(sink, "sink"),
        Objects.requireNonNull(check, "check"));
  }

  private static Journal open(Path file, Supplier<KatibException> whenNoRecord, RecordSink sink, Runnable check) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Scan scan;
      try {
        scan = scan(file, sink);
      } catch (NoSuchFileException e) {
        scan = new Scan();
      }
      scan.throwIfDamaged(file, "so the engine ran nothing and left the file as it is, as cutting it there would lose "
          + "those records");
      if (whenNoRecord != null && scan.records == 0) {
        throw whenNoRecord.get();
      }
      scan.throwIfSinkFailed();
      check.run();
      long good = scan.good;
      String recovery = null;
      if (good < scan.length) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + Instant.now().toEpochMilli());
        try (FileChannel from = FileChannel.open(file, StandardOpenOption.READ);
            FileChannel to = FileChannel.open(aside, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
          long copied = 0;
          while (copied < scan.length - good) {
            copied += from.transferTo(good + copied, scan.length - good - copied, to);
          }
          to.force(true);
        }
        recovery = "the journal " + file + " ended in " + (scan.length - good) + " bytes that are not a complete "
            + "record (a crash during a write); kept the " + scan.records + " complete records, cut the "
            + "rest off and saved it to " + aside;
      }
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      channel.truncate(good);
      channel.position(good);
      channel.force(true);
      return new Journal(file, channel, scan.records, recovery);
    } catch (IOException e) {
      throw new KatibException("cannot open the journal " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the journal at {@code file} without writing to it, for an experiment this process does not run, giving
   * every complete record to {@code sink}: its engine may be appending at this moment, so a tail that is not a
   * complete record may be the record being written, and only that engine, holding the directory's lock, may repair
   * it. Every complete record before the tail is read; a missing file reads as no record.
   *
   * @throws KatibException when the journal is damaged before its last complete record (see {@link #open}): the
   *     records before the damage are not the whole experiment, and readers must not present them as if they were
   */
  public static Contents read(Path file, RecordSink sink) {
    Scan scan;
    try {
      scan = scan(file, Objects.requireNonNull(sink, "sink"));
    } catch (NoSuchFileException e) {
      return new Contents(0, Optional.empty());
    } catch (IOException e) {
      throw new KatibException("cannot read the journal " + file + ": " + e.getMessage(), e);
    }
    scan.throwIfDamaged(file, "so nothing was read from it, as the records before the damage are not the whole "
        + "experiment, and the file was left as it is");
    scan.throwIfSinkFailed();
    long good = scan.good;
    Optional<String> tail = good == scan.length ? Optional.empty() : Optional.of("the journal " + file + " ends in "
        + (scan.length - good) + " bytes that are not a complete record: the record its engine is writing, if the "
        + "experiment is running, else damage (a crash during a write); read the " + scan.records
        + " complete records before them and left the file as it is (resuming the experiment repairs it)");
    return new Contents(scan.records, tail);
  }

  /** What {@link #read} found: how many complete records it gave, and a note on the bytes after them, if any. */
  public static final class Contents {
    private final long recordCount;
    private final Optional<String> incompleteTail;

    private Contents(long recordCount, Optional<String> incompleteTail) {
      this.recordCount = recordCount;
      this.incompleteTail = incompleteTail;
    }

    /** How many complete records were read (and given to the sink). */
    public long recordCount() {
      return recordCount;
    }

    /** A note saying what follows the last complete record, when something does. */
    public Optional<String> incompleteTail() {
      return incompleteTail;
    }
  }

  /**
   * What reading a journal found: how many complete records there are up to the first line that is not one, the
   * offset after them, and, when complete records follow that line, where it is.
   */
  private static final class Scan {
    /** The complete records before the first bad line (lines 1 to {@code records}). */
    long records;
    /** The offset after the last complete record before the first bad line (the whole length when there is none). */
    long good;
    /** The length of the file as read. */
    long length;
    /** The bad lines, 1-based, that complete records follow (empty for a journal that is whole or has a torn tail). */
    final List<Long> damagedLines = new ArrayList<>();
    /** The byte offset of the first damaged line and its text, when there is one. */
    long damageOffset;
    String damagedText;
    String why;
    /** The complete records after the first damaged line, and the line of the last one. */
    long recordsAfter;
    long lastRecordLine;
    /** What the sink threw, if it did. */
    RuntimeException sinkFailure;

    /** Throws what the sink threw, if it did. */
    void throwIfSinkFailed() {
      if (sinkFailure != null) {
        throw sinkFailure;
      }
    }

    /** Throws, saying where the damage is and what to do, unless complete records follow no bad line. */
    void throwIfDamaged(Path file, String consequence) {
      if (damagedLines.isEmpty()) {
        return;
      }
      long line = damagedLines.get(0);
      String others = damagedLines.size() == 1 ? "" : " (line" + (damagedLines.size() == 2 ? " " : "s ")
          + damagedLines.subList(1, damagedLines.size()).stream().map(String::valueOf)
              .collect(Collectors.joining(", ")) + " too)";
      throw new KatibException("the journal " + file + " is damaged at line " + line + " (byte offset "
          + damageOffset + ")" + others + ": " + why + ", yet " + recordsAfter + " complete record"
          + (recordsAfter == 1 ? "" : "s") + " follow" + (recordsAfter == 1 ? "s" : "") + " it, up to line "
          + lastRecordLine + ". That is not a record a crash cut short (only the last one can be), but damage to the "
          + "file (a disk error, or an edit); " + consequence + ". The damaged line begins: " + damagedText + ". "
          + wayOut(file, "the damaged line" + (damagedLines.size() == 1 ? "" : "s"), damagedLines, "what "
              + (damagedLines.size() == 1 ? "it" : "they") + " recorded is lost: " + LOST_RECORDS));
    }
  }

  /** What deleting records costs, as the ways out of a damaged journal say. */
  static final String LOST_RECORDS = "a trial whose end is lost runs again, but the experiment's own record (line 1) "
      + "and a trial's \"trial\" record, which later records need, cannot be done without";

  /**
   * The ways out of a journal that cannot be read as it is: restore it from a backup, or delete {@code lines} (named
   * as {@code what}), knowing {@code cost}; then try again.
   */
  static String wayOut(Path file, String what, List<Long> lines, String cost) {
    String delete = lines.stream().map(n -> n + "d").collect(Collectors.joining(";"));
    return "To go on, restore " + file.getFileName() + " from a backup; or delete " + what + " (sed -i '" + delete
        + "' " + file + "), knowing that " + cost + "; then try again";
  }

  /**
   * The error for a journal whose every line is a complete record but whose record at {@code line} does not make
   * sense after the ones before it (a hand edit, say): it names the file, the line, what is wrong ({@code problem}:
   * what was expected and what was seen), what was done about it, the record as it reads and the ways out.
   */
  static KatibException nonsense(Path file, long line, JsonObject record, String problem, String consequence,
      String wayOut) {
    return new KatibException("the journal " + file + " does not make sense at line " + line + ": " + problem
        + ". The line is a complete record (its checksum matches its text), so no crash left it: the file was "
        + "edited, or written by another version of katib4j; " + consequence + ". The line reads: "
        + excerpt(JsonTrees.compact(record)) + ". " + wayOut);
  }

  /**
   * The longest line read as a possible record: far more than any record the engine writes (the largest, the
   * experiment's own, holds one experiment, which Kubernetes caps at about 1.5 MB). A longer line (a stretch of a
   * damaged file without a newline, say) is not kept whole in memory, and is not a record.
   */
  static final int MAX_LINE = 64 << 20;

  /**
   * Reads the journal at {@code file} line by line, giving the records from the start up to the first bad line to
   * {@code sink}, then looks past it for complete records.
   */
  private static Scan scan(Path file, RecordSink sink) throws IOException {
    Scan scan = new Scan();
    long offset = 0;
    long line = 0;
    boolean bad = false;
    List<Long> badLines = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      LineReader reader = new LineReader(in);
      while (reader.next()) {
        line++;
        Optional<JsonObject> record = reader.newline && !reader.tooLong ? reader.record() : Optional.empty();
        if (record.isEmpty()) {
          if (!bad) {
            bad = true;
            scan.good = offset;
            scan.damageOffset = offset;
            scan.damagedText = excerpt(reader.text(1024));
            scan.why = !reader.newline ? "it does not end in a newline" : reader.tooLong ? "it is longer than "
                + (MAX_LINE >> 20) + " MiB, more than any record holds" : whyNotARecord(reader.text(MAX_LINE));
          }
          badLines.add(line);
        } else if (!bad) {
          scan.records++;
          if (scan.sinkFailure == null) {
            try {
              sink.accept(line, record.get());
            } catch (RuntimeException e) {
              scan.sinkFailure = e;
            }
          }
        } else {
          // A complete record after a bad line: the bad lines before it are damage, not a tail.
          scan.damagedLines.addAll(badLines);
          badLines.clear();
          scan.recordsAfter++;
          scan.lastRecordLine = line;
        }
        offset += reader.length;
      }
    }
    scan.length = offset;
    if (!bad) {
      scan.good = offset;
    }
    return scan;
  }

  /**
   * Reads a stream one line at a time, each with its length in bytes (its newline included), keeping at most {@link
   * #MAX_LINE} bytes of a line.
   */
  private static final class LineReader {
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];
    /** The bytes of the current line kept in {@code line}, its newline left out. */
    private int kept;
    /** The current line's length in the stream, its newline included. */
    long length;
    /** Whether the current line ends in a newline (only the last line of the stream may not). */
    boolean newline;
    /** Whether the current line is longer than {@link #MAX_LINE}, and so not kept whole. */
    boolean tooLong;

    LineReader(InputStream in) {
      this.in = in;
    }

    /** Reads the next line; false at the end of the stream. */
    boolean next() throws IOException {
      kept = 0;
      length = 0;
      newline = false;
      tooLong = false;
      while (true) {
        if (position == limit) {
          int n = in.read(buffer);
          if (n < 0) {
            return length > 0;
          }
          position = 0;
          limit = n;
        }
        int start = position;
        while (position < limit && buffer[position] != '\n') {
          position++;
        }
        keep(start, position - start);
        length += position - start;
        if (position < limit) {
          position++;
          length++;
          newline = true;
          return true;
        }
      }
    }

    private void keep(int from, int count) {
      int room = MAX_LINE - kept;
      if (count > room) {
        tooLong = true;
        count = room;
      }
      if (kept + count > line.length) {
        line = Arrays.copyOf(line, (int) Math.min(MAX_LINE, Math.max(kept + count, 2L * line.length)));
      }
      System.arraycopy(buffer, from, line, kept, count);
      kept += count;
    }

    /** The start of the current line's text, at most {@code bytes} of it, without its newline. */
    String text(int bytes) {
      return new String(line, 0, Math.min(kept, bytes), StandardCharsets.UTF_8);
    }

    /**
     * The current line's record: its JSON object, when the line is an 8-digit checksum, a space and JSON text that
     * the checksum matches.
     */
    Optional<JsonObject> record() {
      if (kept < 9 || line[8] != ' ') {
        return Optional.empty();
      }
      byte[] hex = new byte[8];
      CRC32C crc = new CRC32C();
      crc.update(line, 9, kept - 9);
      hex((int) crc.getValue(), hex);
      if (!Arrays.equals(hex, 0, 8, line, 0, 8)) {
        return Optional.empty();
      }
      try {
        JsonElement element = JsonParser.parseString(new String(line, 9, kept - 9, StandardCharsets.UTF_8));
        return element.isJsonObject() ? Optional.of(element.getAsJsonObject()) : Optional.empty();
      } catch (JsonParseException e) {
        return Optional.empty();
      }
    }
  }

  /** Why a line ending in a newline is not a record. */
  private static String whyNotARecord(String line) {
    if (line.indexOf(' ') != 8) {
      return "it does not start with an 8-digit checksum and a space";
    }
    if (!crc(line.substring(9)).equals(line.substring(0, 8))) {
      return "its checksum " + line.substring(0, 8) + " does not match its text (" + crc(line.substring(9)) + ")";
    }
    return "its text is not a JSON object";
  }

  /** The start of a damaged line, quoted, with what a terminal would not show plainly escaped. */
  static String excerpt(String line) {
    StringBuilder b = new StringBuilder("\"");
    int shown = Math.min(line.length(), 120);
    for (int i = 0; i < shown; i++) {
      char c = line.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || c == '\ufffd') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').append(line.length() > shown ? "..." : "").toString();
  }

  private static String crc(String json) {
    byte[] hex = new byte[8];
    hex(crc(json.getBytes(StandardCharsets.UTF_8)), hex);
    return new String(hex, StandardCharsets.US_ASCII);
  }

  private static int crc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return (int) crc.getValue();
  }

  /** Writes {@code value} as 8 lower-case hex digits into the start of {@code into}. */
  private static void hex(int value, byte[] into) {
    for (int i = 7; i >= 0; i--) {
      into[i] = HEX[value & 0xf];
      value >>>= 4;
    }
  }

  /** A record's line: its CRC-32C in hex, a space, the JSON text, a newline. */
  private static byte[] line(String json) {
    byte[] text = json.getBytes(StandardCharsets.UTF_8);
    byte[] line = new byte[text.length + 10];
    hex(crc(text), line);
    line[8] = ' ';
    System.arraycopy(text, 0, line, 9, text.length);
    line[line.length - 1] = '\n';
    return line;
  }

  /** How many complete records the journal held when it was opened. */
  public long recordCount() {
    return recordCount;
  }

  /** What was cut off when the journal was opened, if anything. */
  public Optional<String> recovery() {
    return Optional.ofNullable(recovery);
  }

  public Path file() {
    return file;
  }

  /** Queues {@code record}; the future completes once it is on disk. */
  public CompletableFuture<Void> append(JsonObject record) {
    return append(JsonTrees.compact(record));
  }

  /**
   * Queues a record given as compact JSON text (one line, as {@link Records} writes it); the future completes once
   * it is on disk, after the futures of every record appended before it.
   */
  public CompletableFuture<Void> append(String json) {
    Pending pending = new Pending(line(json));
    synchronized (lock) {
      if (closed) {
        throw new KatibException("the journal " + file + " is closed");
      }
      KatibException failure = failed.getNow(null);
      if (failure != null) {
        throw new KatibException("the journal " + file + " cannot be written: " + failure.getCause().getMessage(),
            failure.getCause());
      }
      queue.add(pending);
      queuedBytes += pending.line.length;
      last = pending.done;
      if (idle) {
        lock.notifyAll();
      }
    }
    return pending.done;
  }

  /** Completes once every record appended so far is on disk, which is done without delay for the caller. */
  public CompletableFuture<Void> flushed() {
    synchronized (lock) {
      // Only for queued records: a batch the writer holds is already being synced, and a leftover flag would hurry
      // the next batch, which nobody waits for.
      if (!queue.isEmpty()) {
        urgent = true;
        lock.notifyAll();
      }
      return last;
    }
  }

  /**
   * Completes with the error once a write or sync fails (a full disk, a file size limit); from then on the journal
   * takes no record. Dependent actions run on the journal's writer thread unless given an executor, and must not
   * wait for it (closing the journal does).
   */
  public CompletableFuture<KatibException> failed() {
    return failed;
  }

  /** Appends {@code record} and waits until it is on disk. */
  public void appendDurably(JsonObject record) {
    appendDurably(JsonTrees.compact(record));
  }

  /** Appends a record given as compact JSON text and waits until it is on disk. */
  public void appendDurably(String json) {
    try {
      CompletableFuture<Void> done = append(json);
      flushed();
      done.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof KatibException ? (KatibException) e.getCause()
          : new KatibException("cannot write the journal " + file, e.getCause());
    }
  }

  /** Writes what is queued with one write and one fsync, then completes its futures in order. */
  private void writeLoop() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    while (true) {
      List<Pending> batch;
      int bytes;
      synchronized (lock) {
        try {
          while (queue.isEmpty() && !closed) {
            idle = true;
            lock.wait();
            idle = false;
          }
          long wait;
          while (!closed && !urgent && (wait = lastSync + SYNC_INTERVAL_NANOS - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(lock, wait);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (queue.isEmpty()) {
          return;
        }
        urgent = false;
        batch = queue;
        bytes = queuedBytes;
        queue = new ArrayList<>();
        queuedBytes = 0;
      }
      try {
        if (buffer.capacity() < bytes) {
          buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(bytes) * 2);
        }
        buffer.clear();
        for (Pending p : batch) {
          buffer.put(p.line);
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(false);
        lastSync = System.nanoTime();
        batch.forEach(p -> p.done.complete(null));
      } catch (IOException e) {
        KatibException error = new KatibException("cannot write the journal " + file + ": " + e.getMessage(), e);
        // First, so that whoever sees one of the batch's futures fail finds further appends refused.
        failed.complete(error);
        batch.forEach(p -> p.done.completeExceptionally(error));
      } catch (RuntimeException | Error e) {
        failWriter(e, batch);
        throw e;
      }
    }
  }

  /**
   * The writer thread. Anything but a failed write (an OutOfMemoryError, a bug) would end it silently and leave every
   * waiter waiting; it fails the journal as a failed write does, so that the run stops saying why, and then goes on
   * to the thread's uncaught-exception handler as on any thread.
   */
  private void writeLoopOrFail() {
    try {
      writeLoop();
    } catch (RuntimeException | Error e) {
      failWriter(e, List.of());
      throw e;
    }
  }

  /** Fails the journal, the batch being written and the queued records, once the writer thread itself fails. */
  private void failWriter(Throwable e, List<Pending> batch) {
    KatibException error = new KatibException("the journal " + file + " has no writer any more: its thread failed"
        + " with " + e, e);
    failed.complete(error);
    List<Pending> queued;
    synchronized (lock) {
      queued = queue;
      queue = new ArrayList<>();
      queuedBytes = 0;
    }
    batch.forEach(p -> p.done.completeExceptionally(error));
    queued.forEach(p -> p.done.completeExceptionally(error));
  }

  /** Writes everything queued, then closes the file. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      lock.notifyAll();
    }
    try {
      writer.join();
      channel.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
