package io.github.katib4j.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.TrialConditionType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Engines reading an experiment they do not run (as {@code katib report} does) must never write its journal. */
class JournalReadersTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  private static Map<String, Double> loss(TrialContext trial) {
    double x = trial.doubleValue("x");
    double y = trial.doubleValue("y");
    return Map.of("loss", (x - 1) * (x - 1) + (y + 2) * (y + 2));
  }

  private List<Path> corruptCopies(Path experimentDir) throws Exception {
    try (Stream<Path> files = Files.list(experimentDir)) {
      return files.filter(f -> f.getFileName().toString().contains(".corrupt-")).collect(Collectors.toList());
    }
  }

  @Test
  void reads_ofAJournalWhoseLastRecordIsIncomplete_leaveItByteIdentical_keepEveryCompleteRecord_andNoteTheTail()
      throws Exception {
    ExperimentRef ref;
    Path journal;
    try (LocalKatib writer = LocalKatib.builder().directory(dir).seed(3).build()) {
      Experiment done = writer.run(LocalKatibTest.quadratic("torn").build(), JournalReadersTest::loss, TIMEOUT);
      ref = ExperimentRef.of(done);
      journal = writer.directory(ref).resolve("journal.log");
    }
    String text = Files.readString(journal);
    // The first half of a record, as a reader finds it while the engine writes it, or after a crash mid-write.
    String half = text.substring(0, text.indexOf('\n') / 2);
    Files.writeString(journal, text + half);
    ByteArrayOutputStream notes = new ByteArrayOutputStream();

    try (LocalKatib reader = LocalKatib.builder().directory(dir).notes(new PrintStream(notes, true, UTF_8)).build()) {
      assertThat(reader.find(ref)).hasValueSatisfying(e -> assertThat(e.status().orElseThrow().isSucceeded())
          .isTrue());
      assertThat(reader.trials(ref)).hasSize(12).allSatisfy(t -> assertThat(t.status().orElseThrow()
          .is(TrialConditionType.SUCCEEDED)).isTrue());
      assertThat(reader.list("default")).hasSize(1);
      assertThat(reader.suggestion(ref)).isPresent();
      reader.awaitCompletion(ref, TIMEOUT);
    }

    assertThat(Files.readString(journal)).isEqualTo(text + half);
    assertThat(corruptCopies(journal.getParent())).isEmpty();
    assertThat(notes.toString(UTF_8)).contains("katib: default/torn: the journal " + journal + " ends in "
        + half.getBytes(UTF_8).length + " bytes that are not a complete record")
        .contains("left the file as it is");
  }

  @Test
  void readsAndResume_ofAJournalDamagedInTheMiddle_refuseNamingTheLine_andLeaveItByteIdentical() throws Exception {
    ExperimentRef ref;
    Path journal;
    try (LocalKatib writer = LocalKatib.builder().directory(dir).seed(3).build()) {
      Experiment done = writer.run(LocalKatibTest.quadratic("damaged").build(), JournalReadersTest::loss, TIMEOUT);
      ref = ExperimentRef.of(done);
      journal = writer.directory(ref).resolve("journal.log");
    }
    byte[] bytes = Files.readAllBytes(journal);
    String text = new String(bytes, UTF_8);
    int lines = text.split("\n").length;
    // One byte of the fifth record changed, as a disk error or a stray edit leaves it: every later record is whole.
    int fifth = 0;
    for (int i = 0; i < 4; i++) {
      fifth = text.indexOf('\n', fifth) + 1;
    }
    bytes[fifth + 40] ^= 1;
    Files.write(journal, bytes);
    String where = "the journal " + journal + " is damaged at line 5 (byte offset " + fifth + ")";
    String follow = "yet " + (lines - 5) + " complete records follow it, up to line " + lines;

    try (LocalKatib reader = LocalKatib.builder().directory(dir).notes(new PrintStream(new ByteArrayOutputStream(),
        true, UTF_8)).build()) {
      List<ThrowingCallable> reads = List.of(() -> reader.find(ref),
          () -> reader.get(ref), () -> reader.trials(ref), () -> reader.suggestion(ref),
          () -> reader.awaitCompletion(ref, TIMEOUT));
      for (var read : reads) {
        assertThatThrownBy(read).isInstanceOf(KatibException.class).hasMessageContaining(where)
            .hasMessageContaining(follow).hasMessageContaining("nothing was read from it")
            .hasMessageNotContaining("bytes that are not a complete record");
      }
      assertThatThrownBy(() -> reader.resume(ref, JournalReadersTest::loss)).isInstanceOf(KatibException.class)
          .hasMessageContaining(where).hasMessageContaining(follow)
          .hasMessageContaining("the engine ran nothing and left the file as it is")
          .hasMessageContaining("sed -i '5d' " + journal);
    }

    assertThat(Files.readAllBytes(journal)).isEqualTo(bytes);
    assertThat(corruptCopies(journal.getParent())).isEmpty();
  }

  @Test
  void list_ofANamespaceWithAnUnreadableJournal_returnsTheOthers_andWarnsOnceNamingItsJournal() throws Exception {
    Path damaged;
    Path edited;
    try (LocalKatib writer = LocalKatib.builder().directory(dir).seed(3).build()) {
      for (String name : List.of("a-before", "b-damaged", "c-edited", "d-after")) {
        writer.run(LocalKatibTest.quadratic(name).build(), JournalReadersTest::loss, TIMEOUT);
      }
      damaged = writer.directory(ExperimentRef.of("default", "b-damaged")).resolve("journal.log");
      edited = writer.directory(ExperimentRef.of("default", "c-edited")).resolve("journal.log");
    }
    // One byte of the second record changed (damage); the third record, a trial's, deleted (an edit by hand).
    byte[] bytes = Files.readAllBytes(damaged);
    bytes[new String(bytes, UTF_8).indexOf('\n') + 20] ^= 1;
    Files.write(damaged, bytes);
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(edited, UTF_8));
    assertThat(lines.remove(2)).contains("\"record\":\"trial\"");
    String text = lines.stream().map(l -> l + "\n").collect(Collectors.joining());
    Files.writeString(edited, text);
    ByteArrayOutputStream notes = new ByteArrayOutputStream();

    try (LocalKatib reader = LocalKatib.builder().directory(dir).notes(new PrintStream(notes, true, UTF_8))
        .build()) {
      assertThat(reader.list("default")).extracting(Experiment::name).containsExactly("a-before", "d-after");
      assertThat(reader.list("default")).extracting(Experiment::name).containsExactly("a-before", "d-after");
    }

    assertThat(notes.toString(UTF_8).lines()).satisfiesExactly(
        note -> assertThat(note).startsWith("katib: default/b-damaged: left out of the list of namespace default, as "
            + "it cannot be read: the journal " + damaged + " is damaged at line 2"),
        note -> assertThat(note).startsWith("katib: default/c-edited: left out of the list of namespace default, as "
            + "it cannot be read: the journal " + edited + " does not make sense at line 3"));
    assertThat(Files.readAllBytes(damaged)).isEqualTo(bytes);
    assertThat(Files.readString(edited)).isEqualTo(text);
  }

  @Test
  void read_ofAJournalWhoseFirstRecordIsIncomplete_findsNoExperimentYet_andLeavesItByteIdentical() throws Exception {
    Path experimentDir = dir.resolve("default").resolve("starting");
    Files.createDirectories(experimentDir);
    Path journal = experimentDir.resolve("journal.log");
    String half = "0123abcd {\"record\":\"experiment\",\"experi";
    Files.writeString(journal, half);

    try (LocalKatib reader = LocalKatib.builder().directory(dir).build()) {
      assertThat(reader.find(ExperimentRef.of("default", "starting"))).isEmpty();
      assertThat(reader.list("default")).isEmpty();
    }

    assertThat(Files.readString(journal)).isEqualTo(half);
    assertThat(corruptCopies(experimentDir)).isEmpty();
  }

  /** What an engine killed before the experiment's record was durable leaves: a lock file, a torn or empty journal. */
  @ParameterizedTest
  @ValueSource(strings = {"", "887f8395 {\"record\":\"experim"})
  void resumeAndCreate_ofTheRemainsOfAnEngineStoppedBeforeTheExperimentWasCreated(String remains) throws Exception {
    Path experimentDir = dir.resolve("default").resolve("stuck");
    Files.createDirectories(experimentDir);
    Path journal = experimentDir.resolve("journal.log");
    Files.writeString(journal, remains);
    Files.writeString(experimentDir.resolve(".lock"), "");
    ExperimentRef ref = ExperimentRef.of("default", "stuck");
    ByteArrayOutputStream notes = new ByteArrayOutputStream();

    try (LocalKatib katib = LocalKatib.builder().directory(dir).seed(3).notes(new PrintStream(notes, true, UTF_8))
        .build()) {
      assertThatThrownBy(() -> katib.resume(ref, JournalReadersTest::loss)).isInstanceOf(KatibException.class)
          .hasMessage("there is no experiment to resume in " + experimentDir + ": its journal holds no complete "
              + "record, as an engine stopped before the experiment was created leaves it, so nothing ran there; "
              + "create the experiment instead, which sets those remains aside");
      assertThat(Files.readString(journal)).isEqualTo(remains);
      assertThat(corruptCopies(experimentDir)).isEmpty();

      Experiment done = katib.run(LocalKatibTest.quadratic("stuck").build(), JournalReadersTest::loss, TIMEOUT);

      assertThat(done.status().orElseThrow().isSucceeded()).isTrue();
      assertThat(katib.trials(ref)).hasSize(12);
    }
    if (remains.isEmpty()) {
      assertThat(corruptCopies(experimentDir)).isEmpty();
      assertThat(notes.toString(UTF_8)).doesNotContain("created afresh");
    } else {
      assertThat(corruptCopies(experimentDir)).singleElement().satisfies(aside -> assertThat(Files.readString(aside))
          .isEqualTo(remains));
      assertThat(notes.toString(UTF_8)).contains("katib: default/stuck: the journal " + journal + " ended in "
          + remains.length() + " bytes that are not a complete record").contains("an engine stopped there before the"
          + " experiment was created, so it is created afresh");
    }
  }

  @Test
  void reads_whileAnotherEngineRunsTheExperiment_changeNothing_andLoseNoTrial() throws Exception {
    int trials = 1500;
    Experiment experiment = LocalKatibTest.quadratic("busy").parallelTrialCount(2).maxTrialCount(trials).build();
    ExperimentRef ref;
    Path journal;
    AtomicInteger reads = new AtomicInteger();
    AtomicReference<Throwable> readError = new AtomicReference<>();
    try (LocalKatib writer = LocalKatib.builder().directory(dir).seed(5).build();
        LocalKatib reader = LocalKatib.builder().directory(dir).notes(new PrintStream(
            new ByteArrayOutputStream(), true, UTF_8)).build()) {
      // A millisecond a trial keeps the journal growing for a while, as short process trials do.
      ref = ExperimentRef.of(writer.create(experiment, trial -> {
        Thread.sleep(1);
        return loss(trial);
      }));
      journal = writer.directory(ref).resolve("journal.log");
      AtomicBoolean done = new AtomicBoolean();
      ExperimentRef created = ref;
      Thread reading = new Thread(() -> {
        try {
          while (!done.get()) {
            reader.find(created);
            reader.trials(created);
            reads.incrementAndGet();
          }
        } catch (Throwable e) {
          readError.set(e);
        }
      });
      reading.start();
      try {
        writer.awaitTrials(ref, TIMEOUT);
      } finally {
        done.set(true);
        reading.join();
      }
    }

    assertThat(readError.get()).isNull();
    assertThat(reads.get()).isPositive();
    ByteArrayOutputStream notes = new ByteArrayOutputStream();
    try (LocalKatib after = LocalKatib.builder().directory(dir).notes(new PrintStream(notes, true, UTF_8)).build()) {
      assertThat(after.trials(ref)).hasSize(trials)
          .allSatisfy(t -> assertThat(t.status().orElseThrow().is(TrialConditionType.SUCCEEDED)).isTrue());
      assertThat(after.find(ref).orElseThrow().status().orElseThrow().trialsSucceeded()).isEqualTo(trials);
    }
    assertThat(notes.toString(UTF_8)).isEmpty();
    assertThat(corruptCopies(journal.getParent())).isEmpty();
  }
}
