package io.github.katib4j.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.metrics.MetricReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TfEventCollectorTest {
  private static final JsonObject KATIB = load();

  @TempDir
  Path dir;

  private static JsonObject load() {
    try (InputStream in = TfEventCollectorTest.class.getResourceAsStream("/tfevents/expected.json")) {
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"old-style", "new-style", "tensor-layouts", "nested-train", "nested-test", "restart"})
  void collect_tensorBoardWrittenFixture_givesKatibsLog(String scenario) throws Exception {
    JsonObject c = KATIB.getAsJsonObject(scenario);

    List<MetricReport> actual = collector(c).collect();

    assertThat(actual).isEqualTo(expected(c));
  }

  @Test
  void collect_siblingTrainAndTestDirectories_readsBoth() throws Exception {
    JsonObject c = KATIB.getAsJsonObject("nested-any");

    List<MetricReport> actual = collector(c).collect();

    // Directory order is the file system's, as in Python's os.walk; the generator sorted it.
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected(c)).hasSize(6);
  }

  @Test
  void collect_oldStyleScalar_printsTheFloat32AsPythonPrintsTheWidenedFloat() throws Exception {
    new EventWriter().scalar("loss", 0.1f, 3, 1700000000.9999999).writeTo(dir.resolve("events.out.tfevents.1.x"));

    List<MetricReport> reports = new TfEventCollector(dir, List.of("loss")).collect();

    assertThat(reports).containsExactly(MetricReport.of("loss", "0.10000000149011612",
        Instant.ofEpochSecond(1700000001), 3));
  }

  @Test
  void collect_tensorScalarsInEachEncoding_readsEveryOne() throws Exception {
    EventWriter writer = new EventWriter();
    writer.tensor("packed", EventWriter.scalarTensor(1, EventWriter.bytesField(5, EventWriter.le32(
        Float.floatToIntBits(0.25f)))), "scalars", 0, 10);
    writer.tensor("unpacked", EventWriter.scalarTensor(1, EventWriter.fixed32Field(5, Float.floatToIntBits(0.5f))),
        "scalars", 0, 10);
    writer.tensor("int32", EventWriter.scalarTensor(3, EventWriter.varintField(7, -3 & 0xffffffffL)), null, 0, 10);
    writer.tensor("bool", EventWriter.scalarTensor(10, EventWriter.varintField(11, 1)), null, 0, 10);
    writer.tensor("empty", EventWriter.scalarTensor(2), null, 0, 10);
    writer.tensor("content64", EventWriter.scalarTensor(9, EventWriter.bytesField(4, new byte[] {-2, -1, -1, -1, -1,
        -1, -1, -1})), null, 0, 10);
    writer.writeTo(dir.resolve("a.tfevents"));

    List<MetricReport> reports = new TfEventCollector(dir, List.of("packed", "unpacked", "int32", "bool", "empty",
        "content64")).collect();

    assertThat(reports).extracting(MetricReport::value).containsExactly("0.25", "0.5", "-3", "True", "0.0", "-2");
  }

  @Test
  void collect_truncatedLastRecord_readsTheRestWhenComplete() throws Exception {
    byte[] whole = new EventWriter().scalar("loss", 0.5f, 1, 10).scalar("loss", 0.25f, 2, 11).bytes();
    Path file = dir.resolve("events.out.tfevents.1.x");
    Files.write(file, Arrays.copyOf(whole, whole.length - 5));
    TfEventCollector collector = new TfEventCollector(dir, List.of("loss"));

    List<MetricReport> partial = collector.collect();
    List<String> notes = collector.notes();
    Files.write(file, whole);
    List<MetricReport> complete = collector.collect();

    assertThat(partial).extracting(MetricReport::value).containsExactly("0.5");
    assertThat(notes).singleElement().asString().contains(file.toString()).contains("incomplete record")
        .contains("still being written");
    assertThat(complete).extracting(MetricReport::value).containsExactly("0.5", "0.25");
    assertThat(collector.notes()).isEmpty();
  }

  @Test
  void collect_dataChecksumMismatch_keepsRecordsBeforeItAndNamesFileAndOffset() throws Exception {
    EventWriter writer = new EventWriter().scalar("loss", 0.5f, 1, 10);
    int corruptAt = writer.bytes().length;
    byte[] bytes = writer.scalar("loss", 0.25f, 2, 11).scalar("loss", 0.125f, 3, 12).bytes();
    bytes[corruptAt + 14] ^= 0x40;
    Path file = Files.write(dir.resolve("events.out.tfevents.2.x"), bytes);
    TfEventCollector collector = new TfEventCollector(dir, List.of("loss"));

    List<MetricReport> reports = collector.collect();

    assertThat(reports).extracting(MetricReport::value).containsExactly("0.5");
    assertThat(collector.notes()).singleElement().asString().contains(file.toString())
        .contains("checksum mismatch at byte " + corruptAt);
  }

  @Test
  void collect_garbageFileBesideGoodOne_skipsOnlyTheGarbage() throws Exception {
    Files.write(dir.resolve("events.out.tfevents.0.garbage"), "this is not a TFRecord file at all".getBytes());
    new EventWriter().scalar("loss", 0.5f, 1, 10).writeTo(dir.resolve("events.out.tfevents.1.good"));
    TfEventCollector collector = new TfEventCollector(dir, List.of("loss"));

    assertThat(collector.collect()).extracting(MetricReport::value).containsExactly("0.5");
    assertThat(collector.notes()).singleElement().asString().contains("garbage").contains("at byte 0");
  }

  @Test
  void collect_validFramingButNotAnEvent_skipsTheWholeFileLikeKatib() throws Exception {
    byte[] notAnEvent = {(byte) 0x0f};
    new EventWriter().scalar("loss", 0.5f, 1, 10).record(notAnEvent).writeTo(dir.resolve("x.tfevents"));
    TfEventCollector collector = new TfEventCollector(dir, List.of("loss"));

    assertThat(collector.collect()).isEmpty();
    assertThat(collector.notes()).singleElement().asString().contains("not a TensorBoard Event")
        .contains("skips the whole file");
  }

  @Test
  void collect_fileWithoutTfeventsInItsName_isIgnoredAsTensorBoardIgnoresIt() throws Exception {
    new EventWriter().scalar("loss", 0.5f, 1, 10).writeTo(dir.resolve("metrics.bin"));
    TfEventCollector collector = new TfEventCollector(dir, List.of("loss"));

    assertThat(collector.collect()).isEmpty();
    assertThat(collector.notes()).singleElement().asString().contains("no TensorBoard event file");
  }

  @Test
  void collect_prefixMatchOnATextTag_reportsItAndSaysWhy() throws Exception {
    new EventWriter().tensor("loss_note", EventWriter.scalarTensor(7, EventWriter.bytesField(8,
        EventWriter.utf8("diverged"))), "text", 1, 10).writeTo(dir.resolve("e.tfevents"));
    TfEventCollector collector = new TfEventCollector(dir, List.of("loss"));

    assertThat(collector.collect()).extracting(MetricReport::value).containsExactly("b'diverged'");
    assertThat(collector.notes()).singleElement().asString().contains("'loss_note' (plugin 'text')");
  }

  @Test
  void shouldConsider_followsKatibsStringRules() {
    assertThat(TfEventCollector.shouldConsider("accuracy_top5", "accuracy", "/logs")).isTrue();
    assertThat(TfEventCollector.shouldConsider("val_accuracy", "accuracy", "/logs")).isFalse();
    assertThat(TfEventCollector.shouldConsider("accuracy", "test/accuracy", "/logs/test")).isTrue();
    assertThat(TfEventCollector.shouldConsider("accuracy", "test/accuracy", "/logs/mytest")).isTrue();
    assertThat(TfEventCollector.shouldConsider("accuracy", "test/accuracy", "/logs/train")).isFalse();
    assertThat(TfEventCollector.shouldConsider("accuracy", "a/test/accuracy", "/x/a/test")).isTrue();
    assertThat(TfEventCollector.shouldConsider("anything", "acc/", "/logs/acc")).isTrue();
  }

  @Test
  void katibTimestamp_roundsToMicrosecondsThenDropsTheFraction() {
    assertThat(TfEventCollector.katibTimestamp(1700000000.9999994)).isEqualTo(Instant.ofEpochSecond(1700000000));
    assertThat(TfEventCollector.katibTimestamp(1700000000.9999996)).isEqualTo(Instant.ofEpochSecond(1700000001));
    assertThat(TfEventCollector.katibTimestamp(-0.5)).isEqualTo(Instant.ofEpochSecond(-1));
  }

  private static TfEventCollector collector(JsonObject c) throws URISyntaxException {
    Path directory = Path.of(TfEventCollectorTest.class.getResource("/tfevents/" + c.get("directory").getAsString())
        .toURI());
    List<String> metrics = new ArrayList<>();
    c.getAsJsonArray("metrics").forEach(m -> metrics.add(m.getAsString()));
    return new TfEventCollector(directory, metrics);
  }

  private static List<MetricReport> expected(JsonObject c) {
    List<MetricReport> expected = new ArrayList<>();
    for (JsonElement e : c.getAsJsonArray("log")) {
      JsonObject r = e.getAsJsonObject();
      expected.add(MetricReport.of(r.get("name").getAsString(), r.get("value").getAsString(),
          Instant.ofEpochSecond(r.get("epochSecond").getAsLong()), r.get("step").getAsLong()));
    }
    return expected;
  }
}
