package io.github.katib4j.internal.local;

import io.github.katib4j.KatibException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

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
      boolean named = false;
      try {
        lock = tryLock(channel, file, directory, advice);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + " since " + Instant.now()
            + NAME_END).getBytes(StandardCharsets.UTF_8)));
        named = true;
      } finally {
        if (!named) {
          // Releases the lock too, if it was taken.
          channel.close();
        }
      }
      // No fsync: the text names the holder only to another engine while this one lives, which reads it from the
      // page cache; after a crash the lock has gone with the process.
      return new DirectoryLock(channel, lock);
    } catch (IOException e) {
      throw new KatibException("cannot lock the experiment directory " + directory + ": " + why(e), e);
    }
  }

  /**
   * Ends the holder's name in the lock file. A read that overlaps the holder's write may see only the start of it, so
   * a name without its end is taken for one not yet written.
   */
  private static final char NAME_END = '\n';

  /**
   * How long a lock that is held but whose file names no holder is tried again: its holder has just taken it and
   * not yet written its name, or is releasing it.
   */
  private static final long UNNAMED_HOLDER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /**
   * Takes the lock of {@code channel}, or throws naming the engine that holds it. The holder writes its name just
   * after taking the lock and empties the file just before releasing it, so a held lock whose file is empty, or holds
   * only the start of a name being written, is tried again briefly rather than reported with its holder unknown.
   */
  private static FileLock tryLock(FileChannel channel, Path file, Path directory, String advice) throws IOException {
    long until = System.nanoTime() + UNNAMED_HOLDER_NANOS;
    while (true) {
      boolean thisProcess = false;
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return lock;
        }
      } catch (OverlappingFileLockException e) {
        // Only a lock this JVM holds, through another channel, overlaps.
        thisProcess = true;
      }
      String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      String holder = text.trim();
      if (text.indexOf(NAME_END) >= 0 || System.nanoTime() - until > 0) {
        throw new KatibException("the experiment directory " + directory + " is in use by another katib4j engine"
            + (thisProcess ? " in this process" : "") + " (" + (holder.isEmpty() ? "holder unknown" : holder) + "); "
            + advice);
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KatibException("interrupted while waiting to lock the experiment directory " + directory, e);
      }
    }
  }

  /**
   * What went wrong with a file, in the system's words: the message of an {@link AccessDeniedException} or a
   * {@link NoSuchFileException} is only the file's name.
   */
  static String why(IOException e) {
    if (!(e instanceof FileSystemException)) {
      return e.getMessage() != null ? e.getMessage() : e.toString();
    }
    FileSystemException f = (FileSystemException) e;
    String reason = f.getReason();
    if (reason == null) {
      reason = e instanceof AccessDeniedException ? "Permission denied: this user may not create or write files"
          + " there; use a directory it can write to, or change the permissions"
          : e instanceof NoSuchFileException ? "No such file or directory"
          : e instanceof NotDirectoryException ? "Not a directory"
          : e instanceof FileAlreadyExistsException ? "File exists"
          : e.getClass().getSimpleName();
    }
    if (f.getFile() == null) {
      return reason;
    }
    return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + reason;
  }

  @Override
  public void close() {
    // As in acquire: on an interrupted thread, releasing would fail.
    boolean interrupted = Thread.interrupted();
    try {
      // Emptied while still held: an engine that finds the lock held by the next holder before it writes its name
      // then waits for the name, instead of taking this one's for it.
      try {
        channel.truncate(0);
      } catch (IOException e) {
        // The lock is released all the same; only the name stays.
      }
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
