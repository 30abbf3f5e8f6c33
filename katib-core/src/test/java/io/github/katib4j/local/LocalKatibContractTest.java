package io.github.katib4j.local;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.Katib;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.TrialParameter;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.testing.KatibContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The engine contract against the local engine, whose trials are processes that print their loss. */
class LocalKatibContractTest extends KatibContract {
  @TempDir
  Path dir;

  private LocalKatib engine;

  @BeforeEach
  void start() {
    engine = LocalKatib.builder().directory(dir).seed(7).build();
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  @Override
  protected Katib katib() {
    return engine;
  }

  @Override
  protected Experiment experiment(String name, Outcome outcome) {
    String script = outcome == Outcome.SUCCEED ? "echo loss=${trialParameters.learningRate}"
        : outcome == Outcome.FAIL ? "echo lr=${trialParameters.learningRate}; exit 1"
        : "sleep 600; echo loss=${trialParameters.learningRate}";
    return Experiment.builder()
        .name(name).namespace(engine.namespace())
        .objective(Objective.minimize("loss"))
        .algorithm(Algorithm.random())
        .parameters(Parameter.doubleRange("lr", 0.01, 0.05))
        .trialTemplate(TrialTemplate.builder()
            .primaryContainerName("training-container")
            .addTrialParameter(TrialParameter.of("learningRate", "lr"))
            .trialSpec(Unstructured.parse(String.join("\n",
                "apiVersion: batch/v1",
                "kind: Job",
                "spec:",
                "  template:",
                "    spec:",
                "      containers:",
                "        - name: training-container",
                "          image: busybox",
                "          command: [sh, -c, '" + script + "']",
                "      restartPolicy: Never")))
            .build())
        .parallelTrialCount(2).maxTrialCount(3).maxFailedTrialCount(outcome == Outcome.FAIL ? 1 : 3)
        .build();
  }

  @Override
  protected void drive(ExperimentRef ref, Outcome outcome) {
    // The local engine runs the trials itself.
  }

  /** Stops the experiment and damages its journal's second line, as a disk error would. */
  @Override
  protected boolean makeUnreadable(ExperimentRef ref) {
    engine.stop(ref);
    Path journal = engine.directory(ref).resolve("journal.log");
    try {
      byte[] bytes = Files.readAllBytes(journal);
      bytes[new String(bytes, StandardCharsets.UTF_8).indexOf('\n') + 20] ^= 1;
      Files.write(journal, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return true;
  }
}
