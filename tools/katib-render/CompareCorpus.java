import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.template.ConfigMapLookup;
import io.github.katib4j.template.RenderedTrial;
import io.github.katib4j.template.SamplePoint;
import io.github.katib4j.template.TemplateRenderException;
import io.github.katib4j.template.TrialTemplateRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders every Katib example at its sample point with katib4j and compares the result with what Katib's own
 * generator made of the same cases (see compare-corpus.sh): {@code cases} prints the cases for katib-render,
 * {@code compare RESULTS} compares katib-render's results with katib4j's rendering.
 */
public class CompareCorpus {
  private static final Path EXAMPLES = Path.of(System.getenv("KATIB_EXAMPLES"));
  private static final ConfigMapLookup CONFIG_MAPS =
      ConfigMapLookup.fromManifest(Path.of(System.getenv("TRIAL_TEMPLATES")));

  public static void main(String[] args) throws Exception {
    if (args[0].equals("cases")) {
      System.out.println(cases());
    } else {
      compare(JsonParser.parseString(Files.readString(Path.of(args[1]))).getAsJsonArray());
    }
  }

  private static JsonArray cases() throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(EXAMPLES)) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
    }
    JsonObject configMaps = new JsonObject();
    JsonObject data = new JsonObject();
    CONFIG_MAPS.data("kubeflow", "trial-templates").orElseThrow().forEach(data::addProperty);
    configMaps.add("kubeflow/trial-templates", data);
    JsonArray cases = new JsonArray();
    for (Path file : files) {
      Experiment experiment = KatibCodec.create().readExperiment(file);
      SamplePoint point = SamplePoint.of(experiment);
      JsonObject c = new JsonObject();
      c.addProperty("name", EXAMPLES.relativize(file).toString());
      c.add("experiment", KatibCodec.create().toJsonObject(experiment));
      c.addProperty("trialName", point.trialName());
      JsonArray assignments = new JsonArray();
      point.assignments().forEach((name, value) -> {
        JsonObject assignment = new JsonObject();
        assignment.addProperty("name", name);
        assignment.addProperty("value", value);
        assignments.add(assignment);
      });
      c.add("assignments", assignments);
      c.add("configMaps", configMaps);
      cases.add(c);
    }
    return cases;
  }

  private static void compare(JsonArray results) {
    int identical = 0;
    for (JsonElement element : results) {
      JsonObject katib = element.getAsJsonObject();
      String name = katib.get("name").getAsString();
      Experiment experiment = KatibCodec.create().readExperiment(EXAMPLES.resolve(name));
      String verdict;
      try {
        RenderedTrial trial = TrialTemplateRenderer.create().withConfigMaps(CONFIG_MAPS).renderSample(experiment);
        boolean same = katib.has("runSpec") && trial.runSpec().toJsonObject().equals(katib.get("runSpec"))
            && trial.templateText().equals(katib.get("templateText").getAsString());
        verdict = same ? "identical" : "DIFFERENT";
        identical += same ? 1 : 0;
      } catch (TemplateRenderException e) {
        verdict = "katib4j refuses: " + String.join("; ", e.problems().stream().map(Object::toString)
            .collect(Collectors.toList()));
      }
      String katibError = katib.has("error") ? " | Katib's generator fails: " + katib.get("error").getAsString() : "";
      System.out.println(name + ": " + verdict + katibError);
    }
    System.out.println(identical + " of " + results.size() + " identical");
  }
}
