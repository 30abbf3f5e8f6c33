package io.github.katib4j.internal.codec;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.KatibException;
import io.github.katib4j.KatibParseException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.internal.template.TemplateSyntax;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Converts a Katib v1alpha3 Experiment (Katib v0.10 and earlier) into an equivalent v1beta1 one, on the JSON tree, and
 * says in notes every change a user should know about. Semantics from Katib v0.10.0 ({@code pkg/apis/.../v1alpha3},
 * {@code pkg/job/v1alpha3}, the v1alpha3 webhooks): see the reference, section 11.
 */
public final class V1alpha3Converter {
  public static final String V1ALPHA3 = "kubeflow.org/v1alpha3";

  private static final String TRIAL_NAME = "trialName";
  private static final String TRIAL_NAMESPACE = "trialNamespace";
  private static final String TRAINING_CONTAINER = "training-container";

  private final List<String> notes = new ArrayList<>();
  private final String source;
  /** Where the rawTemplate's text starts in the file (a block scalar starts on the line after its indicator). */
  private final int rawTemplateFirstLine;

  private V1alpha3Converter(String source, SourceMap sourceMap) {
    this.source = source;
    this.rawTemplateFirstLine = sourceMap.find("spec.trialTemplate.goTemplate.rawTemplate")
        .filter(p -> p.source().equals(source))
        .map(p -> p.line() + 1)
        .orElse(0);
  }

  /** The result: the v1beta1 experiment and what changed. */
  public static final class Result {
    private final Experiment experiment;
    private final List<String> notes;

    Result(Experiment experiment, List<String> notes) {
      this.experiment = experiment;
      this.notes = List.copyOf(notes);
    }

    public Experiment experiment() {
      return experiment;
    }

    public List<String> notes() {
      return notes;
    }
  }

  /** Converts the one v1alpha3 experiment in {@code text}. */
  public static Result convert(String text, String source) {
    List<Result> all = convertAll(text, source);
    if (all.size() != 1) {
      throw new KatibParseException(source, List.of(Problem.of("", "syntax", "expected exactly one v1alpha3"
          + " Experiment, found " + all.size() + "; use convertAll for several")), false);
    }
    return all.get(0);
  }

  /**
   * Converts every v1alpha3 experiment in {@code text}, one per YAML document, skipping objects of other kinds (such
   * as a ConfigMap bundled with it); empty when there is none.
   */
  public static List<Result> convertAll(String text, String source) {
    List<Result> results = new ArrayList<>();
    for (ParsedDocument document : YamlTrees.parseAll(text, source)) {
      if (!Decoded.isOtherKind(document.root(), Experiment.class)) {
        results.add(convert(document));
      }
    }
    return results;
  }

  private static Result convert(ParsedDocument document) {
    String source = document.source();
    if (!document.root().isJsonObject()) {
      throw YamlTrees.notAnObject(document.root(), source);
    }
    JsonObject v1alpha3 = document.root().getAsJsonObject();
    String apiVersion = JsonTrees.stringAt(v1alpha3, "apiVersion").orElse("");
    if (!apiVersion.equals(V1ALPHA3)) {
      throw new KatibParseException(source, List.of(Problem.of("apiVersion", "schema", "expected \"" + V1ALPHA3
          + "\", found \"" + apiVersion + "\"; only v1alpha3 experiments need converting")), false);
    }
    List<Problem> templateProblems = checkTrialTemplate(v1alpha3).stream().map(document.sourceMap()::locate)
        .collect(Collectors.toList());
    if (!templateProblems.isEmpty()) {
      throw new KatibParseException(source, templateProblems, false);
    }
    V1alpha3Converter converter = new V1alpha3Converter(source, document.sourceMap());
    JsonObject v1beta1 = converter.convertTree(v1alpha3.deepCopy());
    Decoded<Experiment> decoded = Decoded.of(v1beta1, Experiment.class, true, document.sourceMap(), source);
    if (!decoded.problems().isEmpty()) {
      throw new KatibParseException(source, decoded.problems(), false);
    }
    return new Result(decoded.value().orElseThrow(), converter.notes);
  }

  /**
   * The v1alpha3 {@code trialTemplate} read as Go reads its struct ({@code retain} a bool, {@code goTemplate} with a
   * string {@code rawTemplate} or a {@code templateSpec} of strings): conversion replaces it, so no v1beta1 reading
   * would see a wrong type or an unknown field there, and a string {@code retain: "yes"} would quietly become false.
   */
  private static List<Problem> checkTrialTemplate(JsonObject v1alpha3) {
    WireReader.Context context = new WireReader.Context(true);
    JsonElement spec = v1alpha3.get("spec");
    if (spec != null && spec.isJsonObject()) {
      WireReader.of(spec.getAsJsonObject().get("trialTemplate"), "spec.trialTemplate", context)
          .ifPresent(template -> template.finish(readTrialTemplate(template)));
    }
    return context.problems();
  }

