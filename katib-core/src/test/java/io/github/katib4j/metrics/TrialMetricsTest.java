package io.github.katib4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.CollectorKind;
import io.github.katib4j.experiment.FileFormat;
import io.github.katib4j.experiment.Metric;
import io.github.katib4j.experiment.MetricsCollector;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Observation;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.metrics.EventWriter;
import io.github.katib4j.internal.metrics.FloatText;
import io.github.katib4j.internal.metrics.TextMetricsParser;
import io.github.katib4j.testing.OpenFiles;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialMetricsTest {
  private static final Objective LOSS = Objective.minimize("loss").additionalMetrics("accuracy");

  @TempDir
  Path trialDir;

  @Test
  void stdOut_processOutputRedirectedToOutputFile_givesKatibsObservation() throws Exception {
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.stdOut(), LOSS, trialDir);
    File output = metrics.outputFile().toFile();

    Process process = new ProcessBuilder("sh", "-c", "echo 'epoch 1 loss=0.5 accuracy=0.7'; echo 'loss=0.3' >&2;"
        + " echo 'epoch 2 loss=0.4 accuracy=0.8'")
        .redirectErrorStream(true).redirectOutput(output).start();
    assertThat(process.waitFor()).isZero();
    MetricsLog log = metrics.finish();
    Observation observation = log.observation(LOSS).orElseThrow();

    assertThat(output.toPath()).isEqualTo(trialDir.resolve("stdout.log"));
    assertThat(metrics.source()).contains(output.toPath());
    assertThat(trialDir.resolve("var")).doesNotExist();
    assertThat(observation.metric("loss").orElseThrow().min()).isEqualTo("0.3");
    assertThat(observation.metric("loss").orElseThrow().latest()).isEqualTo("0.4");
    assertThat(observation.metric("accuracy").orElseThrow().max()).isEqualTo("0.8");
    assertThat(Observations.isAvailable(observation, LOSS)).isTrue();
    assertThat(log.notes()).isEmpty();
  }

  @Test
  void poll_linesAppearingWhileRunning_areReportedOnceEachWhenComplete() throws Exception {
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.stdOut(), LOSS, trialDir);
    Path output = metrics.outputFile();

    append(output, "loss=0.9\nloss=0.");
    List<MetricReport> first = metrics.poll();
    append(output, "8\n");
    List<MetricReport> second = metrics.poll();
    List<MetricReport> third = metrics.poll();

    assertThat(first).extracting(MetricReport::value).containsExactly("0.9");
    assertThat(second).extracting(MetricReport::value).containsExactly("0.8");
    assertThat(third).isEmpty();
  }

  @Test
  void stdOut_finish_readsTheUnfinishedLastLineAndRereadsAFileThatWasRewritten() throws Exception {
    TrialMetrics appended = TrialMetrics.open(MetricsCollector.stdOut(), LOSS, trialDir.resolve("a"));
    append(appended.outputFile(), "loss=0.9\n");
    appended.poll();
    append(appended.outputFile(), "loss=0.7");
    TrialMetrics rewritten = TrialMetrics.open(MetricsCollector.stdOut(), LOSS, trialDir.resolve("b"));
    append(rewritten.outputFile(), "loss=0.9\nloss=0.8\n");
    rewritten.poll();
    Files.writeString(rewritten.outputFile(), "loss=0.5\n");

    assertThat(appended.finish().reports()).extracting(MetricReport::value).containsExactly("0.9", "0.7");
    assertThat(rewritten.finish().reports()).extracting(MetricReport::value).containsExactly("0.5");
  }

  @Test
  void stdOut_aLineOfMoreThan1MiB_isNotKept_andIsNotedOnlyWhenItNamesAMetric_asKatibWouldParseIt() throws Exception {
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.stdOut(), LOSS, trialDir);
    Path output = metrics.outputFile();
    String mib = "a".repeat(1 << 20);
    append(output, "loss=0.5\n" + mib + "a\n" + mib + " loss=0.1\n" + mib.substring(10) + "\n");
    List<MetricReport> polled = metrics.poll();
    append(output, "accuracy=0.3\nlo");
    polled.addAll(metrics.poll());
    // "loss" spans two appends: the long line names it even so.
    append(output, "ss=0.05 " + mib);

    MetricsLog log = metrics.finish();

    assertThat(polled).extracting(MetricReport::name, MetricReport::value)
        .containsExactly(tuple("loss", "0.5"), tuple("accuracy", "0.3"));
    assertThat(log.reports()).extracting(MetricReport::name, MetricReport::value)
        .containsExactly(tuple("loss", "0.5"), tuple("accuracy", "0.3"));
    assertThat(log.notes()).hasSize(2);
    assertThat(log.notes().get(0)).isEqualTo("line 3 of the trial's output " + output + " is 1048585 bytes long and"
        + " names a metric (loss, accuracy), more than the 1048576 bytes (1 MiB) katib4j parses of a line, so it was"
        + " not parsed; Katib parses it, so a value on it is missing here (see docs/local-engine.md). Write each"
        + " metric on a line of its own");
    assertThat(log.notes().get(1)).startsWith("line 6 of the trial's output " + output + " is 1048586 bytes long");
  }

  @Test
  void poll_readsAtMost32MiBOfAFlood_theNextPollsReadTheRest_pollAllReadsItAll() throws Exception {
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.stdOut(), LOSS, trialDir);
    String line = "x".repeat(1023) + "\n";
    try (var out = Files.newBufferedWriter(metrics.outputFile(), StandardOpenOption.APPEND)) {
      out.write("loss=0.9\n");
      for (int i = 0; i < 40 * 1024; i++) {
        out.write(line);
      }
      out.write("loss=0.1\n");
    }

    List<MetricReport> first = metrics.poll();
    List<MetricReport> second = metrics.poll();
    TrialMetrics all = TrialMetrics.open(MetricsCollector.stdOut(), LOSS, trialDir.resolve("all"));
    try (var out = Files.newOutputStream(all.outputFile(), StandardOpenOption.APPEND)) {
      Files.copy(metrics.outputFile(), out);
    }

    assertThat(first).extracting(MetricReport::value).containsExactly("0.9");
    assertThat(second).extracting(MetricReport::value).containsExactly("0.1");
    assertThat(metrics.finish().reports()).extracting(MetricReport::value).containsExactly("0.9", "0.1");
    assertThat(all.pollAll(Set.of())).extracting(MetricReport::value).containsExactly("0.9", "0.1");
  }

  @Test
  void fileJson_aLineOfMoreThan1MiB_isNotedAsNotParsed_andLaterLinesKeepTheirNumbers() throws Exception {
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.file("/var/log/katib/metrics.json", FileFormat.JSON),
        LOSS, trialDir);
    Path file = metrics.source().orElseThrow();
    Files.writeString(file, "{\"loss\": \"0.2\"}\n{\"pad\": \"" + "a".repeat(1 << 20) + "\"}\n{\"loss\": \"0.1\"}\n");
    TrialMetrics failing = TrialMetrics.open(MetricsCollector.file("/var/log/katib/metrics.json", FileFormat.JSON),
        LOSS, trialDir.resolve("failing"));
    Files.writeString(failing.source().orElseThrow(), Files.readString(file) + "Traceback\n");

    MetricsLog log = metrics.finish();

    assertThat(log.reports()).extracting(MetricReport::value).containsExactly("0.2", "0.1");
    assertThat(log.notes()).singleElement().asString().startsWith("line 2 of the metrics file /var/log/katib/metrics.json"
        + " (for this trial " + file + ") is 1048587 bytes long, more than the 1048576 bytes (1 MiB) katib4j parses"
        + " of a line, so it was not parsed; Katib parses it (and fails the trial when it is not a JSON object)");
    assertThatThrownBy(failing::finish).isInstanceOf(KatibException.class).hasMessageContaining("line 4 of the JSON");
  }

  @Test
  void stdOut_outputIsCreatedAndOpenFromOpen_andFinishOrCloseReleasesIt() throws Exception {
    assumeTrue(OpenFiles.visible(), "needs /proc/self/fd (Linux) to see which files are open");
    TrialMetrics finished = TrialMetrics.open(MetricsCollector.stdOut(), LOSS, trialDir.resolve("finished"));
    TrialMetrics closed = TrialMetrics.open(MetricsCollector.stdOut(), LOSS, trialDir.resolve("closed"));
    assertThat(finished.outputFile()).exists().isEmptyFile();
    assertThat(OpenFiles.list()).contains(finished.outputFile(), closed.outputFile());
    append(finished.outputFile(), "loss=0.9\n");
    append(closed.outputFile(), "loss=0.8\n");

    finished.poll();
    closed.poll();
    assertThat(OpenFiles.list()).contains(finished.outputFile(), closed.outputFile());
    append(finished.outputFile(), "loss=0.7\n");
    MetricsLog log = finished.finish();
    closed.close();

    assertThat(log.reports()).extracting(MetricReport::value).containsExactly("0.9", "0.7");
    assertThat(OpenFiles.list()).doesNotContain(finished.outputFile(), closed.outputFile());
    append(closed.outputFile(), "loss=0.6\n");
    assertThat(closed.poll()).extracting(MetricReport::value).containsExactly("0.6");
    closed.close();
  }

  @Test
  void stdOut_katibFolderIsCreatedOnlyWhenTheCommandNamesIt() throws Exception {
    Path trial = Files.createDirectories(trialDir.resolve("trial-1"));
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.stdOut(), LOSS, trial);

    assertThat(metrics.localize("--epochs=3")).isEqualTo("--epochs=3");
    assertThat(trial.resolve("var")).doesNotExist();
    assertThat(metrics.localize("--checkpoints=/var/log/katib/ckpt"))
        .isEqualTo("--checkpoints=" + trial.resolve("var/log/katib/ckpt"));
    assertThat(trial.resolve("var/log/katib")).isDirectory();
  }

  @Test
  void file_katibPathInArguments_isLocalizedSoTheProgramWritesWhereTheCollectorReads() throws Exception {
    MetricsCollector collector = MetricsCollector.file("/var/log/katib/mnist.log", FileFormat.TEXT)
        .metricsFormat("([\\w|-]+)\\s*:\\s*(\\d+\\.\\d+)");
    TrialMetrics metrics = TrialMetrics.open(collector, LOSS, trialDir);
    String arg = metrics.localize("--log-path=/var/log/katib/mnist.log");

    Process process = new ProcessBuilder("sh", "-c", "echo 'loss: 0.25' > \"${1#--log-path=}\"", "sh", arg).start();
    assertThat(process.waitFor()).isZero();

    assertThat(arg).isEqualTo("--log-path=" + trialDir.resolve("var/log/katib/mnist.log"));
    assertThat(metrics.localize("/var/log/katibx/a /var/log/katib")).isEqualTo("/var/log/katibx/a "
        + trialDir.resolve("var/log/katib"));
    assertThat(metrics.finish().reports()).containsExactly(MetricReport.of("loss", "0.25", MetricReport.NO_TIMESTAMP));
  }

  @Test
  void fileJson_numbersIgnoredWithANote_andTheObjectiveUnavailable() throws Exception {
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.file("/var/log/katib/metrics.json", FileFormat.JSON),
        LOSS, trialDir);
    Files.writeString(metrics.source().orElseThrow(), "{\"loss\": 0.2, \"accuracy\": \"0.9\"}\n");

    MetricsLog log = metrics.finish();

    assertThat(log.reports()).containsExactly(MetricReport.of("loss", Metric.UNAVAILABLE, MetricReport.NO_TIMESTAMP));
    assertThat(log.notes()).anyMatch(n -> n.contains("'loss' on line 1") && n.contains("not a string"))
        .anyMatch(n -> n.contains("\"unavailable\""));
    assertThat(Observations.isAvailable(log.observation(LOSS).orElseThrow(), LOSS)).isFalse();
  }

  @Test
  void fileJson_badLine_failsFinishButNotPoll() throws Exception {
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.file("/var/log/katib/metrics.json", FileFormat.JSON),
        LOSS, trialDir);
    Files.writeString(metrics.source().orElseThrow(), "{\"loss\": \"0.2\"}\nTraceback (most recent call last):\n");

    assertThat(metrics.poll()).isEmpty();
    assertThatThrownBy(metrics::finish).isInstanceOf(KatibException.class).hasMessageContaining("line 2")
        .hasMessageContaining("Traceback");
  }

  @Test
  void stdOut_withStopRulesLeft_aLineNamingARuleMetricWithAValueThatIsNoNumber_endsCollectionAsKatibsCollector()
      throws Exception {
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.stdOut(), LOSS, trialDir);
    append(metrics.outputFile(), "epoch=1 loss=0.5\nstatus=ok\n");
    assertThat(metrics.poll(Set.of("loss"))).extracting(MetricReport::value).containsExactly("0.5");

    // Katib's default filter reads "status" = "" from the second line, and the line names the rule's metric.
    append(metrics.outputFile(), "epoch=2 loss=0.4 status=ok\nloss=0.1\n");
    List<MetricReport> stopped = metrics.poll(Set.of("loss"));
    append(metrics.outputFile(), "loss=0.05\n");

    assertThat(stopped).isEmpty();
    assertThat(metrics.poll(Set.of("loss"))).as("no early stopping once the collector has exited").isEmpty();
    assertThatThrownBy(metrics::finish).isInstanceOf(KatibException.class)
        .hasMessageStartingWith("line 3 of the trial's output " + metrics.outputFile() + " names early-stopping"
            + " metric loss, and the filter `" + TextMetricsParser.DEFAULT_FILTER + "` reads metric status = \"\""
            + " from it, which is not a number: epoch=2 loss=0.4 status=ok.")
        .hasMessageContaining("Unable to parse value")
        .hasMessageContaining("on lines that do not mention loss");
  }

  @Test
  void stdOut_withoutStopRules_orOnLinesNotNamingOne_valuesThatAreNoNumbersAreSkippedAsInTheFinalCollection()
      throws Exception {
    TrialMetrics withoutRules = TrialMetrics.open(MetricsCollector.stdOut(), LOSS, trialDir.resolve("a"));
    TrialMetrics otherLines = TrialMetrics.open(MetricsCollector.stdOut(), LOSS, trialDir.resolve("b"));
    append(withoutRules.outputFile(), "epoch=1 loss=0.5 status=ok\n");
    append(otherLines.outputFile(), "loss=0.5\naccuracy=0.7 status=ok\n");

    assertThat(withoutRules.poll()).extracting(MetricReport::value).containsExactly("0.5");
    assertThat(otherLines.poll(Set.of("loss"))).extracting(MetricReport::value).containsExactly("0.5", "0.7");
    assertThat(withoutRules.finish().observation(LOSS).orElseThrow().metric("loss").orElseThrow().latest())
        .isEqualTo("0.5");
    assertThat(otherLines.finish().observation(LOSS).orElseThrow().metric("loss").orElseThrow().latest())
        .isEqualTo("0.5");
  }

  @Test
  void fileJson_withStopRulesLeft_aRuleMetricStringThatIsNoNumber_endsCollection_aJsonNumberIsSkipped()
      throws Exception {
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.file("/var/log/katib/metrics.json", FileFormat.JSON),
        LOSS, trialDir);
    Files.writeString(metrics.source().orElseThrow(), "{\"loss\": 0.2, \"note\": \"n/a\"}\n"
        + "{\"loss\": \" 0.3 \", \"accuracy\": \"n/a\"}\n{\"loss\": \"n/a\"}\n");

    assertThat(metrics.poll(Set.of("loss"))).extracting(MetricReport::name, MetricReport::value)
        .containsExactly(tuple("loss", " 0.3 "), tuple("accuracy", "n/a"));
    assertThatThrownBy(metrics::finish).isInstanceOf(KatibException.class)
        .hasMessageStartingWith("line 3 of the metrics file /var/log/katib/metrics.json (for this trial "
            + metrics.source().orElseThrow() + ") names early-stopping metric loss, and metric loss has the value"
            + " \"n/a\", which is not a number: {\"loss\": \"n/a\"}.")
        .hasMessageContaining("or write the value as a number");
  }

  @Test
  void file_neverWritten_failsLikeKatibsCollectorWithTheLocalPath() {
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.file("/var/log/katib/out.log", FileFormat.TEXT), LOSS,
        trialDir);

    assertThatThrownBy(metrics::finish).isInstanceOf(KatibException.class)
        .hasMessageContaining("the metrics file /var/log/katib/out.log (for this trial "
            + trialDir.resolve("var/log/katib/out.log") + ") does not exist: the program never wrote it")
        .hasMessageContaining("Katib's File collector fails the trial in that case");
  }

  @Test
  void stdOut_objectiveNeverPrinted_isUnavailableAndTheNoteShowsTheLine() throws Exception {
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.stdOut(), LOSS, trialDir);
    Files.writeString(metrics.outputFile(), "loss: 0.3\naccuracy=0.5\n");

    MetricsLog log = metrics.finish();

    assertThat(log.reports()).containsExactly(MetricReport.of("loss", Metric.UNAVAILABLE, MetricReport.NO_TIMESTAMP));
    assertThat(log.notes()).anyMatch(n -> n.contains("loss: 0.3"));
  }

  @Test
  void stdOut_filterSplitAtSemicolon_isExplained() throws Exception {
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.stdOut().metricsFormat("(\\w+);(\\d+)"), LOSS, trialDir);
    Files.writeString(metrics.outputFile(), "loss;3\n");

    assertThat(metrics.finish().notes()).anyMatch(n -> n.contains("`(\\w+)`") && n.contains("';'"));
  }

  @Test
  void tensorFlowEvent_fixtureInTrainDirectory_matchesTrainAccuracy() throws Exception {
    Objective objective = Objective.maximize("train/accuracy");
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.tensorFlowEvent("/var/log/katib/tfevent/"), objective,
        trialDir);
    Path fixture = Path.of(getClass().getResource("/tfevents/nested/train/events.out.tfevents.1700000000.fixture")
        .toURI());
    Path target = metrics.source().orElseThrow().resolve("train/events.out.tfevents.1700000000.fixture");
    Files.createDirectories(target.getParent());
    Files.copy(fixture, target);

    List<MetricReport> live = metrics.poll();
    MetricsLog log = metrics.finish();

    assertThat(live).hasSize(3).allMatch(r -> r.step().isPresent());
    assertThat(log.reports()).isEqualTo(live);
    assertThat(Observations.objectiveValue(log.observation(objective).orElseThrow(), objective))
        .contains("0.800000011920929");
  }

  @Test
  void tensorFlowEvent_poll_reportsEachNewValueOnce_inStepOrder_whenTagsAndFilesInterleave() throws Exception {
    // As tensorboardX logs: accuracy=0.1*step and loss=10-step each step, and an eval writer's loss in another file.
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.tensorFlowEvent("/var/log/katib/tfevent/"), LOSS,
        trialDir);
    Path directory = metrics.source().orElseThrow();
    EventWriter train = new EventWriter();
    EventWriter eval = new EventWriter();
    List<MetricReport> live = new ArrayList<>();
    List<String> expected = new ArrayList<>();

    for (int step = 0; step < 4; step++) {
      double wallTime = 1_700_000_000 + step;
      train.scalar("accuracy", 0.1f * step, step, wallTime).scalar("loss", 10 - step, step, wallTime)
          .writeTo(directory.resolve("events.out.tfevents.1.train"));
      eval.scalar("loss", 20 - step, step, wallTime).writeTo(directory.resolve("eval/events.out.tfevents.1.eval"));
      List<MetricReport> fresh = metrics.poll();
      live.addAll(fresh);

      assertThat(fresh).extracting(r -> r.step().getAsLong()).containsOnly((long) step);
      expected.addAll(List.of("accuracy=" + FloatText.python(0.1f * step), "loss=" + (10 - step) + ".0",
          "loss=" + (20 - step) + ".0"));
    }

    assertThat(live).extracting(r -> r.name() + "=" + r.value()).containsExactlyElementsOf(expected);
    // The final log keeps Katib's order: by file, then tag.
    assertThat(metrics.finish().reports()).containsExactlyInAnyOrderElementsOf(live)
        .extracting(MetricReport::name).startsWith("accuracy", "accuracy", "accuracy", "accuracy", "loss");
  }

  @Test
  void notesQuotingTheOutput_escapeItsControlCharacters() throws Exception {
    TrialMetrics text = TrialMetrics.open(MetricsCollector.stdOut(), LOSS, trialDir.resolve("text"));
    Files.writeString(text.outputFile(), "loss: \u001b[31m0.5\u0007\n");
    TrialMetrics json = TrialMetrics.open(MetricsCollector.file("/var/log/katib/m.json", FileFormat.JSON), LOSS,
        trialDir.resolve("json"));
    Files.writeString(json.source().orElseThrow(), "{\"loss\": \"0.5\"}\u001b[2J\n");

    assertThat(text.finish().notes())
        .anyMatch(n -> n.endsWith("reads a value for it from it: loss: \\u001b[31m0.5\\u0007"));
    assertThatThrownBy(json::finish).isInstanceOf(KatibException.class)
        .hasMessageContaining(": {\"loss\": \"0.5\"}\\u001b[2J; Katib's File collector")
        .hasMessageNotContaining("\u001b");
  }

  @Test
  void tensorFlowEvent_noMatchingTag_listsTheTagsSeen() throws Exception {
    Objective objective = Objective.minimize("val_loss");
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.tensorFlowEvent("/logs"), objective, trialDir);
    Path fixture = Path.of(getClass().getResource("/tfevents/old-style/events.out.tfevents.1700000000.fixture")
        .toURI());
    Files.copy(fixture, trialDir.resolve("logs/events.out.tfevents.1"));

    MetricsLog log = metrics.finish();

    assertThat(log.reports()).singleElement().extracting(MetricReport::value).isEqualTo(Metric.UNAVAILABLE);
    assertThat(log.reports().get(0).timestamp()).isAfter(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(log.notes()).anyMatch(n -> n.contains("tags seen: [loss, accuracy, accuracy_top5"));
  }

  @Test
  void push_reportedValues_formTheLog_andNothingPushedMeansNoObservation() {
    TrialMetrics pushed = TrialMetrics.open(MetricsCollector.push(), LOSS, trialDir);
    pushed.report(MetricReport.of("loss", "0.1", Instant.parse("2024-05-01T00:00:00Z")));
    TrialMetrics silent = TrialMetrics.open(MetricsCollector.push(), LOSS, trialDir);

    assertThat(pushed.finish().observation(LOSS).orElseThrow().metric("loss").orElseThrow().latest()).isEqualTo("0.1");
    assertThat(silent.finish().observation(LOSS)).isEmpty();
    assertThat(pushed.source()).isEmpty();
  }

  @Test
  void open_collectorsTheLocalEngineCannotRun_failWithTheReason() {
    assertThatThrownBy(() -> TrialMetrics.open(MetricsCollector.custom(Unstructured.of(Map.of("name", "c"))), LOSS,
        trialDir)).isInstanceOf(KatibException.class).hasMessageContaining("runs no containers");
    assertThatThrownBy(() -> TrialMetrics.open(MetricsCollector.prometheus("/metrics", 8080), LOSS, trialDir))
        .isInstanceOf(KatibException.class).hasMessageContaining("Katib ships no collector");
    assertThatThrownBy(() -> TrialMetrics.open(MetricsCollector.file("/var/../../etc/passwd", FileFormat.TEXT), LOSS,
        trialDir)).isInstanceOf(KatibException.class).hasMessageContaining("leaves the trial directory");
  }

  @Test
  void open_noCollectorKind_isKatibsDefaultStdOut() {
    TrialMetrics metrics = TrialMetrics.open(MetricsCollector.builder().build(), LOSS, trialDir);

    assertThat(metrics.kind()).isEqualTo(CollectorKind.STD_OUT);
    assertThat(metrics.metricNames()).containsExactly("loss", "accuracy");
    assertThat(metrics.source()).contains(trialDir.resolve("stdout.log"));
  }

  private static void append(Path file, String text) throws Exception {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
