package io.github.katib4j.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.internal.codec.YamlTrees;
import io.github.katib4j.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CorpusRoundTripTest {
  private final KatibCodec codec = KatibCodec.create();

  static Stream<Path> experiments() {
    return Stream.concat(Corpus.exampleFiles().stream(), Corpus.fixtures("experiments").stream());
  }

  @Test
  void corpus_whenPresent_hasEveryKatibExample() {
    Corpus.katibRoot().ifPresent(root ->
        assertThat(Corpus.exampleFiles()).hasSizeGreaterThanOrEqualTo(Corpus.KATIB_V0_19_0_EXAMPLES));
    assertThat(Corpus.fixtures("experiments")).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("experiments")
  void readThenWrite_givesTheSameJsonTree(Path file) throws Exception {
    String text = Files.readString(file);
    JsonElement original = YamlTrees.parseSingle(text, file.toString());

    Experiment experiment = codec.readExperiment(file);

    assertThat(codec.toJsonObject(experiment)).isEqualTo(original);
    assertThat(YamlTrees.parseSingle(codec.toYaml(experiment), "yaml")).isEqualTo(original);
    assertThat(YamlTrees.parseSingle(codec.toJson(experiment), "json")).isEqualTo(original);
  }

  @ParameterizedTest
  @MethodSource("experiments")
  void readWriteRead_givesAnEqualValue(Path file) {
    Experiment experiment = codec.readExperiment(file);

    assertThat(codec.readExperiment(codec.toYaml(experiment))).isEqualTo(experiment);
    assertThat(codec.readAll(codec.toJson(experiment), "json", Experiment.class)).containsExactly(experiment);
  }

}