  private static Void readTrialTemplate(WireReader template) {
    template.bool("retain");
    template.object("goTemplate", goTemplate -> {
      goTemplate.string("rawTemplate");
      goTemplate.object("templateSpec", templateSpec -> {
        templateSpec.string("configMapName");
        templateSpec.string("configMapNamespace");
        templateSpec.string("templatePath");
        return null;
      });
      return null;
    });
    return null;
  }

  private JsonObject convertTree(JsonObject root) {
    root.addProperty("apiVersion", Experiment.API_VERSION);
    if (root.has("status")) {
      root.remove("status");
      notes.add("dropped status: a v1alpha3 status does not carry over; Katib starts the experiment afresh");
    }
    JsonObject spec = objectAt(root, "spec").orElseGet(JsonObject::new);
    root.add("spec", spec);
    String experimentName = objectAt(root, "metadata").flatMap(m -> JsonTrees.stringAt(m, "name")).orElse("");

    Map<String, String> renamed = renameParameters(spec);
    convertAlgorithm(spec, renamed);
    convertCollector(spec);
    if (JsonTrees.stringAt(spec, "resumePolicy").orElse("").isEmpty()) {
      spec.addProperty("resumePolicy", "LongRunning");
      notes.add("set resumePolicy: LongRunning, v1alpha3's default (v1beta1's default is Never)");
    }
    convertTrialTemplate(spec, renamed, experimentName);
    return root;
  }

  /** v1alpha3 names were often command-line flags ({@code --lr}); v1beta1 keeps the flag in the template instead. */
  private Map<String, String> renameParameters(JsonObject spec) {
    Map<String, String> renamed = new LinkedHashMap<>();
    JsonArray parameters = arrayAt(spec, "parameters");
    Set<String> taken = new LinkedHashSet<>();
    for (JsonElement p : parameters) {
      if (p.isJsonObject()) {
        JsonTrees.stringAt(p.getAsJsonObject(), "name").ifPresent(taken::add);
      }
    }
    for (JsonElement p : parameters) {
      if (!p.isJsonObject()) {
        continue;
      }
      JsonObject parameter = p.getAsJsonObject();
      String name = JsonTrees.stringAt(parameter, "name").orElse("");
      String stripped = name.replaceFirst("^-+", "");
      String newName = stripped.isEmpty() || (!stripped.equals(name) && taken.contains(stripped)) ? name : stripped;
      renamed.put(name, newName);
      if (!newName.equals(name)) {
        parameter.addProperty("name", newName);
        taken.add(newName);
        notes.add("renamed parameter \"" + name + "\" to \"" + newName + "\"; the command line still gets \"" + name
            + "=<value>\"");
      }
    }
    return renamed;
  }

  private void convertAlgorithm(JsonObject spec, Map<String, String> renamed) {
    objectAt(spec, "algorithm").ifPresent(algorithm -> {
      if (algorithm.has("earlyStopping")) {
        algorithm.remove("earlyStopping");
        notes.add("dropped algorithm.earlyStopping: v1alpha3 never implemented it; use spec.earlyStopping "
            + "(medianstop) in v1beta1");
      }
      for (JsonElement s : arrayAt(algorithm, "algorithmSettings")) {
        if (!s.isJsonObject()) {
          continue;
        }
        JsonObject setting = s.getAsJsonObject();
        String value = JsonTrees.stringAt(setting, "value").orElse("");
        String newValue = renamed.get(value);
        if (newValue != null && !newValue.equals(value)) {
          setting.addProperty("value", newValue);
          notes.add("algorithm setting " + JsonTrees.stringAt(setting, "name").orElse("") + " now names parameter \""
              + newValue + "\"");
        }
      }
    });
  }

  private void convertCollector(JsonObject spec) {
    objectAt(spec, "metricsCollectorSpec").flatMap(m -> objectAt(m, "collector")).ifPresent(collector -> {
      if (JsonTrees.stringAt(collector, "kind").orElse("").equals("None")) {
        collector.addProperty("kind", "Push");
        notes.add("collector kind None became Push, its v1beta1 successor: the trial reports its own metrics");
      }
    });
  }

