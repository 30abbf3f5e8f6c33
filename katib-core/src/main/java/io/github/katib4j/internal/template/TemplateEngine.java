package io.github.katib4j.internal.template;

import com.google.gson.JsonObject;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.ConfigMapSource;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.experiment.TrialParameter;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.Shown;
import io.github.katib4j.internal.codec.Paths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Katib's trial-template rendering ({@code pkg/controller.v1beta1/experiment/manifest/generator.go} at v0.19.0),
 * together with the admission checks on the template (T8 to T13) and a safe rendering to compare it with.
 *
 * <p>Where Katib stops at the first error, every problem is collected. Where Katib's result depends on Go's random
 * map order (a value that contains another placeholder), the trial parameters' order is used and the dependence
 * is reported.
 */
public final class TemplateEngine {
  private static final String TEMPLATE = "spec.trialTemplate";
  private static final String TRIAL_PARAMETERS = TEMPLATE + ".trialParameters";
  private static final int MAX_DIFFERENCES = 5;

  private TemplateEngine() {}

  /** The outcome: either problems, or the text Katib substitutes in and both renderings. */
  public static final class Rendering {
    private final RenderFindings findings;
    private String templateText = "";
    private String renderedText = "";
    private JsonObject exact;
    private JsonObject safe;
    private final List<Problem> injections = new ArrayList<>();
    private RenderFindings decodeFailure;
    /**
     * What Katib's own decoding of {@link #renderedText} needs, until it has run. It runs on first use: the local engine
     * uses only the safe rendering, and decoding, re-encoding and comparing the text cost more than the rest of a
     * rendering; the answers are the same whenever they are asked for.
     */
    private Runnable pendingExact;

    Rendering(RenderFindings findings) {
      this.findings = findings;
    }

    private synchronized void completeExact() {
      if (pendingExact != null) {
        Runnable decode = pendingExact;
        pendingExact = null;
        decode.run();
      }
    }

    /** Problems that prevent rendering; empty when rendering succeeded. */
    public RenderFindings findings() {
      return findings;
    }

    /** The text Katib substitutes placeholders in: the Go JSON of an inline trialSpec, or the ConfigMap text. */
    public String templateText() {
      return templateText;
    }

    /** The text after Katib's substitution. */
    public String renderedText() {
      return renderedText;
    }

    /** Why Katib cannot decode the substituted text, when it cannot; then {@link #exact()} is null. */
    public RenderFindings decodeFailure() {
      completeExact();
      return decodeFailure;
    }

    /** What Katib renders, with {@code metadata.name} and {@code metadata.namespace} set. */
    public JsonObject exact() {
      completeExact();
      return exact;
    }

    /** What the values mean: each arrives verbatim where its placeholder stands. */
    public JsonObject safe() {
      return safe;
    }

    /** How Katib's rendering departs from the safe one; empty when the values are harmless. */
    public List<Problem> injections() {
      completeExact();
      return List.copyOf(injections);
    }
  }

  /**
   * Renders {@code experiment}'s trial template for trial {@code trialName}.
   *
   * @param configMaps namespace and name to a ConfigMap's data, or empty
   */
  public static Rendering render(Experiment experiment, String trialName, List<ParameterAssignment> assignments,
      BiFunction<String, String, Optional<Map<String, String>>> configMaps) {
    RenderFindings findings = new RenderFindings();
    Rendering rendering = new Rendering(findings);
    Optional<TrialTemplate> maybeTemplate = experiment.spec().trialTemplate();
    if (maybeTemplate.isEmpty()) {
      findings.add(TEMPLATE, "T1", "is missing; give the trial template with a trialSpec or a configMap");
      return rendering;
    }
    TrialTemplate template = maybeTemplate.get();
    Source source = source(template, configMaps, findings);
    if (source == null) {
      return rendering;
    }
    rendering.templateText = source.text;

    Map<String, String> assigned = assignments(assignments, findings);
    Map<String, String> values = new LinkedHashMap<>();
    Set<String> references = new HashSet<>();
    Set<String> declared = new LinkedHashSet<>();
    checkTrialParameters(experiment, trialName, template, source, assigned, values, references, declared, findings);
    checkUnknownPlaceholders(source, declared, findings);
    checkUnreferenced(experiment.spec().parameters(), assigned, references, findings);
    if (!findings.isEmpty()) {
      return rendering;
    }

    Substitution substitution = new Substitution(values);
    rendering.renderedText = substitution.exact(source.text);
    rendering.safe = source.safe(substitution);
    GoUnstructured.setNameAndNamespace(rendering.safe, trialName, experiment.namespace());
    String namespace = experiment.namespace();
    rendering.pendingExact = () -> decodeExact(rendering, source, values, trialName, namespace);
    return rendering;
  }

