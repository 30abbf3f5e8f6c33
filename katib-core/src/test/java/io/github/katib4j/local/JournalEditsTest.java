package io.github.katib4j.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialConditionType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal edited by hand so that every line is still a complete record (checksum and JSON intact) but the records
 * no longer make sense: reads and resume refuse with a KatibException naming the file, the line, the record, what was
 * expected and what was seen and the way out, and leave the file byte-identical; an edit the documents say the
 * engine copes with (a lost trial end) is coped with.
 */
class JournalEditsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  /** What an edit did: the line the error must name, and what the message must say. */
  private record Expect(int line, List<String> says) {
    static Expect at(int line, String... says) {
      return new Expect(line, List.of(says));
    }
  }

  private Path run(String name) {
    try (LocalKatib writer = LocalKatib.builder().directory(dir).seed(3).build()) {
      Experiment done = writer.run(LocalKatibTest.quadratic(name).build(), LocalKatibTest::loss, TIMEOUT);
      return writer.directory(ExperimentRef.of(done)).resolve("journal.log");
    }
  }

  private static String checksummed(String json) {
    CRC32C crc = new CRC32C();
    crc.update(json.getBytes(UTF_8));
    return String.format("%08x", crc.getValue()) + " " + json;
  }

  private static JsonObject record(String line) {
    return JsonParser.parseString(line.substring(9)).getAsJsonObject();
  }

  private static String line(JsonObject record) {
    return checksummed(record.toString());
  }

  /** The 0-based index of the first line whose record {@code test} accepts. */
  private static int first(List<String> lines, Predicate<JsonObject> test) {
    for (int i = 0; i < lines.size(); i++) {
      if (test.test(record(lines.get(i)))) {
        return i;
      }
    }
    throw new AssertionError("no such record in the journal");
  }

  /**
   * Changes the first record of type {@code type} with {@code change} and writes it back, checksummed; returns its
   * 1-based line number, as errors give it.
   */
  private static int editFirst(List<String> lines, String type, Consumer<JsonObject> change) {
    int index = first(lines, type(type));
    JsonObject r = record(lines.get(index));
    change.accept(r);
    lines.set(index, line(r));
    return index + 1;
  }

  private static Predicate<JsonObject> type(String type) {
    return r -> r.get("record").getAsString().equals(type);
  }

  private static Predicate<JsonObject> of(String type, String trial) {
    return type(type).and(r -> r.has(type.equals("metric") ? "trial" : "name")
        && r.get(type.equals("metric") ? "trial" : "name").getAsString().equals(trial));
  }

  /** Runs an experiment, edits its journal, and checks that every read and resume refuses as {@code edit} expects. */
  private void assertRefused(String name, Function<List<String>, Expect> edit) throws Exception {
    Path journal = run(name);
    ExperimentRef ref = ExperimentRef.of("default", name);
    List<String> lines = new ArrayList<>(Files.readAllLines(journal, UTF_8));
    Expect expect = edit.apply(lines);
    String text = lines.stream().map(l -> l + "\n").collect(Collectors.joining());
    Files.writeString(journal, text);
    String where = "the journal " + journal + " does not make sense at line " + expect.line() + ":";

    try (LocalKatib reader = LocalKatib.builder().directory(dir)
        .notes(new PrintStream(new ByteArrayOutputStream(), true, UTF_8)).build()) {
      List<ThrowingCallable> reads = List.of(() -> reader.find(ref), () -> reader.get(ref), () -> reader.trials(ref),
          () -> reader.suggestion(ref), () -> reader.awaitCompletion(ref, TIMEOUT));
      for (ThrowingCallable read : reads) {
        assertThatThrownBy(read).isExactlyInstanceOf(KatibException.class).hasMessageContaining(where)
            .hasMessageContaining("nothing was read from it").hasMessageContaining("The line reads: ")
            .hasMessageContaining("To go on, restore journal.log from a backup")
            .satisfies(e -> assertThat(e.getMessage()).contains(expect.says()));
      }
      assertThatThrownBy(() -> reader.resume(ref, LocalKatibTest::loss)).isExactlyInstanceOf(KatibException.class)
          .hasMessageContaining(where).hasMessageContaining("the engine ran nothing and left the file as it is")
          .satisfies(e -> assertThat(e.getMessage()).contains(expect.says()));
    }

    assertThat(Files.readString(journal)).isEqualTo(text);
    try (Stream<Path> files = Files.list(journal.getParent())) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.contains(".corrupt-"));
    }
  }

  @Test
  void aTrialRecordDeleted_laterRecordsNameATrialNeverCreated() throws Exception {
    assertRefused("no-trial", lines -> {
      int trial = first(lines, type("trial"));
      String name = record(lines.get(trial)).get("name").getAsString();
      lines.remove(trial);
      int next = first(lines, of("start", name));
      List<String> delete = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        JsonObject r = record(lines.get(i));
        if (of("start", name).or(of("metric", name)).or(of("end", name)).test(r)) {
          delete.add((i + 1) + "d");
        }
      }
      return Expect.at(next + 1, "a \"start\" record of trial " + name, "no \"trial\" record before it",
          "sed -i '" + String.join(";", delete) + "' ");
    });
  }

  @Test
  void aTrialRecordRepeated() throws Exception {
    assertRefused("twice", lines -> {
      int trial = first(lines, type("trial"));
      String name = record(lines.get(trial)).get("name").getAsString();
      lines.add(lines.get(trial));
      return Expect.at(lines.size(), "a second \"trial\" record of trial " + name,
          "line " + (trial + 1) + " has the first", "sed -i '" + lines.size() + "d' ");
    });
  }

  @Test
  void aTrialsStartMovedAfterItsEnd() throws Exception {
    assertRefused("restart", lines -> {
      int trial = first(lines, type("trial"));
      String name = record(lines.get(trial)).get("name").getAsString();
      String start = lines.remove(first(lines, of("start", name)));
      int end = first(lines, of("end", name));
      lines.add(end + 1, start);
      return Expect.at(end + 2, "a \"start\" record of trial " + name, "which ended at line " + (end + 1));
    });
  }

  @Test
  void aSecondEndOfATrial() throws Exception {
    assertRefused("ends-twice", lines -> {
      String name = record(lines.get(first(lines, type("trial")))).get("name").getAsString();
      lines.add(lines.get(first(lines, of("end", name))));
      return Expect.at(lines.size(), "an \"end\" record of trial " + name, "which ended at line ");
    });
  }

  @Test
  void aRecordTypeThisVersionDoesNotKnow() throws Exception {
    assertRefused("unknown-type", lines -> {
      int metric = editFirst(lines, "metric", r -> r.addProperty("record", "metrics"));
      return Expect.at(metric, "a record of type \"metrics\"", "expected one of", "\"metric\"");
    });
  }

  @Test
  void aRequiredFieldMissing() throws Exception {
    assertRefused("no-attempt", lines -> {
      int start = editFirst(lines, "start", r -> r.remove("attempt"));
      return Expect.at(start, "field \"attempt\" of the \"start\" record", "expected an integer",
          "saw no such field");
    });
  }

  @Test
  void aRequiredTreeMissing() throws Exception {
    assertRefused("no-conditions", lines -> {
      int conditions = editFirst(lines, "conditions", r -> r.remove("conditions"));
      return Expect.at(conditions, "field \"conditions\" of the \"conditions\" record",
          "expected the experiment's conditions in Katib's JSON, saw no such field. ");
    });
  }

  @Test
  void aFieldOfTheWrongJsonType() throws Exception {
    assertRefused("wrong-type", lines -> {
      int end = editFirst(lines, "end", r -> r.add("name", JsonParser.parseString("{\"trial\":1}")));
      return Expect.at(end, "field \"name\" of the \"end\" record", "expected a string", "saw {\"trial\":1}");
    });
  }

  @Test
  void anEndInAStateThatIsNotAnEnd() throws Exception {
    assertRefused("bad-state", lines -> {
      int end = editFirst(lines, "end", r -> r.addProperty("state", "RUNNING"));
      return Expect.at(end, "field \"state\" of the \"end\" record", "SUCCEEDED", "saw \"RUNNING\"");
    });
  }

  @Test
  void aTimeThatIsNotATime() throws Exception {
    assertRefused("bad-time", lines -> {
      int trial = editFirst(lines, "trial", r -> r.addProperty("time", "yesterday"));
      return Expect.at(trial, "field \"time\" of the \"trial\" record", "saw \"yesterday\"");
    });
  }

  @Test
  void anAssignmentOfAParameterTheExperimentDoesNotHave() throws Exception {
    assertRefused("bad-assignment", lines -> {
      int trial = editFirst(lines, "trial", r -> r.getAsJsonArray("assignments").get(0).getAsJsonObject().addProperty("name", "z"));
      return Expect.at(trial, "field \"assignments\" of the \"trial\" record", "parameter z");
    });
  }

  @Test
  void theExperimentRecordNotFirst() throws Exception {
    assertRefused("not-first", lines -> {
      lines.add(1, lines.remove(0));
      return Expect.at(1, "expected the experiment's own record", "saw a \"conditions\" record",
          "the experiment's own record (line 1) cannot be done without");
    });
  }

  @Test
  void aSecondExperimentRecord() throws Exception {
    assertRefused("two-experiments", lines -> {
      lines.add(lines.get(0));
      return Expect.at(lines.size(), "a second \"experiment\" record", "line 1 has the experiment's own",
          "sed -i '" + lines.size() + "d' ");
    });
  }

  @Test
  void theExperimentRecordWithoutItsExperiment() throws Exception {
    assertRefused("empty-experiment", lines -> {
      JsonObject r = record(lines.get(0));
      r.addProperty("experiment", 5);
      lines.set(0, line(r));
      return Expect.at(1, "field \"experiment\" of the \"experiment\" record", "expected a JSON object", "saw 5");
    });
  }

  /** As docs/local-journal.md says: a lost trial end is no error; the trial reads as running (and runs again). */
  @Test
  void aTrialEndDeleted_readsShowTheTrialRunning() throws Exception {
    Path journal = run("lost-end");
    ExperimentRef ref = ExperimentRef.of("default", "lost-end");
    List<String> lines = new ArrayList<>(Files.readAllLines(journal, UTF_8));
    String name = record(lines.get(first(lines, type("trial")))).get("name").getAsString();
    lines.remove(first(lines, of("end", name)));
    String text = lines.stream().map(l -> l + "\n").collect(Collectors.joining());
    Files.writeString(journal, text);

    try (LocalKatib katib = LocalKatib.builder().directory(dir).build()) {
      assertThat(katib.trials(ref)).hasSize(12).filteredOn(t -> t.name().equals(name)).singleElement()
          .satisfies(t -> assertThat(t.status().orElseThrow().is(TrialConditionType.RUNNING)).isTrue());
      assertThat(katib.get(ref).status().orElseThrow().trialsRunning()).isEqualTo(1);
    }
    assertThat(Files.readString(journal)).isEqualTo(text);
  }

  /**
   * A completed experiment with a trial the journal shows running (its end record lost, or the engine stopped while a
   * trial that was running when the experiment completed had not finished): resume runs it again, as it does every
   * trial in flight, and as Katib lets it finish; the wait returns once it has, and the experiment ended as it had.
   */
  @Test
  void aCompletedExperimentWithATrialStillRunning_resumes_runningTheTrialToItsEnd() throws Exception {
    Path journal = run("completed-lost-end");
    ExperimentRef ref = ExperimentRef.of("default", "completed-lost-end");
    List<String> lines = new ArrayList<>(Files.readAllLines(journal, UTF_8));
    String name = record(lines.get(first(lines, type("trial")))).get("name").getAsString();
    lines.remove(first(lines, of("end", name)));
    Files.writeString(journal, lines.stream().map(l -> l + "\n").collect(Collectors.joining()));

    try (LocalKatib katib = LocalKatib.builder().directory(dir)
        .notes(new PrintStream(new ByteArrayOutputStream(), true, UTF_8)).build()) {
      katib.resume(ref, LocalKatibTest::loss);
      Experiment done = katib.awaitTrials(ref, Duration.ofSeconds(60));

      assertThat(done.status().orElseThrow().isSucceeded()).isTrue();
      assertThat(done.status().orElseThrow().trialsSucceeded()).isEqualTo(12);
      assertThat(done.status().orElseThrow().trialsRunning()).isZero();
      assertThat(katib.trials(ref)).filteredOn(t -> t.name().equals(name)).singleElement()
          .satisfies(t -> assertThat(t.status().orElseThrow().is(TrialConditionType.SUCCEEDED)).isTrue())
          .satisfies(t -> assertThat(t.status().orElseThrow().observation()).isPresent());
    }
    List<String> after = Files.readAllLines(journal, UTF_8);
    assertThat(after.subList(first(after, type("resume")), after.size()).stream().map(JournalEditsTest::record))
        .anyMatch(of("end", name));
  }
}