  private void convertTrialTemplate(JsonObject spec, Map<String, String> renamed, String experimentName) {
    Optional<JsonObject> template = objectAt(spec, "trialTemplate");
    JsonObject converted = new JsonObject();
    boolean retain = template.map(t -> t.has("retain") && t.get("retain").isJsonPrimitive()
        && t.get("retain").getAsBoolean()).orElse(false);
    Optional<JsonObject> goTemplate = template.flatMap(t -> objectAt(t, "goTemplate"));
    Optional<String> raw = goTemplate.flatMap(g -> JsonTrees.stringAt(g, "rawTemplate"));
    Optional<JsonObject> templateSpec = goTemplate.flatMap(g -> objectAt(g, "templateSpec"));
    if (template.isEmpty()) {
      retain = true;
      templateSpec = Optional.of(defaultTemplateSpec());
      notes.add("v1alpha3 used Katib's default ConfigMap template (trial-template/defaultTrialTemplate.yaml) when "
          + "trialTemplate was omitted; v1beta1 has no default, so the converted experiment points at it explicitly");
    }
    if (retain) {
      converted.addProperty("retain", true);
    }
    Map<String, String> hyperParameters = hyperParameterNames(spec, renamed);
    if (raw.isPresent()) {
      convertRawTemplate(raw.get(), hyperParameters, experimentName, converted);
    } else if (templateSpec.isPresent()) {
      JsonObject configMap = new JsonObject();
      for (String field : List.of("configMapName", "configMapNamespace", "templatePath")) {
        JsonTrees.stringAt(templateSpec.get(), field).ifPresent(v -> configMap.addProperty(field, v));
      }
      converted.add("configMap", configMap);
      JsonArray trialParameters = new JsonArray();
      hyperParameters.forEach((oldName, newName) -> trialParameters.add(trialParameter(placeholderName(newName),
          newName)));
      converted.add("trialParameters", trialParameters);
      notes.add("the ConfigMap template is still a v1alpha3 Go template: convert its text too (each hyperparameter "
          + "becomes ${trialParameters.<name>}), and set primaryContainerName, successCondition and failureCondition, "
          + "which v1beta1 does not default for ConfigMap templates");
    } else {
      notes.add("trialTemplate.goTemplate has neither rawTemplate nor templateSpec; write the v1beta1 trialTemplate "
          + "by hand");
    }
    spec.add("trialTemplate", converted);
  }

  private static JsonObject defaultTemplateSpec() {
    JsonObject spec = new JsonObject();
    spec.addProperty("configMapName", "trial-template");
    spec.addProperty("configMapNamespace", "kubeflow");
    spec.addProperty("templatePath", "defaultTrialTemplate.yaml");
    return spec;
  }

  /** What {@code .HyperParameters} held at run time: search parameters, or the NAS services' fixed assignments. */
  private Map<String, String> hyperParameterNames(JsonObject spec, Map<String, String> renamed) {
    if (!renamed.isEmpty()) {
      return renamed;
    }
    String algorithm = objectAt(spec, "algorithm").flatMap(a -> JsonTrees.stringAt(a, "algorithmName")).orElse("");
    Map<String, String> nas = new LinkedHashMap<>();
    List<String> names = algorithm.equals("darts") ? List.of("algorithm-settings", "search-space", "num-layers")
        : algorithm.equals("enas") ? List.of("architecture", "nn_config") : List.of();
    names.forEach(n -> nas.put(n, n));
    return nas;
  }

  private void convertRawTemplate(String raw, Map<String, String> hyperParameters, String experimentName,
      JsonObject converted) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put(".Trial", TemplateSyntax.placeholder(TRIAL_NAME));
    variables.put(".NameSpace", TemplateSyntax.placeholder(TRIAL_NAMESPACE));
    if (!experimentName.isEmpty()) {
      variables.put(".Experiment", experimentName);
    }
    List<GoTemplateExpander.HyperParameter> values = new ArrayList<>();
    Map<String, String> placeholderOf = new LinkedHashMap<>();
    hyperParameters.forEach((oldName, newName) -> {
      String placeholder = placeholderName(newName);
      placeholderOf.put(newName, placeholder);
      values.add(new GoTemplateExpander.HyperParameter(oldName, TemplateSyntax.placeholder(placeholder)));
    });
    String expanded = new GoTemplateExpander(variables, values, source, rawTemplateFirstLine).expand(raw);
    JsonElement parsed;
    try {
      parsed = YamlTrees.parseSingle(expanded, source + " (rawTemplate after expansion)");
    } catch (KatibParseException e) {
      throw new KatibException("the v1alpha3 rawTemplate is not valid YAML once its Go template actions are expanded:"
          + "\n" + e.getMessage() + "\nExpanded text:\n" + expanded, e);
    }
    if (!parsed.isJsonObject()) {
      throw new KatibException(source + ": the v1alpha3 rawTemplate does not describe a Kubernetes object");
    }
    JsonObject trialSpec = parsed.getAsJsonObject();
    removeNameAndNamespace(trialSpec);
    String primary = renameTrialNamedContainers(trialSpec);
    converted.add("trialSpec", trialSpec);