  /** Katib's decoding of the substituted text, and how it departs from the safe rendering. */
  private static void decodeExact(Rendering rendering, Source source, Map<String, String> values, String trialName,
      String namespace) {
    try {
      JsonObject exact = GoUnstructured.decode(rendering.renderedText);
      GoUnstructured.setNameAndNamespace(exact, trialName, namespace);
      // Katib holds the object as a Go map, which is written with its keys sorted, metadata among them.
      rendering.exact = GoJson.decodeFirstValue(GoJson.encode(exact)).getAsJsonObject();
    } catch (IOException e) {
      RenderFindings failure = new RenderFindings();
      failure.renderedText(rendering.renderedText);
      failure.add(TEMPLATE, "K-injection", "Katib cannot decode the template after substituting the values ("
          + e.getMessage() + "); " + suspects(source, values)
          + "; such values need the safe rendering, or a template that does not place them in raw text");
      rendering.decodeFailure = failure;
      rendering.injections.addAll(failure.problems());
      return;
    }
    detectInjections(rendering, source, values);
  }

  /** The placeholders of a template's text that a set of declared trial parameters leaves unfilled. */
  private static final class UnknownPlaceholders {
    final Set<String> declared;
    final List<String> names;

    UnknownPlaceholders(Set<String> declared, List<String> names) {
      this.declared = declared;
      this.names = names;
    }
  }

  /** The template text and its parsed form, before substitution. */
  private static final class Source {
    final String text;
    final boolean configMap;
    final JsonObject object;

    /** The last answer of {@link #unknownPlaceholders}: every trial of an experiment asks with the same names. */
    private volatile UnknownPlaceholders unknown;

    Source(String text, boolean configMap, JsonObject object) {
      this.text = text;
      this.configMap = configMap;
      this.object = object;
    }

    /** The placeholders in the text that none of {@code declared} fills. */
    List<String> unknownPlaceholders(Set<String> declared) {
      UnknownPlaceholders last = unknown;
      if (last != null && last.declared.equals(declared)) {
        return last.names;
      }
      List<String> names = List.copyOf(TemplateSyntax.unknownPlaceholders(text, declared));
      unknown = new UnknownPlaceholders(Set.copyOf(declared), names);
      return names;
    }

    /** The template with values placed safely: inside the strings of the parsed template. */
    JsonObject safe(Substitution substitution) {
      if (!configMap) {
        return substitution.safe(object).getAsJsonObject();
      }
      try {
        return GoUnstructured.decode(text, substitution);
      } catch (IOException e) {
        throw new IllegalStateException("the ConfigMap template decoded before substitution but not now", e);
      }
    }
  }

  /**
   * The inline template prepared last. Every trial of an experiment renders the same trialSpec, and preparing it (Go's
   * JSON encoding) costs about as much as the substitution itself; a Source is never modified, so sharing it is safe.
   */
  private static volatile InlineSource lastInline;

  private static final class InlineSource {
    final Unstructured trialSpec;
    final Source source;

    InlineSource(Unstructured trialSpec, Source source) {
      this.trialSpec = trialSpec;
      this.source = source;
    }
  }

  private static Source inlineSource(Unstructured trialSpec) {
    InlineSource last = lastInline;
    if (last != null && last.trialSpec == trialSpec) {
      return last.source;
    }
    JsonObject object = GoJson.normalizeNumbers(trialSpec.toJsonObject()).getAsJsonObject();
    Source source = new Source(GoJson.encode(object), false, object);
    lastInline = new InlineSource(trialSpec, source);
    return source;
  }

