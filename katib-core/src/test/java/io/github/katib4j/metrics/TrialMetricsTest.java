package io.github.katib4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
