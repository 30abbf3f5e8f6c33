package io.github.katib4j.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ParameterAssignment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares the renderer with Katib's own generator: {@code golden-results.json} is what the Katib oracle (Katib
 * v0.19.0's {@code manifest.GetRunSpecWithHyperParameters}) made of {@code golden-cases.json}, rendering even the
 * cases its webhook rejects ({@code conformance/katib-oracle/regenerate-goldens.sh}).
 */
class TemplateGoldenTest {
  private static final KatibCodec CODEC = KatibCodec.create();

  static Stream<Arguments> cases() throws IOException {
    JsonArray cases = resource("golden-cases.json").getAsJsonArray();
    Map<String, JsonObject> results = new HashMap<>();
    resource("golden-results.json").getAsJsonArray()
        .forEach(r -> results.put(r.getAsJsonObject().get("id").getAsString(), r.getAsJsonObject()));
    List<Arguments> out = new ArrayList<>();
    for (JsonElement c : cases) {
      String name = c.getAsJsonObject().get("id").getAsString();
      out.add(Arguments.of(name, c.getAsJsonObject(), results.get(name)));
    }
    return out.stream();
  }

  @Test
  void goldens_coverEveryCase() throws IOException {
    assertThat(resource("golden-results.json").getAsJsonArray()).hasSameSizeAs(resource("golden-cases.json")
        .getAsJsonArray());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void renderExact_matchesKatibsGenerator(String name, JsonObject testCase, JsonObject katib) {
    Experiment experiment = CODEC.readExperiment(testCase.get("experiment").toString());
    String trialName = testCase.get("trialName").getAsString();
    List<ParameterAssignment> assignments = new ArrayList<>();
    testCase.getAsJsonArray("assignments").forEach(a -> assignments.add(ParameterAssignment.of(
        a.getAsJsonObject().get("name").getAsString(), a.getAsJsonObject().get("value").getAsString())));
    TrialTemplateRenderer renderer = TrialTemplateRenderer.create().withConfigMaps(configMaps(testCase));
    String expect = testCase.get("expect").getAsString();

    if (!katib.get("renderError").isJsonNull() || expect.equals("admission-error")) {
      assertThat(expect).isIn("katib-error", "admission-error");
      assertThatThrownBy(() -> renderer.render(experiment, trialName, assignments))
          .isInstanceOf(TemplateRenderException.class);
      return;
    }
    RenderedTrial rendered = renderer.render(experiment, trialName, assignments);

    assertThat(rendered.templateText()).isEqualTo(katib.get("templateText").getAsString());
    assertThat(rendered.runSpec().toJsonObject()).isEqualTo(katib.getAsJsonObject("runSpec"));
    assertThat(rendered.isCorrupted()).as("corrupted: %s", rendered.injections())
        .isEqualTo(expect.equals("corrupted"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void renderSafe_equalsKatibWhenValuesAreHarmless(String name, JsonObject testCase, JsonObject katib) {
    if (!testCase.get("expect").getAsString().equals("same")) {
      return;
    }
    Experiment experiment = CODEC.readExperiment(testCase.get("experiment").toString());
    Map<String, String> assignments = new LinkedHashMap<>();
    testCase.getAsJsonArray("assignments").forEach(a -> assignments.put(
        a.getAsJsonObject().get("name").getAsString(), a.getAsJsonObject().get("value").getAsString()));

    RenderedTrial safe = TrialTemplateRenderer.create().withMode(RenderMode.SAFE).withConfigMaps(configMaps(testCase))
        .render(experiment, testCase.get("trialName").getAsString(), assignments);

    assertThat(safe.runSpec().toJsonObject()).isEqualTo(katib.getAsJsonObject("runSpec"));
  }

  private static ConfigMapLookup configMaps(JsonObject testCase) {
    ConfigMapLookup lookup = ConfigMapLookup.none();
    if (testCase.has("configMaps")) {
      for (JsonElement element : testCase.getAsJsonArray("configMaps")) {
        JsonObject cm = element.getAsJsonObject();
        Map<String, String> data = new HashMap<>();
        cm.getAsJsonObject("data").entrySet().forEach(e -> data.put(e.getKey(), e.getValue().getAsString()));
        lookup = lookup.orElse(ConfigMapLookup.of(cm.get("namespace").getAsString(), cm.get("name").getAsString(),
            data));
      }
    }
    return lookup;
  }

  private static JsonElement resource(String name) throws IOException {
    try (InputStream in = Optional.ofNullable(TemplateGoldenTest.class.getResourceAsStream("/template/" + name))
        .orElseThrow()) {
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
