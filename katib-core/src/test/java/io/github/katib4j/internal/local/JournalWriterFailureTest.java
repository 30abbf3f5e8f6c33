package io.github.katib4j.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.KatibException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's writer thread failing on its own (here an OutOfMemoryError for direct buffer memory, in a JVM given
 * 1 MB of it) fails the journal, so that the run stops saying why, instead of leaving every waiter waiting.
 */
class JournalWriterFailureTest {
  @TempDir
  Path dir;

  @Test
  void anErrorOnTheWriterThread_failsTheJournalAndItsWaiters_ratherThanEndingTheThreadSilently() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-XX:MaxDirectMemorySize=1m", "-cp", System.getProperty("java.class.path"),
        Child.class.getName(), dir.resolve("journal.log").toString()).redirectErrorStream(true).start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(output).as(output).contains("failed: the journal " + dir.resolve("journal.log") + " has no writer any"
        + " more: its thread failed with java.lang.OutOfMemoryError");
    assertThat(output).as(output).contains("record: the journal");
    assertThat(output).as(output).contains("append refused: the journal ");
  }

  /** Appends a record larger than the direct memory the JVM allows, which the writer cannot buffer. */
  public static final class Child {
    public static void main(String[] args) throws IOException, InterruptedException {
      Journal journal = Journal.open(Path.of(args[0]));
      CompletableFuture<Void> done = journal.append("{\"type\":\"big\",\"text\":\"" + "x".repeat(2 << 20) + "\"}");
      journal.flushed();
      try {
        System.out.println("failed: " + journal.failed().get(30, TimeUnit.SECONDS).getMessage());
        done.get(30, TimeUnit.SECONDS);
        System.out.println("record: written");
      } catch (ExecutionException e) {
        System.out.println("record: " + e.getCause().getMessage());
      } catch (java.util.concurrent.TimeoutException e) {
        System.out.println("timed out");
      }
      try {
        journal.append("{\"type\":\"small\"}");
        System.out.println("append taken");
      } catch (KatibException e) {
        System.out.println("append refused: " + e.getMessage());
      }
    }
  }
}
