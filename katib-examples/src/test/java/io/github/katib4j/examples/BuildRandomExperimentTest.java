package io.github.katib4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.validation.ExperimentValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BuildRandomExperimentTest {
  private final KatibCodec codec = KatibCodec.create();

  @Test
  void build_givesAValidExperiment() {
    Experiment experiment = BuildRandomExperiment.build();

    assertThat(ExperimentValidator.create().validate(experiment).problems()).isEmpty();
    assertThat(experiment.spec().parameters()).hasSize(2);
  }

  @Test
  void build_givesTheSameJsonAsKatibsRandomExample_whenTheCorpusIsPresent() throws Exception {
    Path katibExample = Path.of("..", "..", "shared", "katib-v0.19.0", "examples", "v1beta1", "hp-tuning",
        "random.yaml");
    Path ours = Path.of("experiments", "random.yaml");
    Experiment built = BuildRandomExperiment.build();
    if (Files.exists(katibExample)) {
      assertThat(codec.toJsonObject(built)).isEqualTo(codec.toJsonObject(codec.readExperiment(katibExample)));
    }
    // Without the corpus, the shape still matches the project's own example of the same experiment.
    Experiment own = codec.readExperiment(ours);
    assertThat(built.spec().parameters()).isEqualTo(own.spec().parameters());
    assertThat(built.spec().objective()).isEqualTo(own.spec().objective());
  }
}