  private static Source source(TrialTemplate template,
      BiFunction<String, String, Optional<Map<String, String>>> configMaps, RenderFindings findings) {
    if (template.trialSpec().isPresent() && template.configMap().isPresent()) {
      findings.add(TEMPLATE, "T5", "has both trialSpec and configMap; keep one");
      return null;
    }
    if (template.trialSpec().isPresent()) {
      return inlineSource(template.trialSpec().get());
    }
    if (template.configMap().isEmpty()) {
      findings.add(TEMPLATE, "T5", "has neither trialSpec nor configMap; give the template inline as trialSpec or"
          + " name the ConfigMap that holds it");
      return null;
    }
    ConfigMapSource cm = template.configMap().get();
    if (cm.configMapName().isEmpty() || cm.configMapNamespace().isEmpty() || cm.templatePath().isEmpty()) {
      findings.add(TEMPLATE + ".configMap", "T6", "configMapName, configMapNamespace and templatePath must all be set");
      return null;
    }
    String where = "ConfigMap \"" + cm.configMapNamespace() + "/" + cm.configMapName() + "\"";
    Optional<Map<String, String>> data = configMaps.apply(cm.configMapNamespace(), cm.configMapName());
    if (data.isEmpty()) {
      findings.add(TEMPLATE + ".configMap", "T7", where + " was not found; supply its data with a ConfigMapLookup"
          + " (from a file locally, from the cluster in katib-k8s)");
      return null;
    }
    String text = data.get().get(cm.templatePath());
    if (text == null) {
      findings.add(TEMPLATE + ".configMap.templatePath", "T7", where + " has no key \"" + cm.templatePath()
          + "\"; its keys are " + data.get().keySet().stream().sorted().collect(Collectors.toList()));
      return null;
    }
    try {
      return new Source(text, true, GoUnstructured.decode(text));
    } catch (IOException e) {
      findings.add(TEMPLATE + ".configMap", "K-template-decode", "the template in " + where + " key \""
          + cm.templatePath() + "\" must be a YAML or JSON object with a kind even before substitution, because"
          + " Katib reads it to resolve metadata references: " + e.getMessage());
      return null;
    }
  }

  private static Map<String, String> assignments(List<ParameterAssignment> assignments, RenderFindings findings) {
    Map<String, String> assigned = new LinkedHashMap<>();
    for (ParameterAssignment assignment : assignments) {
      if (assigned.put(assignment.name(), assignment.value()) != null) {
        findings.add("", "K-duplicate-assignment", "parameter \"" + assignment.name() + "\" is assigned twice; give"
            + " each parameter one value");
      }
    }
    return assigned;
  }

  private static void checkTrialParameters(Experiment experiment, String trialName, TrialTemplate template,
      Source source, Map<String, String> assigned, Map<String, String> values, Set<String> references,
      Set<String> names, RenderFindings findings) {
    Set<String> seenReferences = new HashSet<>();
    List<Parameter> parameters = experiment.spec().parameters();
    List<TrialParameter> trialParameters = template.trialParameters();
    // Katib keeps the last label or annotation key it parsed and uses it for a later reference without one.
    String lastIndex = "";
    for (int i = 0; i < trialParameters.size(); i++) {
      TrialParameter p = trialParameters.get(i);
      String path = Paths.index(TRIAL_PARAMETERS, i);
      if (p.name().isEmpty() || p.reference().isEmpty() || p.name().contains("{") || p.name().contains("}")) {
        findings.add(path, "T8", "name and reference must be set and name must not contain '{' or '}'; found name \""
            + p.name() + "\", reference \"" + p.reference() + "\"");
        continue;
      }
      if (!names.add(p.name())) {
        findings.add(path + ".name", "T9", "trial parameter \"" + p.name() + "\" is declared twice; give each"
            + " placeholder one entry");
        continue;
      }
      if (!seenReferences.add(p.reference())) {
        findings.add(path + ".reference", "T10", "reference \"" + p.reference() + "\" is used by two trial"
            + " parameters; Katib allows one trial parameter per reference");
        continue;
      }
      Optional<TemplateSyntax.MetadataReference> meta = TemplateSyntax.metadataReference(p.reference());
      if (meta.isPresent()) {
        lastIndex = meta.get().index().isEmpty() ? lastIndex : meta.get().index();
        metadataValue(meta.get(), lastIndex, p, path, experiment, trialName, source, findings)
            .ifPresent(value -> values.put(p.name(), value));
      } else if (!parameters.isEmpty() && parameters.stream().noneMatch(q -> q.name().equals(p.reference()))) {
        findings.add(path + ".reference", "T11", "\"" + p.reference() + "\" is neither a search parameter nor a"
            + " metadata reference such as ${trialSpec.Name}; the search parameters are "
            + parameters.stream().map(Parameter::name).collect(Collectors.toList()));
      } else {
        references.add(p.reference());
        String value = assigned.get(p.reference());
        if (value == null) {
          findings.missingAssignment(p.reference());
          findings.add(path + ".reference", "K-missing-assignment", "no value was assigned to \"" + p.reference()
              + "\", which trial parameter \"" + p.name() + "\" takes; assign every search parameter");
        } else {
          values.put(p.name(), value);
        }
      }
      if (!source.text.contains(TemplateSyntax.placeholder(p.name()))) {
        findings.unusedTrialParameter(p.name());
        findings.add(path + ".name", "T12", TemplateSyntax.placeholder(p.name()) + " does not appear in the"
            + " template" + escapedHint(p.name(), source) + "; use it in the template or remove the trial parameter");
      }
    }
  }

