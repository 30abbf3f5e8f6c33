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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * An append-only journal of JSON records, one per line, each prefixed with the CRC-32C of its text, so that a torn or
 * corrupt tail (a crash in the middle of a write) is detected and cut off while every complete record is kept.
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
   * Opens (or creates) the journal at {@code file} for appending, reading every complete record. A corrupt or torn
   * tail is copied to {@code <file>.corrupt-<time>} for inspection, cut off, and described by {@link #recovery()}.
   *
   * <p>Only the engine holding the experiment's {@link DirectoryLock} may open it: anyone else could be cutting off
   * the record its engine is writing at that moment; the engine would then write on at its own position, past the new
   * end, and leave a hole that cuts off everything after it at the next open. Readers use {@link #read}.
   */
  public static Journal open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
      List<JsonObject> records = new ArrayList<>();
      int good = scan(bytes, records);
      String recovery = null;
      if (good < bytes.length) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + Instant.now().toEpochMilli());
        Files.write(aside, Arrays.copyOfRange(bytes, good, bytes.length));
        recovery = "the journal " + file + " ended in " + (bytes.length - good) + " bytes that are not a complete "
            + "record (a crash during a write, or damage); kept the " + records.size() + " complete records, cut the "
            + "rest off and saved it to " + aside;
      }
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      channel.truncate(good);
      channel.position(good);
      channel.force(true);
      return new Journal(file, channel, records, recovery);
    } catch (IOException e) {
      throw new KatibException("cannot open the journal " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the journal at {@code file} without writing to it, for an experiment this process does not run: its engine
   * may be appending at this moment, so a tail that is not a complete record may be the record being written, and only
   * that engine, holding the directory's lock, may repair it. Every complete record before the tail is read; a missing
   * file reads as no record.
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
    List<JsonObject> records = new ArrayList<>();
    int good = scan(bytes, records);
    Optional<String> tail = good == bytes.length ? Optional.empty() : Optional.of("the journal " + file + " ends in "
        + (bytes.length - good) + " bytes that are not a complete record: the record its engine is writing, if the "
        + "experiment is running, else damage (a crash during a write); read the " + records.size() + " complete "
        + "records before them and left the file as it is (resuming the experiment repairs it)");
    return new Contents(List.copyOf(records), tail);
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

  /** Reads records from the start; returns the offset after the last good one. */
  private static int scan(byte[] bytes, List<JsonObject> records) {
    int offset = 0;
    while (offset < bytes.length) {
      int newline = indexOf(bytes, (byte) '\n', offset);
      if (newline < 0) {
        return offset;
      }
      Optional<JsonObject> record = decode(new String(bytes, offset, newline - offset, StandardCharsets.UTF_8));
      if (record.isEmpty()) {
        return offset;
      }
      records.add(record.get());
      offset = newline + 1;
    }
    return offset;
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
