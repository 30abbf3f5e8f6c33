package io.github.katib4j.internal.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.katib4j.KatibException;
import io.github.katib4j.internal.codec.JsonTrees;
import java.io.IOException;
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
  private final List<JsonObject> records;
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

  private Journal(Path file, FileChannel channel, List<JsonObject> records, String recovery) {
    this.file = file;
    this.channel = channel;
    this.records = records;
    this.recovery = recovery;
    this.writer = new Thread(this::writeLoopOrFail, "katib4j-journal " + file.getFileName());
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /**
   * Opens (or creates) the journal at {@code file} for appending, reading every complete record. A torn tail (bytes
   * after the last complete record that no complete record follows: what a crash in the middle of a write leaves) is
   * copied to {@code <file>.corrupt-<time>} for inspection, cut off, and described by {@link #recovery()}.
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
  public static Journal open(Path file) {
    return open(file, null);
  }

  /**
   * Opens the journal of an experiment that must exist, as {@link #open(Path)} does, but throws what {@code
   * whenNoRecord} gives, before changing anything, when the journal holds no complete record.
   */
  public static Journal openExisting(Path file, Supplier<KatibException> whenNoRecord) {
    return open(file, Objects.requireNonNull(whenNoRecord, "whenNoRecord"));
  }

  private static Journal open(Path file, Supplier<KatibException> whenNoRecord) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
      Scan scan = scan(bytes);
      scan.throwIfDamaged(file, "so the engine ran nothing and left the file as it is, as cutting it there would lose "
          + "those records");
      if (whenNoRecord != null && scan.records.isEmpty()) {
        throw whenNoRecord.get();
      }
      int good = scan.good;
      String recovery = null;
      if (good < bytes.length) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + Instant.now().toEpochMilli());
        Files.write(aside, Arrays.copyOfRange(bytes, good, bytes.length));
        recovery = "the journal " + file + " ended in " + (bytes.length - good) + " bytes that are not a complete "
            + "record (a crash during a write); kept the " + scan.records.size() + " complete records, cut the "
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
   * Reads the journal at {@code file} without writing to it, for an experiment this process does not run: its engine
   * may be appending at this moment, so a tail that is not a complete record may be the record being written, and only
   * that engine, holding the directory's lock, may repair it. Every complete record before the tail is read; a missing
   * file reads as no record.
   *
   * @throws KatibException when the journal is damaged before its last complete record (see {@link #open}): the
   *     records before the damage are not the whole experiment, and readers must not present them as if they were
   */
  public static Contents read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new Contents(List.of(), Optional.empty());
    } catch (IOException e) {
      throw new KatibException("cannot read the journal " + file + ": " + e.getMessage(), e);
    }
    Scan scan = scan(bytes);
    scan.throwIfDamaged(file, "so nothing was read from it, as the records before the damage are not the whole "
        + "experiment, and the file was left as it is");
    int good = scan.good;
    Optional<String> tail = good == bytes.length ? Optional.empty() : Optional.of("the journal " + file + " ends in "
        + (bytes.length - good) + " bytes that are not a complete record: the record its engine is writing, if the "
        + "experiment is running, else damage (a crash during a write); read the " + scan.records.size()
        + " complete records before them and left the file as it is (resuming the experiment repairs it)");
    return new Contents(List.copyOf(scan.records), tail);
  }

  /** What {@link #read} found: the complete records, in order, and a note on the bytes after them, if any. */
  public static final class Contents {
    private final List<JsonObject> records;
    private final Optional<String> incompleteTail;

    private Contents(List<JsonObject> records, Optional<String> incompleteTail) {
      this.records = records;
      this.incompleteTail = incompleteTail;
    }

    public List<JsonObject> records() {
      return records;
    }

    /** A note saying what follows the last complete record, when something does. */
    public Optional<String> incompleteTail() {
      return incompleteTail;
    }
  }

  /**
   * What reading a journal's bytes found: the complete records up to the first line that is not one, the offset after
   * them, and, when complete records follow that line, where it is.
   */
  private static final class Scan {
    final List<JsonObject> records = new ArrayList<>();
    /** The offset after the last complete record before the first bad line (the whole length when there is none). */
    int good;
    /** The bad lines, 1-based, that complete records follow (empty for a journal that is whole or has a torn tail). */
    final List<Integer> damagedLines = new ArrayList<>();
    /** The byte offset of the first damaged line and its text, when there is one. */
    int damageOffset;
    String damagedText;
    String why;
    /** The complete records after the first damaged line, and the line of the last one. */
    int recordsAfter;
    int lastRecordLine;

    /** Throws, saying where the damage is and what to do, unless complete records follow no bad line. */
    void throwIfDamaged(Path file, String consequence) {
      if (damagedLines.isEmpty()) {
        return;
      }
      int line = damagedLines.get(0);
      String others = damagedLines.size() == 1 ? "" : " (line" + (damagedLines.size() == 2 ? " " : "s ")
          + damagedLines.subList(1, damagedLines.size()).stream().map(String::valueOf)
              .collect(Collectors.joining(", ")) + " too)";
      String delete = damagedLines.stream().map(n -> n + "d").collect(Collectors.joining(";"));
      throw new KatibException("the journal " + file + " is damaged at line " + line + " (byte offset "
          + damageOffset + ")" + others + ": " + why + ", yet " + recordsAfter + " complete record"
          + (recordsAfter == 1 ? "" : "s") + " follow" + (recordsAfter == 1 ? "s" : "") + " it, up to line "
          + lastRecordLine + ". That is not a record a crash cut short (only the last one can be), but damage to the "
          + "file (a disk error, or an edit); " + consequence + ". The damaged line begins: " + damagedText + ". To "
          + "go on, restore " + file.getFileName() + " from a backup; or delete the damaged line"
          + (damagedLines.size() == 1 ? "" : "s") + " (sed -i '" + delete + "' " + file + "), knowing that what "
          + (damagedLines.size() == 1 ? "it" : "they") + " recorded is lost: a trial whose end is lost runs again, "
          + "but the experiment's own record (line 1) and a trial's \"trial\" record, which later records need, "
          + "cannot be done without; then try again");
    }
  }

  /** Reads records from the start up to the first bad line, then looks past it for complete records. */
  private static Scan scan(byte[] bytes) {
    Scan scan = new Scan();
    int offset = 0;
    int line = 0;
    int firstBad = -1;
    List<Integer> badLines = new ArrayList<>();
    while (offset < bytes.length) {
      line++;
      int newline = indexOf(bytes, (byte) '\n', offset);
      int end = newline < 0 ? bytes.length : newline;
      String text = new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
      Optional<JsonObject> record = newline < 0 ? Optional.empty() : decode(text);
      if (record.isEmpty()) {
        if (firstBad < 0) {
          firstBad = offset;
          scan.good = offset;
          scan.damageOffset = offset;
          scan.damagedText = excerpt(text);
          scan.why = newline < 0 ? "it does not end in a newline" : whyNotARecord(text);
        }
        badLines.add(line);
      } else if (firstBad < 0) {
        scan.records.add(record.get());
      } else {
        // A complete record after a bad line: the bad lines before it are damage, not a tail.
        scan.damagedLines.addAll(badLines);
        badLines.clear();
        scan.recordsAfter++;
        scan.lastRecordLine = line;
      }
      offset = newline < 0 ? bytes.length : newline + 1;
    }
    if (firstBad < 0) {
      scan.good = bytes.length;
    }
    return scan;
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
  private static String excerpt(String line) {
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

  private static Optional<JsonObject> decode(String line) {
    int space = line.indexOf(' ');
    if (space != 8) {
      return Optional.empty();
    }
    String json = line.substring(space + 1);
    if (!crc(json).equals(line.substring(0, 8))) {
      return Optional.empty();
    }
    try {
      JsonElement element = JsonParser.parseString(json);
      return element.isJsonObject() ? Optional.of(element.getAsJsonObject()) : Optional.empty();
    } catch (JsonParseException e) {
      return Optional.empty();
    }
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

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** The records read when the journal was opened, in order. */
  public List<JsonObject> records() {
    return List.copyOf(records);
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