  private static String escapedHint(String name, Source source) {
    return source.configMap ? "" : unmatchableInline(name).map(why -> " (" + why + ")").orElse("");
  }

  /**
   * Why {@code ${trialParameters.<name>}} can never occur in an inline trialSpec, or empty when it can: Go's JSON
   * encoder, which writes the trialSpec Katib searches, escapes a character of the name.
   */
  public static Optional<String> unmatchableInline(String name) {
    boolean escaped = name.chars().anyMatch(c -> c == '"' || c == '\\' || c == '<' || c == '>' || c == '&'
        || c < 0x20 || c == 0x2028 || c == 0x2029);
    return escaped ? Optional.of("Katib serializes an inline trialSpec as Go JSON, which escapes \" \\ < > & and"
        + " control characters, so this name can never match; rename the trial parameter") : Optional.empty();
  }

  /** The value of a metadata reference; {@code index} is its key, or the last one Katib parsed before it. */
  private static Optional<String> metadataValue(TemplateSyntax.MetadataReference meta, String index,
      TrialParameter p, String path, Experiment experiment, String trialName, Source source,
      RenderFindings findings) {
    String reference = path + ".reference";
    switch (meta.key()) {
      case TemplateSyntax.NAME:
        return Optional.of(trialName);
      case TemplateSyntax.NAMESPACE:
        return Optional.of(experiment.namespace());
      case TemplateSyntax.KIND:
        return Optional.of(GoUnstructured.kind(source.object));
      case TemplateSyntax.API_VERSION:
        return Optional.of(GoUnstructured.apiVersion(source.object));
      case TemplateSyntax.LABELS:
      case TemplateSyntax.ANNOTATIONS:
        String field = meta.key().equals(TemplateSyntax.LABELS) ? "labels" : "annotations";
        if (index.isEmpty()) {
          findings.add(reference, "K-metadata-reference", p.reference() + " needs a key, such as ${trialSpec."
              + meta.key() + "[app]}");
          return Optional.empty();
        }
        String value = GoUnstructured.stringMap(source.object, field).get(index);
        if (value == null) {
          Optional<String> unread = GoUnstructured.whyNoStringMap(source.object, field);
          findings.add(reference, "K-metadata-reference", p.reference() + ": the template has no metadata."
              + field + "[" + index + "] (as a string)" + (meta.index().isEmpty() ? ", the key Katib takes from"
              + " the reference before it, as this one has none" : "") + unread.map(why -> ": its " + why)
              .orElse("; Katib resolves this reference against the template's own " + field + ", not the trial's"));
          return Optional.empty();
        }
        return Optional.of(value);
      default:
        findings.add(reference, "T11", p.reference() + " refers to trial metadata Katib does not know (\""
            + meta.key() + "\"); use one of " + TemplateSyntax.METADATA_KEYS);
        return Optional.empty();
    }
  }

  private static void checkUnknownPlaceholders(Source source, Set<String> declared, RenderFindings findings) {
    List<String> unknown = source.unknownPlaceholders(declared);
    if (!unknown.isEmpty()) {
      unknown.forEach(findings::unknownPlaceholder);
      findings.add(TEMPLATE, "T13", "the template uses " + String.join(", ", unknown) + ", which no trial parameter"
          + " declares (or whose trial parameter has another problem); declare them in " + TRIAL_PARAMETERS);
    }
  }

