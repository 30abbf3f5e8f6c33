package io.github.katib4j.internal.local;

import io.github.katib4j.KatibException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Keeps two engines from running the same experiment directory at once. The operating system releases the lock when
 * its process dies, even by {@code kill -9}, so a crashed engine never leaves a stale lock behind; the lock file names
 * the holder for the error message.
 */
public final class DirectoryLock implements AutoCloseable {
  private static final String LOCK_FILE = ".lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code directory}, creating it if needed.
   *
   * @throws KatibException naming the process that holds it
   */
  public static DirectoryLock acquire(Path directory) {
    return acquire(directory, "wait for it to finish, stop it, or use another directory");
  }

  /**
   * Takes the lock of {@code directory}, creating it if needed.
   *
   * @param advice what to do when another engine holds it, for the message
   * @throws KatibException naming the process that holds it
   */
  public static DirectoryLock acquire(Path directory, String advice) {
    // A FileChannel fails on a thread whose interrupt flag is set (ClosedByInterruptException), as is a trial
    // function's that deletes its own experiment: stopping the experiment interrupted it. The flag is kept for later.
    boolean interrupted = Thread.interrupted();
    try {
      return take(directory, advice);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static DirectoryLock take(Path directory, String advice) {
    Path file = directory.resolve(LOCK_FILE);
    try {
      Files.createDirectories(directory);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        channel.close();
        throw new KatibException("the experiment directory " + directory + " is in use by another katib4j engine ("
            + (holder.isEmpty() ? "holder unknown" : holder) + "); " + advice);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + " since " + Instant.now())
          .getBytes(StandardCharsets.UTF_8)));
      // No fsync: the text names the holder only to another engine while this one lives, which reads it from the
      // page cache; after a crash the lock has gone with the process.
      return new DirectoryLock(channel, lock);
    } catch (IOException e) {
      throw new KatibException("cannot lock the experiment directory " + directory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    // As in acquire: on an interrupted thread, releasing would fail.
    boolean interrupted = Thread.interrupted();
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new KatibException("cannot release the experiment directory lock: " + e.getMessage(), e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
