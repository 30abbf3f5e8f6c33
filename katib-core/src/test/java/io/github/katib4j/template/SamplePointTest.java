package io.github.katib4j.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ObjectMeta;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.testing.Corpus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplePointTest {
  private static Experiment experiment(Parameter... parameters) {
    return Experiment.builder()
        .name("sample").namespace("ml")
        .objective(Objective.minimize("loss")).algorithm(Algorithm.random())
        .parameters(parameters)
        .trialTemplate(CommandTrial.of("img", "run").template(List.of(parameters)))
        .maxTrialCount(3).parallelTrialCount(1)
        .build();
  }

  @Test
  void of_takesMidpointsFirstItemsAndRespectsStepsAndIntegers() {
    SamplePoint point = SamplePoint.of(experiment(
        Parameter.doubleRange("lr", 0.01, 0.05),
        Parameter.doubleRange("momentum", 0.5, 0.9).step(0.3),
        Parameter.doubleRange("decay", 0.0001, 0.01).logUniform(),
        Parameter.intRange("layers", 1, 4),
        Parameter.intRange("steps", 50, 150).step(20),
        Parameter.categorical("optimizer", "sgd", "adam"),
        Parameter.discrete("batch", 32, 64)));

    assertThat(point.assignments()).containsExactly(Map.entry("lr", "0.03"), Map.entry("momentum", "0.8"),
        Map.entry("decay", "0.001"), Map.entry("layers", "2"), Map.entry("steps", "90"),
        Map.entry("optimizer", "sgd"), Map.entry("batch", "32"));
    assertThat(point.explanations()).contains("lr = 0.03: the midpoint of [0.01, 0.05]",
        "decay = 0.001: the geometric midpoint of [0.0001, 0.01]",
        "steps = 90: the middle integer of [50, 150] on steps of 20",
        "batch = 32: the first of [32, 64]");
  }

  @Test
  void trialName_isKatibsFormAndTheSameEachTime() {
    Experiment experiment = experiment(Parameter.intRange("layers", 1, 4));

    String name = SamplePoint.of(experiment).trialName();

    assertThat(name).matches("sample-[bcdfghjklmnpqrstvwxz2456789]{8}").isEqualTo(SamplePoint.of(experiment)
        .trialName());
    assertThat(SamplePoint.of(experiment.withMetadata(ObjectMeta.builder().generateName("gen-").build()))
        .trialName()).startsWith("gen-");
  }

  @Test
  void of_nasExperiment_standsInForTheServicesValues() {
    Corpus.katibRoot().ifPresent(root -> {
      Experiment enas = KatibCodec.create().readExperiment(root.resolve("examples/v1beta1/nas/enas-cpu.yaml"));

      SamplePoint point = SamplePoint.of(enas);

      assertThat(point.assignments()).containsExactly(Map.entry("architecture", "sample-architecture"),
          Map.entry("nn_config", "sample-nn_config"));
    });
  }
}