    String text = JsonTrees.compact(trialSpec);
    JsonArray trialParameters = new JsonArray();
    placeholderOf.forEach((newName, placeholder) -> {
      if (text.contains(TemplateSyntax.placeholder(placeholder))) {
        trialParameters.add(trialParameter(placeholder, newName));
      } else {
        notes.add("the template never used parameter \"" + newName + "\"; v1beta1 requires every parameter to be "
            + "consumed by a trial parameter, so add it to the template or remove it from the search space");
      }
    });
    if (text.contains(TemplateSyntax.placeholder(TRIAL_NAME))) {
      trialParameters.add(trialParameter(TRIAL_NAME, "${trialSpec.Name}"));
    }
    if (text.contains(TemplateSyntax.placeholder(TRIAL_NAMESPACE))) {
      trialParameters.add(trialParameter(TRIAL_NAMESPACE, "${trialSpec.Namespace}"));
    }
    converted.add("trialParameters", trialParameters);
    if (!primary.isEmpty()) {
      converted.addProperty("primaryContainerName", primary);
    }
  }

  /** v1alpha3 required {@code metadata.name: {{.Trial}}} and {@code namespace: {{.NameSpace}}}; v1beta1 forbids them. */
  private void removeNameAndNamespace(JsonObject trialSpec) {
    objectAt(trialSpec, "metadata").ifPresent(metadata -> {
      boolean removed = metadata.remove("name") != null;
      removed |= metadata.remove("namespace") != null;
      if (removed) {
        notes.add("removed the template's metadata.name and metadata.namespace; v1beta1 sets them on each trial");
      }
      if (metadata.size() == 0) {
        trialSpec.remove("metadata");
      }
    });
  }

  /**
   * Renames containers named after the trial, which v1beta1 cannot match by name, and returns the primary container
   * as v1alpha3 chose it: the first container of a Job's pod, {@code tensorflow} in a TFJob, {@code pytorch} in a
   * PyTorchJob.
   */
  private String renameTrialNamedContainers(JsonObject trialSpec) {
    String kind = JsonTrees.stringAt(trialSpec, "kind").orElse("");
    List<JsonArray> containerLists = new ArrayList<>();
    collectContainers(trialSpec, containerLists);
    String trialNamePlaceholder = TemplateSyntax.placeholder(TRIAL_NAME);
    for (JsonArray containers : containerLists) {
      for (JsonElement c : containers) {
        if (c.isJsonObject() && JsonTrees.stringAt(c.getAsJsonObject(), "name").orElse("").equals(
            trialNamePlaceholder)) {
          c.getAsJsonObject().addProperty("name", TRAINING_CONTAINER);
          notes.add("renamed the container named {{.Trial}} to \"" + TRAINING_CONTAINER + "\" so that "
              + "primaryContainerName can name it");
        }
      }
    }
    switch (kind) {
      case "TFJob":
        return "tensorflow";
      case "PyTorchJob":
        return "pytorch";
      default:
        return containerLists.isEmpty() || containerLists.get(0).size() == 0
            || !containerLists.get(0).get(0).isJsonObject()
            ? "" : JsonTrees.stringAt(containerLists.get(0).get(0).getAsJsonObject(), "name").orElse("");
    }
  }

  private static void collectContainers(JsonElement element, List<JsonArray> found) {
    if (element.isJsonObject()) {
      for (Map.Entry<String, JsonElement> entry : element.getAsJsonObject().entrySet()) {
        if (entry.getKey().equals("containers") && entry.getValue().isJsonArray()) {
          found.add(entry.getValue().getAsJsonArray());
        } else {
          collectContainers(entry.getValue(), found);
        }
      }
    } else if (element.isJsonArray()) {
      element.getAsJsonArray().forEach(e -> collectContainers(e, found));
    }
  }

  private static JsonObject trialParameter(String name, String reference) {
    JsonObject parameter = new JsonObject();
    parameter.addProperty("name", name);
    parameter.addProperty("reference", reference);
    return parameter;
  }

  /** A trial-parameter name Katib's placeholder syntax can carry. */
  private static String placeholderName(String parameterName) {
    return parameterName.replaceAll("[{}$\\s]", "_");
  }

  private static Optional<JsonObject> objectAt(JsonObject parent, String key) {
    JsonElement value = parent.get(key);
    return value != null && value.isJsonObject() ? Optional.of(value.getAsJsonObject()) : Optional.empty();
  }

  private static JsonArray arrayAt(JsonObject parent, String key) {
    JsonElement value = parent.get(key);
    return value != null && value.isJsonArray() ? value.getAsJsonArray() : new JsonArray();
  }
}
