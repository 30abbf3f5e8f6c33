package io.github.katib4j.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.katib4j.KatibException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock of an experiment directory, on real files, by real threads of this process. */
class DirectoryLockTest {
  @TempDir
  Path dir;

  @Test
  void directoryThisUserMayNotWrite_saysPermissionDenied_notJustThePath() throws Exception {
    // As root, chmod keeps nothing out; /sys refuses new files to root too.
    boolean root = "root".equals(System.getProperty("user.name"));
    Path readOnly = root ? Path.of("/sys") : Files.createDirectory(dir.resolve("read-only"));
    assumeTrue(Files.isDirectory(readOnly), "no /sys here");
    if (!root) {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    }

    assertThatThrownBy(() -> DirectoryLock.acquire(readOnly)).isInstanceOf(KatibException.class)
        .hasMessage("cannot lock the experiment directory " + readOnly + ": " + readOnly.resolve(".lock")
            + ": Permission denied: this user may not create or write files there; use a directory it can write to,"
            + " or change the permissions");
  }

  @Test
  void directoryThatCannotBeCreated_saysWhy() {
    // mkdir in /proc fails with ENOENT, whose exception's message is only the path.
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc here");

    assertThatThrownBy(() -> DirectoryLock.acquire(Path.of("/proc/self/default/base")))
        .isInstanceOf(KatibException.class).hasMessage("cannot lock the experiment directory /proc/self/default/base:"
            + " /proc/self/default: No such file or directory");
  }

  @Test
  void lockTakenAndReleasedOverAndOver_isAlwaysRefusedNamingItsHolder_neverHolderUnknown() throws Exception {
    Path experiment = dir.resolve("raced");
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch holding = new CountDownLatch(1);
    Thread other = new Thread(() -> {
      while (!done.get()) {
        try {
          DirectoryLock.acquire(experiment).close();
          holding.countDown();
        } catch (KatibException e) {
          // This test's thread held it.
        }
      }
    }, "other engine");
    other.start();
    List<String> refusals = new ArrayList<>();
    try {
      holding.await();
      for (long until = System.nanoTime() + 1_500_000_000L; System.nanoTime() < until; ) {
        try {
          DirectoryLock.acquire(experiment).close();
        } catch (KatibException e) {
          refusals.add(e.getMessage());
        }
      }
    } finally {
      done.set(true);
      other.join();
    }

    assertThat(refusals).as("refusals while the other thread held the lock").isNotEmpty()
        .allSatisfy(m -> assertThat(m).contains("is in use by another katib4j engine in this process (process "
            + ProcessHandle.current().pid() + " since ").doesNotContain("holder unknown"));
  }
}