  private static void checkUnreferenced(List<Parameter> parameters, Map<String, String> assigned,
      Set<String> references, RenderFindings findings) {
    Set<String> searchParameters = new HashSet<>();
    for (int i = 0; i < parameters.size(); i++) {
      String name = parameters.get(i).name();
      searchParameters.add(name);
      if (!references.contains(name)) {
        findings.unreferencedParameter(name);
        findings.add(Paths.index("spec.parameters", i), "K-unreferenced-parameter", "no trial parameter references"
            + " \"" + name + "\", so Katib fails to create every trial; add a trial parameter with reference \""
            + name + "\" and use its placeholder in the template");
      }
    }
    for (String name : assigned.keySet()) {
      if (!references.contains(name) && !searchParameters.contains(name)) {
        findings.unknownAssignment(name);
        findings.add("", "K-unknown-assignment", "a value was assigned to \"" + name + "\", which no trial parameter"
            + " references" + (parameters.isEmpty() ? "" : "; the search parameters are "
            + parameters.stream().map(Parameter::name).collect(Collectors.toList())));
      }
    }
  }

  private static void detectInjections(Rendering rendering, Source source, Map<String, String> values) {
    for (Map.Entry<String, String> entry : values.entrySet()) {
      for (String other : values.keySet()) {
        if (entry.getValue().contains(TemplateSyntax.placeholder(other))) {
          rendering.injections.add(Problem.of(TEMPLATE, "K-injection", "the value of trial parameter \""
              + entry.getKey() + "\" contains " + TemplateSyntax.placeholder(other) + "; Katib replaces"
              + " placeholders in random order, so whether that text is replaced differs from trial to trial"));
        }
      }
    }
    List<TreeDiff.Difference> differences = TreeDiff.between(rendering.safe, rendering.exact, MAX_DIFFERENCES);
    if (differences.isEmpty()) {
      return;
    }
    String culprits = suspects(source, values);
    for (TreeDiff.Difference d : differences) {
      rendering.injections.add(Problem.of(Paths.field("runSpec", d.path()), "K-injection", "Katib's raw text"
          + " substitution gives " + d.actual() + " where the values placed verbatim give " + d.expected() + "; "
          + culprits));
    }
  }

  /** Which values change the structure on their own: each rendered alone, the others replaced by a plain word. */
  private static String suspects(Source source, Map<String, String> values) {
    List<String> suspects = new ArrayList<>();
    for (String name : values.keySet()) {
      if (changesStructureAlone(source, values.keySet(), name, values.get(name))) {
        suspects.add(name);
      }
    }
    if (suspects.isEmpty()) {
      return "the values together change the manifest's structure";
    }
    return suspects.stream().map(n -> "the value of trial parameter \"" + n + "\" (" + quote(values.get(n)) + ")")
        .collect(Collectors.joining(" and ")) + (suspects.size() == 1 ? " changes" : " change")
        + " the manifest's structure";
  }

  /**
   * Whether {@code value} for trial parameter {@code name}, with every other of {@code names} given a plain word, makes
   * Katib's raw substitution decode to another manifest than the value placed verbatim, or to none.
   */
  private static boolean changesStructureAlone(Source source, Set<String> names, String name, String value) {
    Map<String, String> alone = new LinkedHashMap<>();
    names.forEach(other -> alone.put(other, other.equals(name) ? value : "x"));
    alone.putIfAbsent(name, value);
    Substitution substitution = new Substitution(alone);
    try {
      return !GoUnstructured.decode(substitution.exact(source.text)).equals(source.safe(substitution));
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * A ConfigMap's template text, to test values before any trial exists with the test rendering uses to name the
   * values behind a {@code K-injection}.
   */
  public static final class ConfigMapText {
    private final Source source;

    private ConfigMapText(Source source) {
      this.source = source;
    }

    /** The template, or empty when it is not a YAML or JSON object before substitution (as Katib needs it to be). */
    public static Optional<ConfigMapText> of(String text) {
      try {
        return Optional.of(new ConfigMapText(new Source(text, true, GoUnstructured.decode(text))));
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    /**
     * Whether Katib's raw substitution of {@code value} for trial parameter {@code name} changes the manifest's
     * structure, every other trial parameter of {@code names} taking a plain word: what rendering reports as
     * {@code K-injection} for that value.
     */
    public boolean changesStructure(Set<String> names, String name, String value) {
      return changesStructureAlone(source, names, name, value);
    }
  }

  private static String quote(String value) {
    return Shown.value(value);
  }
}
