package io.github.katib4j.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Metric;
import io.github.katib4j.experiment.MetricsCollector;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Observation;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialStatus;
import io.github.katib4j.internal.metrics.EventWriter;
import io.github.katib4j.metrics.MetricsLog;
import io.github.katib4j.metrics.TrialMetrics;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial printing hundreds of megabytes (short lines, and lines of many megabytes without a newline), or writing an
 * event file of hundreds of megabytes, runs in a JVM with a 64 MB heap: collecting its metrics holds a bounded part of
 * its output at a time, and the observation is the one Katib records.
 */
class OutputFloodTest {
  /** 2,500,000 lines of 85 bytes (212 MB), none naming a metric. */
  private static final String LINES = "yes 'epoch progress blah blah blah blah blah blah blah blah blah blah blah blah"
      + " blah blah' | head -n 2500000; ";
  private static final String LINE_50_MB = "head -c 52428800 /dev/zero | tr '\\0' a; ";
  /** A 2 MiB line that ends with a value for loss, which Katib reads and katib4j cannot keep. */
  private static final String LONG_LINE_WITH_LOSS = "head -c 2097152 /dev/zero | tr '\\0' b; printf ' loss=0.0\\n'; ";

  @TempDir
  Path dir;

  @Test
  void stdOut_hundredsOfMegabytesOfOutput_andLinesOfFiftyMegabytes_fitIn64MbOfHeap() throws Exception {
    String script = "printf 'loss=0.5 accuracy=0.25\\n'; " + LINES + LINE_50_MB + "printf '\\n'; "
        + LONG_LINE_WITH_LOSS + "printf 'loss=0.25\\n'; " + LINE_50_MB;

    String output = runInSmallHeap("", script);

    assertThat(output).as(output).contains("state=Succeeded")
        .contains("loss: min=0.25 max=0.5 latest=0.25").contains("accuracy: min=0.25 max=0.25 latest=0.25")
        .contains("line 2500003 of the trial's output ").contains(" is 2097161 bytes long and names a metric")
        .contains("Katib parses it, so a value on it is missing here")
        .doesNotContain("OutOfMemoryError").doesNotContain("line 2500002 ").doesNotContain("line 2500005 ");
    Path log = dir.resolve("runs/default/flood").resolve("trials").toFile().listFiles()[0].toPath()
        .resolve("stdout.log");
    // The output itself is kept whole.
    assertThat(Files.size(log)).isEqualTo(23 + 2_500_000L * 85 + 52_428_800 + 1 + 2_097_161 + 1 + 10 + 52_428_800);
  }

  @Test
  void file_aMetricsFileOfHundredsOfMegabytes_isReadInBoundedMemory() throws Exception {
    String script = "exec > /var/log/katib/metrics.log; printf 'loss=0.5\\n'; " + LINES + LINE_50_MB
        + "printf '\\nloss=0.25 accuracy=0.75\\n'";

    String output = runInSmallHeap("  metricsCollectorSpec: {collector: {kind: File}, source: {fileSystemPath:"
        + " {path: /var/log/katib/metrics.log, kind: File}}}", script);

    assertThat(output).as(output).contains("state=Succeeded")
        .contains("loss: min=0.25 max=0.5 latest=0.25").contains("accuracy: min=0.75 max=0.75 latest=0.75")
        .doesNotContain("OutOfMemoryError").doesNotContain("bytes long");
  }

