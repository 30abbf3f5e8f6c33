package io.github.katib4j.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.experiment.Experiment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several objects written as one Kubernetes List, the form kubectl prints, and read back. */
class KatibCodecListTest {
  private static final KatibCodec CODEC = KatibCodec.create();
  private static final List<Experiment> EXPERIMENTS = List.of(
      CODEC.readExperiment(Path.of("src/test/resources/experiments/regression-tpe.yaml")),
      CODEC.readExperiment(Path.of("src/test/resources/experiments/succeeded-with-status.yaml")));

  @Test
  void toJsonList_isAKubectlStyleList_thatReadsBackToTheSameExperiments() {
    String json = CODEC.toJsonList(EXPERIMENTS);

    JsonObject list = JsonParser.parseString(json).getAsJsonObject();
    assertThat(list.keySet()).containsExactly("apiVersion", "items", "kind", "metadata");
    assertThat(list.get("apiVersion").getAsString()).isEqualTo("v1");
    assertThat(list.get("kind").getAsString()).isEqualTo("List");
    assertThat(list.getAsJsonArray("items")).hasSize(2);
    assertThat(list.getAsJsonArray("items").get(1)).isEqualTo(CODEC.toJsonObject(EXPERIMENTS.get(1)));
    assertThat(CODEC.readAll(json, "list.json", Experiment.class)).isEqualTo(EXPERIMENTS);
  }

  @Test
  void toYamlList_readsBackToTheSameExperiments() {
    String yaml = CODEC.toYamlList(EXPERIMENTS);

    assertThat(yaml).startsWith("apiVersion: v1\nitems:\n").contains("\nkind: List\n");
    assertThat(CODEC.readAll(yaml, "list.yaml", Experiment.class)).isEqualTo(EXPERIMENTS);
  }

  @Test
  void emptyList_stillAList() {
    assertThat(JsonParser.parseString(CODEC.toJsonList(List.of())).getAsJsonObject().getAsJsonArray("items"))
        .isEmpty();
    assertThat(CODEC.readAll(CODEC.toYamlList(List.of()), "empty.yaml", Experiment.class)).isEmpty();
  }
}
