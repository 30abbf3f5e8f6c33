package io.github.katib4j.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.github.katib4j.KatibException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir
  Path dir;

  private static JsonObject record(int i) {
    JsonObject r = new JsonObject();
    r.addProperty("type", "test");
    r.addProperty("i", i);
    r.addProperty("text", "line\nwith \"quotes\" and ünïcode");
    return r;
  }

  @Test
  void append_thenReopen_readsEveryRecordInOrder() {
    Path file = dir.resolve("journal.log");
    try (Journal journal = Journal.open(file)) {
      assertThat(journal.recordCount()).isZero();
      for (int i = 0; i < 100; i++) {
        journal.append(record(i));
      }
    }

    List<JsonObject> reopenedRecords = new ArrayList<>();
    try (Journal reopened = Journal.open(file, (line, r) -> reopenedRecords.add(r))) {
      assertThat(reopenedRecords).hasSize(100);
      assertThat(reopenedRecords.get(42)).isEqualTo(record(42));
      assertThat(reopened.recovery()).isEmpty();
    }
  }

  @Test
  void append_futureCompletes_onlyOnceTheRecordIsInTheFile() throws Exception {
    Path file = dir.resolve("journal.log");
    try (Journal journal = Journal.open(file)) {
      journal.append(record(1)).get();

      assertThat(Files.readString(file)).contains("\"i\":1");
    }
  }

  @Test
  void append_withNobodyWaiting_reachesTheFileAfterTheWriterHasGoneIdle() throws Exception {
    Path file = dir.resolve("journal.log");
    try (Journal journal = Journal.open(file)) {
      journal.append(record(1)).get(10, TimeUnit.SECONDS);
      Thread.sleep(50);

      journal.append(record(2)).get(10, TimeUnit.SECONDS);

      assertThat(Files.readString(file)).contains("\"i\":1").contains("\"i\":2");
    }
  }

  @Test
  void flushed_completesOnceEveryRecordAppendedBeforeIsInTheFile() throws Exception {
    Path file = dir.resolve("journal.log");
    try (Journal journal = Journal.open(file)) {
      assertThat(journal.flushed()).isDone();
      for (int i = 0; i < 20; i++) {
        journal.append(record(i));
      }

      journal.flushed().get(10, TimeUnit.SECONDS);

      assertThat(Files.readString(file).lines()).hasSize(20);
    }
  }

  @Test
  void append_fromManyThreads_keepsEveryRecordWhole() throws Exception {
    Path file = dir.resolve("journal.log");
    try (Journal journal = Journal.open(file)) {
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      List<Thread> threads = IntStream.range(0, 8).mapToObj(t -> new Thread(() -> {
        for (int i = 0; i < 250; i++) {
          CompletableFuture<Void> f = journal.append(record(t * 1000 + i));
          synchronized (futures) {
            futures.add(f);
          }
        }
      })).collect(Collectors.toList());
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
      CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get();
    }

    List<JsonObject> reopenedRecords = new ArrayList<>();
    try (Journal reopened = Journal.open(file, (line, r) -> reopenedRecords.add(r))) {
      assertThat(reopenedRecords).hasSize(2000);
      assertThat(reopenedRecords.stream().map(r -> r.get("i").getAsInt()).distinct().count()).isEqualTo(2000);
    }
  }

  @Test
  void open_tornLastRecord_keepsCompleteRecordsAndSavesTheTail() throws Exception {
    Path file = dir.resolve("journal.log");
    try (Journal journal = Journal.open(file)) {
      journal.appendDurably(record(1));
      journal.appendDurably(record(2));
    }
    String whole = Files.readString(file);
    Files.writeString(file, whole + whole.substring(0, whole.indexOf('\n') / 2));

    List<JsonObject> reopenedRecords = new ArrayList<>();
    try (Journal reopened = Journal.open(file, (line, r) -> reopenedRecords.add(r))) {
      assertThat(reopenedRecords).containsExactly(record(1), record(2));
      assertThat(reopened.recovery()).hasValueSatisfying(r -> assertThat(r)
          .contains("kept the 2 complete records").contains(".corrupt-"));
      reopened.appendDurably(record(3));
    }
    List<JsonObject> againRecords = new ArrayList<>();
    try (Journal again = Journal.open(file, (line, r) -> againRecords.add(r))) {
      assertThat(againRecords).containsExactly(record(1), record(2), record(3));
      assertThat(again.recovery()).isEmpty();
    }
    try (var files = Files.list(dir)) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith("journal.log.corrupt-"))).hasSize(1);
    }
  }

  /** The journal of three records with one byte of the second changed, as a disk error or a stray edit leaves it. */
  private byte[] damageTheSecondOfThree(Path file) throws Exception {
    try (Journal journal = Journal.open(file)) {
      for (int i = 0; i < 3; i++) {
        journal.appendDurably(record(i));
      }
    }
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.UTF_8);
    int second = text.indexOf('\n') + 1;
    int flip = text.indexOf("\"i\":1", second);
    bytes[flip + 4] = (byte) '7';
    Files.write(file, bytes);
    return bytes;
  }

  @Test
  void open_corruptRecordInTheMiddle_refusesNamingTheLineAndOffset_andChangesNothing() throws Exception {
    Path file = dir.resolve("journal.log");
    byte[] damaged = damageTheSecondOfThree(file);
    int offset = Files.readAllLines(file).get(0).getBytes(StandardCharsets.UTF_8).length + 1;

    assertThatThrownBy(() -> Journal.open(file)).isInstanceOf(KatibException.class)
        .hasMessageContaining("the journal " + file + " is damaged at line 2 (byte offset " + offset + "): its "
            + "checksum ")
        .hasMessageContaining("yet 1 complete record follows it, up to line 3")
        .hasMessageContaining("not a record a crash cut short")
        .hasMessageContaining("the engine ran nothing and left the file as it is")
        .hasMessageContaining("The damaged line begins: \"")
        .hasMessageContaining("restore journal.log from a backup")
        .hasMessageContaining("sed -i '2d' " + file);

    assertThat(Files.readAllBytes(file)).isEqualTo(damaged);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void open_afterTheDamagedLineIsDeleted_keepsEveryOtherRecord() throws Exception {
    Path file = dir.resolve("journal.log");
    damageTheSecondOfThree(file);
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    lines.remove(1);
    Files.write(file, lines, StandardCharsets.UTF_8);

    List<JsonObject> reopenedRecords = new ArrayList<>();
    try (Journal reopened = Journal.open(file, (line, r) -> reopenedRecords.add(r))) {
      assertThat(reopenedRecords).containsExactly(record(0), record(2));
      assertThat(reopened.recovery()).isEmpty();
    }
  }

  @Test
  void open_severalDamagedLinesThenATornTail_namesEveryDamagedLine() throws Exception {
    Path file = dir.resolve("journal.log");
    try (Journal journal = Journal.open(file)) {
      for (int i = 0; i < 5; i++) {
        journal.appendDurably(record(i));
      }
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    lines.set(1, "garbage");
    lines.set(3, "\u0000\u0000" + lines.get(3).substring(2));
    Files.writeString(file, String.join("\n", lines) + "\n0123abcd {\"type\":", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Journal.open(file)).isInstanceOf(KatibException.class)
        .hasMessageContaining("is damaged at line 2 (byte offset ")
        .hasMessageContaining("(line 4 too): it does not start with an 8-digit checksum and a space")
        .hasMessageContaining("yet 2 complete records follow it, up to line 5")
        .hasMessageContaining("sed -i '2d;4d' " + file);
  }

  @Test
  void read_aLineLongerThanAnyRecord_isNotARecord_andTheOffsetsAfterItAreExact() throws Exception {
    Path file = dir.resolve("journal.log");
    try (Journal journal = Journal.open(file)) {
      journal.appendDurably(record(1));
    }
    long first = Files.size(file);
    // A stretch of a damaged file with no newline in it (zeros, as a crash of the file system can leave).
    try (var out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i <= Journal.MAX_LINE >> 20; i++) {
        out.write(zeros);
      }
      out.write('\n');
    }
    try (Journal journal = Journal.open(dir.resolve("other.log"))) {
      journal.appendDurably(record(2));
    }
    Files.write(file, Files.readAllBytes(dir.resolve("other.log")), java.nio.file.StandardOpenOption.APPEND);

    assertThatThrownBy(() -> Journal.read(file, Journal.IGNORE)).isInstanceOf(KatibException.class)
        .hasMessageContaining("is damaged at line 2 (byte offset " + first + "): it is longer than 64 MiB, more than"
            + " any record holds, yet 1 complete record follows it, up to line 3")
        .hasMessageContaining("sed -i '2d' " + file);
  }

  @Test
  void read_corruptRecordInTheMiddle_refusesAsOpenDoes_andWritesNothing() throws Exception {
    Path file = dir.resolve("journal.log");
    byte[] damaged = damageTheSecondOfThree(file);

    assertThatThrownBy(() -> Journal.read(file, Journal.IGNORE)).isInstanceOf(KatibException.class)
        .hasMessageContaining("is damaged at line 2 (byte offset ")
        .hasMessageContaining("yet 1 complete record follows it")
        .hasMessageContaining("nothing was read from it")
        .hasMessageNotContaining("ends in");

    assertThat(Files.readAllBytes(file)).isEqualTo(damaged);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void read_tornLastRecord_givesTheCompleteRecords_andWritesNothing() throws Exception {
    Path file = dir.resolve("journal.log");
    try (Journal journal = Journal.open(file)) {
      journal.appendDurably(record(1));
      journal.appendDurably(record(2));
    }
    String torn = Files.readString(file) + "0123abcd {\"type\":";
    Files.writeString(file, torn);

    List<JsonObject> records = new ArrayList<>();
    Journal.Contents contents = Journal.read(file, (line, r) -> records.add(r));

    assertThat(contents.recordCount()).isEqualTo(2);
    assertThat(records).containsExactly(record(1), record(2));
    assertThat(contents.incompleteTail()).hasValueSatisfying(note -> assertThat(note)
        .contains("ends in 17 bytes that are not a complete record").contains("read the 2 complete records"));
    assertThat(Files.readString(file)).isEqualTo(torn);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void read_missingFile_isEmpty_andCreatesNothing() {
    Journal.Contents contents = Journal.read(dir.resolve("none").resolve("journal.log"), Journal.IGNORE);

    assertThat(contents.recordCount()).isZero();
    assertThat(contents.incompleteTail()).isEmpty();
    assertThat(dir.resolve("none")).doesNotExist();
  }

  @Test
  void append_afterClose_isRejected() {
    Journal journal = Journal.open(dir.resolve("journal.log"));
    journal.close();

    assertThatThrownBy(() -> journal.append(record(1))).isInstanceOf(KatibException.class).hasMessageContaining(
        "closed");
  }

  @Test
  void directoryLock_secondHolder_getsAClearErrorNamingTheFirst() {
    try (DirectoryLock first = DirectoryLock.acquire(dir.resolve("exp"))) {
      assertThatThrownBy(() -> DirectoryLock.acquire(dir.resolve("exp")))
          .isInstanceOf(KatibException.class)
          .hasMessageContaining("is in use by another katib4j engine")
          .hasMessageContaining("process " + ProcessHandle.current().pid());
    }
    DirectoryLock.acquire(dir.resolve("exp")).close();
  }
}