  @Test
  void tensorFlowEvent_anEventFileOfHundredsOfMegabytes_isReadARecordAtATime_keepingOnlyTheMatchingTagsValues()
      throws Exception {
    Path trial = dir.resolve("trial");
    Path file = trial.resolve("var/log/katib/tfevent/train/events.out.tfevents.1");
    Files.createDirectories(file.getParent());
    // 200 images of 1 MiB each (TensorFlow 2 writes them as string tensors), and a loss value at each step.
    byte[] image = EventWriter.concat(EventWriter.varintField(1, 7), EventWriter.bytesField(2, new byte[0]),
        EventWriter.bytesField(8, new byte[1 << 20]));
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int step = 0; step < 200; step++) {
        double wallTime = 1_700_000_000 + step;
        out.write(new EventWriter().tensor("images", image, "images", step, wallTime)
            .scalar("loss", 1 + (step % 7) / 8f, step, wallTime).bytes());
      }
    }

    String output = runChild(TfChild.class, trial.toString());

    assertThat(output).as(output).contains("polled=200 reports=200 loss: min=1.0 max=1.75 latest=1.375")
        .doesNotContain("OutOfMemoryError");
  }

  /** Collects the TensorFlowEvent metrics of the trial folder {@code args[0]}; prints the objective's result. */
  public static final class TfChild {
    public static void main(String[] args) {
      Objective objective = Objective.minimize("train/loss");
      TrialMetrics metrics = TrialMetrics.open(MetricsCollector.tensorFlowEvent("/var/log/katib/tfevent/"), objective,
          Path.of(args[0]));
      int polled = metrics.poll().size();
      MetricsLog log = metrics.finish();
      Metric loss = log.observation(objective).orElseThrow().metric("train/loss").orElseThrow();
      System.out.println("polled=" + polled + " reports=" + log.reports().size() + " loss: min=" + loss.min()
          + " max=" + loss.max() + " latest=" + loss.latest() + " notes=" + log.notes());
    }
  }

  /** Runs a one-trial experiment whose command is {@code sh -c script} in a child JVM with 64 MB of heap. */
  private String runInSmallHeap(String collector, String script) throws Exception {
    String yaml = String.join("\n",
        "apiVersion: kubeflow.org/v1beta1",
        "kind: Experiment",
        "metadata: {name: flood}",
        "spec:",
        "  objective: {type: minimize, objectiveMetricName: loss, additionalMetricNames: [accuracy]}",
        "  algorithm: {algorithmName: random}",
        "  maxTrialCount: 1",
        "  parallelTrialCount: 1",
        collector,
        "  parameters:",
        "    - {name: x, parameterType: double, feasibleSpace: {min: '0', max: '1'}}",
        "  trialTemplate:",
        "    primaryContainerName: training",
        "    trialParameters:",
        "      - {name: x, reference: x}",
        "    trialSpec:",
        "      apiVersion: batch/v1",
        "      kind: Job",
        "      spec:",
        "        template:",
        "          spec:",
        "            restartPolicy: Never",
        "            containers:",
        "              - name: training",
        "                image: registry.example.com/train:1.0",
        "                command: [sh, -c, \"" + script.replace("\\", "\\\\") + "\", '${trialParameters.x}']",
        "");
    Path file = dir.resolve("flood.yaml");
    Files.writeString(file, yaml);
    return runChild(Child.class, file.toString(), dir.resolve("runs").toString());
  }

  /** Runs {@code main} in a child JVM with 64 MB of heap; its output. */
  private static String runChild(Class<?> main, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = child.getInputStream().readAllBytes();
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new String(output, StandardCharsets.UTF_8);
  }

  /** Runs the experiment in the file {@code args[0]} in the folder {@code args[1]}; prints its trial's result. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      Experiment experiment = KatibCodec.create().readExperiment(Files.readString(Path.of(args[0])));
      PrintWriter notes = new PrintWriter(System.out, true);
      try (LocalKatib katib = LocalKatib.builder().directory(Path.of(args[1])).seed(1).notes(notes).build()) {
        Experiment done = katib.run(experiment, Duration.ofSeconds(100));
        for (Trial trial : katib.trials(ExperimentRef.of(done))) {
          TrialStatus status = trial.status().orElseThrow();
          System.out.println("state=" + status.conditions().get(status.conditions().size() - 1).type()
              + " " + status.conditions().get(status.conditions().size() - 1));
          Observation observation = status.observation().orElse(null);
          for (String name : new String[] {"loss", "accuracy"}) {
            (observation == null ? java.util.Optional.<io.github.katib4j.experiment.Metric>empty()
                : observation.metric(name)).ifPresent(m -> System.out.println(name + ": min=" + m.min() + " max=" + m.max()
                + " latest=" + m.latest()));
          }
        }
      }
    }
  }
}
