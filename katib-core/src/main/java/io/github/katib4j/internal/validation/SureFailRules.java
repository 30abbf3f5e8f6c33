package io.github.katib4j.internal.validation;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.experiment.CollectorKind;
import io.github.katib4j.experiment.EarlyStopping;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.FeasibleSpace;
import io.github.katib4j.experiment.MetricsCollector;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterType;
import io.github.katib4j.experiment.TrialParameter;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.ForeignNumbers;
import io.github.katib4j.internal.Shown;
import io.github.katib4j.internal.kubernetes.JobSchema;
import io.github.katib4j.experiment.FileFormat;
import io.github.katib4j.internal.metrics.GoRegex;
import io.github.katib4j.internal.metrics.TextMetricsParser;
import io.github.katib4j.internal.template.GoUnstructured;
import io.github.katib4j.internal.template.TemplateEngine;
import io.github.katib4j.internal.template.TemplateSyntax;
import io.github.katib4j.internal.template.Workloads;
import io.github.katib4j.template.TrialKind;
import io.github.katib4j.template.TrialWorkload;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * katib4j's own checks (rules {@code K-...}) for experiments Katib admits but that certainly fail once running,
 * whatever algorithm serves them: trial creation that cannot render, values no service can read, metric names the
 * collector splits. Checks that depend on the algorithm are in {@link AlgorithmRules}.
 */
final class SureFailRules {
  private static final Map<String, List<String>> NAS_ASSIGNMENTS = Map.of(
      "enas", List.of("architecture", "nn_config"),
      "darts", List.of("algorithm-settings", "search-space", "num-layers"));
  private static final String FILTERS = "spec.metricsCollectorSpec.source.filter.metricsFormat";
  private static final Set<CollectorKind> SPLITTING_COLLECTORS = Set.of(CollectorKind.STD_OUT, CollectorKind.FILE,
      CollectorKind.TENSORFLOW_EVENT, CollectorKind.PROMETHEUS_METRIC);

  private SureFailRules() {}

  static void check(Experiment experiment, RuleOptions options, Findings findings) {
    ExperimentSpec spec = experiment.spec();
    parameters(spec, findings);
    spec.objective().ifPresent(o -> objective(o, spec, options, findings));
    collector(spec, options, findings);
    if (options.templates != RuleOptions.Templates.IGNORED) {
      spec.trialTemplate().ifPresent(t -> template(spec, t, options, findings));
    }
  }

  private static void parameters(ExperimentSpec spec, Findings findings) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < spec.parameters().size(); i++) {
      Parameter p = spec.parameters().get(i);
      String path = "spec.parameters[" + i + "]";
      if (!p.name().isEmpty() && !seen.add(p.name())) {
        findings.add(path + ".name", "K-duplicate-parameter", "parameter " + p.name() + " is defined twice; every"
            + " suggestion would carry it twice and no trial could be rendered; rename or remove one");
      }
      ParameterType type = p.parameterType().orElse(null);
      FeasibleSpace space = p.feasibleSpace();
      if (type == ParameterType.INT || type == ParameterType.DOUBLE) {
        number(path, "min", space.minText(), findings);
        number(path, "max", space.maxText(), findings);
        number(path, "step", space.stepText(), findings);
      } else if ((type == ParameterType.CATEGORICAL || type == ParameterType.DISCRETE) && space.list().isEmpty()) {
        findings.add(path + ".feasibleSpace.list", "K-list", "the list of values is empty, so no algorithm can pick"
            + " one; list at least one value");
      }
    }
  }

  private static void number(String path, String field, Optional<String> text, Findings findings) {
    if (text.isEmpty()) {
      return;
    }
    OptionalDouble value = ForeignNumbers.pyFloat(text.get());
    if (value.isEmpty() || Double.isNaN(value.getAsDouble()) || Double.isInfinite(value.getAsDouble())) {
      findings.add(path + ".feasibleSpace." + field, "K-number", field + " is \"" + text.get() + "\", which is not a"
          + " finite number; Katib keeps numbers as strings, write it as a plain number such as 0.01");
    }
  }

  private static void objective(Objective objective, ExperimentSpec spec, RuleOptions options,
      Findings findings) {
    if (objective.goal().isPresent() && !Double.isFinite(objective.goal().getAsDouble())) {
      findings.add("spec.objective.goal", "K-goal", "goal is " + objective.goal().getAsDouble() + ", which JSON"
          + " cannot carry; give a finite number or no goal");
    }
    Optional<CollectorKind> kind = spec.metricsCollectorSpec().flatMap(MetricsCollector::kind);
    if (kind.isEmpty() || !SPLITTING_COLLECTORS.contains(kind.get())) {
      return;
    }
    String splits = "; the " + kind.get() + " metrics collector receives the metric names joined by ';', so it"
        + " would look for the wrong metrics";
    if (objective.objectiveMetricName().contains(";")) {
      findings.add("spec.objective.objectiveMetricName", "K-semicolon", "must not contain ';'" + splits);
    }
    for (int i = 0; i < objective.additionalMetricNames().size(); i++) {
      if (objective.additionalMetricNames().get(i).contains(";")) {
        findings.add("spec.objective.additionalMetricNames[" + i + "]", "K-semicolon", "must not contain ';'" + splits);
      }
    }
    if (options.cluster || options.templates == RuleOptions.Templates.REQUIRED) {
      defaultFilterName(objective.objectiveMetricName(), spec.metricsCollectorSpec().get(), kind.get(), findings);
    }
    if (kind.get() == CollectorKind.STD_OUT || kind.get() == CollectorKind.FILE) {
      List<String> formats = spec.metricsCollectorSpec().get().metricsFormat();
      for (int i = 0; i < formats.size(); i++) {
        if (formats.get(i).contains(";")) {
          findings.add(FILTERS + "[" + i + "]", "K-semicolon",
              "must not contain ';': the collector receives the filters joined by ';' and would split this one");
        }
      }
    }
  }

  /**
   * Katib's default TEXT filter ({@code DefaultFilter}, used when no metricsFormat is given) captures a name with
   * {@code [\w|-]+}, Go's ASCII {@code \w}, and the collector keeps a match only when that name, trimmed, equals a
   * metric name ({@code parseLogsInTextFormat}); an objective name with any other character is never found, so every
   * trial is MetricsUnavailable. Not for function trials (templates IGNORED, or possibly so for builders): they report
   * by name. Additional metrics only lose their values, which decides no trial's outcome.
   */
  private static void defaultFilterName(String name, MetricsCollector collector, CollectorKind kind,
      Findings findings) {
    boolean text = kind == CollectorKind.STD_OUT || kind == CollectorKind.FILE && collector.source()
        .flatMap(s -> s.fileSystemPath()).flatMap(p -> p.format()).map(f -> f == FileFormat.TEXT).orElse(true);
    // A name with ';' is split by the collector (K-semicolon says so); an empty name is O3.
    if (!text || !String.join(";", collector.metricsFormat()).isEmpty() || name.isEmpty() || name.contains(";")) {
      return;
    }
    StringBuilder others = new StringBuilder();
    name.codePoints().filter(c -> !isDefaultFilterNameCharacter(c)).distinct()
        .forEach(c -> others.appendCodePoint(c));
    if (others.length() == 0) {
      return;
    }
    findings.add("spec.objective.objectiveMetricName", "K-default-filter", "objective metric " + Shown.value(name)
        + " contains " + Shown.value(others.toString()) + ", which Katib's default metrics filter "
        + TextMetricsParser.DEFAULT_FILTER + " never captures in a name (it takes ASCII letters, digits, '_', '|' and"
        + " '-'), so the " + kind + " collector never finds the objective and every trial ends MetricsUnavailable;"
        + " rename the metric (for example " + Shown.value(name.replaceAll("[^\\w|-]", "_")) + "), or set"
        + " spec.metricsCollectorSpec.source.filter.metricsFormat to filters that read it (metricsFormat replaces the"
        + " default filter, so list that too if other metrics use name=value), such as " + filterFor(name));
  }

  static boolean isDefaultFilterNameCharacter(int c) {
    return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '|' || c == '-');
  }

  /**
   * A filter whose first group is {@code name} itself, quoted for Go: a wider name class would also take in what
   * precedes the name on the line (a space in the name, say), and then the name no longer equals the metric's.
   */
  static String filterFor(String name) {
    StringBuilder quoted = new StringBuilder();
    name.codePoints().forEach(c -> {
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        quoted.append('\\');
      }
      quoted.appendCodePoint(c);
    });
    return TextMetricsParser.DEFAULT_FILTER.replace("([\\w|-]+)", "(" + quoted + ")");
  }

  private static void template(ExperimentSpec spec, TrialTemplate template, RuleOptions options, Findings findings) {
    List<TrialParameter> trialParameters = template.trialParameters();
    String parametersPath = "spec.trialTemplate.trialParameters";
    if (!spec.parameters().isEmpty()) {
      Set<String> referenced = new HashSet<>();
      trialParameters.forEach(t -> referenced.add(t.reference()));
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < spec.parameters().size(); i++) {
        String name = spec.parameters().get(i).name();
        if (seen.add(name) && !referenced.contains(name)) {
          findings.add("spec.parameters[" + i + "]", "K-unreferenced-parameter", "no trial parameter references "
              + name + ", so Katib cannot create any trial (every suggested value must be placed in the template);"
              + " add a trialParameters entry with reference: " + name + " and use it in the template");
        }
      }
    } else {
      nasReferences(spec, trialParameters, parametersPath, options, findings);
    }
    Optional<JsonObject> object = templateObject(template, options, findings);
    object.ifPresent(o -> metadataReferences(spec, trialParameters, o, parametersPath, findings));
    object.ifPresent(o -> primaryContainer(template, o, options, findings));
    if (options.cluster) {
      object.ifPresent(o -> jobRestartPolicy(o, template.trialSpec().isPresent(), findings));
      manifestSafety(spec, template, options, findings);
    }
  }

  /**
   * Katib's pod webhook gives the primary container of every pod of a trial an environment variable, and rejects the
   * pod when it has no container named {@code primaryContainerName} ({@code mutatePodEnv}); the local engine runs
   * that container's command. Checked for the kinds whose pods are made from the pod templates in the trial's object
   * with the containers' names unchanged, and not when a container's name is a placeholder.
   */
  private static void primaryContainer(TrialTemplate template, JsonObject object, RuleOptions options,
      Findings findings) {
    String name = template.primaryContainerName();
    boolean fromTemplates = podsComeFromTemplates(object);
    // The local engine runs the primary container's command whatever the kind, so it needs one it can find.
    if (name.isEmpty() || !fromTemplates && !options.localEngine) {
      return;
    }
    TrialWorkload workload = TrialWorkload.of(Unstructured.of(object), name, template.primaryPodLabels());
    if (workload.primaryContainer().isPresent()) {
      if (options.localEngine && workload.primaryContainer().get().command().isEmpty()) {
        findings.add(TemplateRules.TEMPLATE + ".primaryContainerName", LocalRules.LOCAL, "the primary container \""
            + name + "\" has no command: on a cluster its image's entrypoint would run, but the local engine runs"
            + " commands, not images; set the container's command (for example [\"python3\", \"train.py\"])");
      }
      return;
    }
    if (workload.containers().values().stream().anyMatch(c -> c.name().contains("${"))) {
      return;
    }
    if (!fromTemplates) {
      findings.add(TemplateRules.TEMPLATE + ".primaryContainerName", LocalRules.LOCAL, "the trial's "
          + GoUnstructured.kind(object) + " " + Workloads.noContainerNamed(name, workload.containers()) + "; the local"
          + " engine runs that container's command (on a cluster, this kind's controller may add it); set"
          + " primaryContainerName to the container that trains");
      return;
    }
    findings.add(TemplateRules.TEMPLATE + ".primaryContainerName", "K-primary-container", "the trial's "
        + GoUnstructured.kind(object) + " " + Workloads.noContainerNamed(name, workload.containers()) + ", so Katib's"
        + " pod webhook rejects every pod of every trial (\"Unable to find primary container\") and no trial runs;"
        + " set primaryContainerName to the container that trains");
  }

  /** A {@code batch/v1 Job} or one of the Training Operator's jobs ({@code kubeflow.org}): pods from its templates. */
  private static boolean podsComeFromTemplates(JsonObject object) {
    if (JobSchema.isBatchJob(object)) {
      return true;
    }
    Optional<TrialKind> kind = TrialKind.of(GoUnstructured.kind(object));
    return GoUnstructured.apiVersion(object).startsWith("kubeflow.org/") && kind.isPresent()
        && kind.get() != TrialKind.JOB && kind.get() != TrialKind.TRAIN_JOB;
  }

  /**
   * The API server's rule for a Job's pods ({@code ValidateJobSpec}): restartPolicy OnFailure or Never (a pod template
   * without one is defaulted to Always), and Never with a podFailurePolicy. Katib's trial controller then fails to
   * create the trial's Job and retries for ever. Other kinds' controllers set or accept the pods' restartPolicy.
   */
  private static void jobRestartPolicy(JsonObject object, boolean inline, Findings findings) {
    if (!JobSchema.isBatchJob(object)) {
      return;
    }
    Optional<JsonObject> jobSpec = objectAt(object, "spec");
    Optional<JsonObject> podSpec = jobSpec.flatMap(j -> objectAt(j, "template")).flatMap(t -> objectAt(t, "spec"));
    if (podSpec.isEmpty()) {
      return;
    }
    JsonElement element = podSpec.get().get("restartPolicy");
    boolean unset = element == null || element.isJsonNull();
    if (!unset && !(element.isJsonPrimitive() && element.getAsJsonPrimitive().isString())) {
      return;
    }
    String policy = unset ? "" : element.getAsString();
    boolean podFailurePolicy = jobSpec.get().has("podFailurePolicy") && !jobSpec.get().get("podFailurePolicy")
        .isJsonNull();
    String why;
    if (policy.contains("${")) {
      return;
    } else if (policy.isEmpty()) {
      why = "is not set, so Kubernetes makes it Always, which a Job does not allow";
    } else if (policy.equals("Always")) {
      why = "is Always, which a Job does not allow";
    } else if (!policy.equals("OnFailure") && !policy.equals("Never")) {
      why = "is " + Shown.value(policy) + ", which Kubernetes does not know";
    } else if (podFailurePolicy && !policy.equals("Never")) {
      why = "is OnFailure, which a Job with a podFailurePolicy does not allow";
    } else {
      return;
    }
    String path = inline ? TemplateRules.TEMPLATE + ".trialSpec.spec.template.spec" + (unset ? "" : ".restartPolicy")
        : TemplateRules.TEMPLATE + ".configMap";
    findings.add(path, "K-job-restart-policy", "the restartPolicy of the trial Job's pods (spec.template.spec"
        + ".restartPolicy) " + why + ": the API server rejects every trial's Job, and Katib retries creating it while"
        + " the trial stays Created; set restartPolicy: Never" + (podFailurePolicy ? "" : " or OnFailure"));
  }

  private static Optional<JsonObject> objectAt(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value != null && value.isJsonObject() ? Optional.of(value.getAsJsonObject()) : Optional.empty();
  }

  /**
   * What Katib's metrics collectors fail on although the webhook admits it: a StdOut filter Go cannot compile, and
   * early stopping with the TensorFlowEvent collector.
   */
  private static void collector(ExperimentSpec spec, RuleOptions options, Findings findings) {
    Optional<MetricsCollector> collector = spec.metricsCollectorSpec();
    CollectorKind kind = collector.flatMap(MetricsCollector::kind).orElse(null);
    if (kind == CollectorKind.STD_OUT) {
      List<String> formats = collector.get().metricsFormat();
      for (int i = 0; i < formats.size(); i++) {
        // The collector receives the filters joined by ';' and splits them; K-semicolon reports such a filter.
        if (formats.get(i).contains(";")) {
          continue;
        }
        Optional<String> error = GoRegex.syntaxError(formats.get(i));
        if (error.isPresent()) {
          findings.add(FILTERS + "[" + i + "]", "K-filter", "Go cannot compile this filter: " + error.get() + ";"
              + " Katib's webhook checks no StdOut filter (M2), and its metrics collector compiles the filters without"
              + " looking at the error, so it panics on the nil expression at the first output line that mentions a"
              + " metric and the trials fail; fix the regular expression");
        }
      }
    }
    if (options.cluster && kind == CollectorKind.TENSORFLOW_EVENT && spec.earlyStopping().isPresent()
        && !earlyStoppingNeverActs(spec, options)) {
      findings.add("spec.earlyStopping", "K-tfevent-early-stopping", "Katib's TensorFlowEvent metrics collector takes"
          + " no early-stopping flags, but Katib's pod webhook passes it -stop-rule and -s-earlystop once the"
          + " early-stopping service has rules (medianstop: once min_trials_required trials have succeeded), so its"
          + " argument parser exits with status 2 and every trial from then on fails; remove spec.earlyStopping, or"
          + " report the metrics with the StdOut or File collector");
    }
  }

  /** Medianstop has rules once min_trials_required (default 3) trials succeeded: never, with no more trials. */
  private static boolean earlyStoppingNeverActs(ExperimentSpec spec, RuleOptions options) {
    EarlyStopping earlyStopping = spec.earlyStopping().get();
    if (!AlgorithmRules.isMedianStop(options.services, earlyStopping.algorithmName())
        || spec.maxTrialCount().isEmpty()) {
      return false;
    }
    Optional<BigInteger> required = earlyStopping.setting("min_trials_required").map(ForeignNumbers::pyInt)
        .orElse(Optional.of(BigInteger.valueOf(3)));
    return required.isPresent() && BigInteger.valueOf(spec.maxTrialCount().getAsInt()).compareTo(required.get()) <= 0;
  }

  private static void nasReferences(ExperimentSpec spec, List<TrialParameter> trialParameters, String path,
      RuleOptions options, Findings findings) {
    Optional<String> algorithm = spec.algorithm().map(a -> a.algorithmName());
    Optional<AlgorithmRules.Service> service = algorithm.flatMap(a -> AlgorithmRules.service(options.services, a));
    if (service.isEmpty() || !(service.get() == AlgorithmRules.Service.ENAS
        || service.get() == AlgorithmRules.Service.DARTS)) {
      return;
    }
    List<String> assignments = NAS_ASSIGNMENTS.get(service.get() == AlgorithmRules.Service.ENAS ? "enas" : "darts");
    Set<String> referenced = new HashSet<>();
    for (int i = 0; i < trialParameters.size(); i++) {
      String reference = trialParameters.get(i).reference();
      if (TemplateSyntax.METADATA_REFERENCE.matcher(reference).find()) {
        continue;
      }
      referenced.add(reference);
      if (!assignments.contains(reference)) {
        findings.add(path + "[" + i + "].reference", "K-nas-reference", algorithm.get() + " suggests only "
            + String.join(", ", assignments) + ", so reference " + reference + " can never be filled; use one of those"
            + " names or trial metadata such as ${trialSpec.Name}");
      }
    }
    for (String assignment : assignments) {
      if (!referenced.contains(assignment)) {
        findings.add(path, "K-nas-reference", algorithm.get() + " suggests " + assignment + " for every trial, but"
            + " no trial parameter references it, so no trial can be rendered; add a trial parameter with reference: "
            + assignment);
      }
    }
  }

  /** The template object as Katib reads it for metadata references, before substitution. */
  private static Optional<JsonObject> templateObject(TrialTemplate template, RuleOptions options, Findings findings) {
    if (template.trialSpec().isPresent()) {
      return Optional.of(template.trialSpec().get().toJsonObject());
    }
    if (template.configMap().isEmpty() || options.configMaps == null) {
      return Optional.empty();
    }
    Optional<String> text = options.configMaps.apply(template.configMap().get());
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<JsonObject> raw = TemplateRules.decode(text.get());
    boolean t14 = findings.list().stream().anyMatch(p -> p.rule().equals("T14"));
    if (raw.isEmpty() && !t14) {
      findings.add("spec.trialTemplate.configMap", "K-configmap-parse", "Katib parses the ConfigMap's template before"
          + " substituting placeholders, and it is not a YAML or JSON object with a kind until then; quote the"
          + " placeholders, for example \"${trialParameters.lr}\"");
    }
    return raw;
  }

  /**
   * Resolves {@code ${trialSpec.Labels[key]}} and the like as Katib's manifest generator does, including its habit
   * of reusing the previous parameter's index when a reference has none.
   */
  private static void metadataReferences(ExperimentSpec spec, List<TrialParameter> trialParameters,
      JsonObject object, String path, Findings findings) {
    String index = "";
    for (int i = 0; i < trialParameters.size(); i++) {
      String reference = trialParameters.get(i).reference();
      Matcher meta = TemplateSyntax.METADATA_REFERENCE.matcher(reference);
      if (!meta.find()) {
        continue;
      }
      String key = meta.group(1);
      Matcher indexed = TemplateSyntax.INDEXED_KEY.matcher(key);
      if (indexed.find()) {
        key = indexed.group(1);
        index = indexed.group(2);
      }
      String referencePath = path + "[" + i + "].reference";
      switch (key) {
        case TemplateSyntax.NAME:
        case TemplateSyntax.NAMESPACE:
        case TemplateSyntax.KIND:
        case TemplateSyntax.API_VERSION:
          break;
        case TemplateSyntax.LABELS:
        case TemplateSyntax.ANNOTATIONS:
          String field = key.equals(TemplateSyntax.LABELS) ? "labels" : "annotations";
          if (!GoUnstructured.stringMap(object, field).containsKey(index)) {
            Optional<String> unread = GoUnstructured.whyNoStringMap(object, field);
            findings.add(referencePath, "K-metadata-reference", reference + " needs " + field + " key \"" + index
                + "\" in the template's own metadata." + field + (unread.isPresent() ? ", but the template's "
                + unread.get() : ", which has none; add it there (Katib reads the template, not the experiment)"));
          }
          break;
        default:
          // With search parameters, T11 reports an unknown key already.
          if (spec.parameters().isEmpty()) {
            findings.add(referencePath, "K-metadata-reference", "illegal reference of trial metadata: " + reference
                + "; the keys are " + String.join(", ", TemplateSyntax.METADATA_KEYS));
          }
      }
    }
  }

  /**
   * Katib pastes suggested values into the template text unescaped: JSON for inline templates, YAML otherwise. With
   * a ConfigMap's text at hand, a value is also tested where its placeholders stand, as rendering tests it.
   */
  private static void manifestSafety(ExperimentSpec spec, TrialTemplate template, RuleOptions options,
      Findings findings) {
    boolean inline = template.trialSpec().isPresent();
    Optional<TemplateEngine.ConfigMapText> text = inline || options.configMaps == null ? Optional.empty()
        : template.configMap().flatMap(options.configMaps).flatMap(TemplateEngine.ConfigMapText::of);
    Set<String> names = new LinkedHashSet<>();
    template.trialParameters().forEach(t -> names.add(t.name()));
    for (int i = 0; i < spec.parameters().size(); i++) {
      Parameter p = spec.parameters().get(i);
      List<String> list = p.feasibleSpace().list();
      for (int j = 0; j < list.size(); j++) {
        String path = "spec.parameters[" + i + "].feasibleSpace.list[" + j + "]";
        Optional<String> why = corrupts(list.get(j), inline);
        if (why.isPresent()) {
          findings.add(path, "K-manifest", "the value contains " + why.get() + ", and Katib substitutes values into"
              + " the " + (inline ? "JSON" : "YAML") + " of the trial template without escaping, which would corrupt or"
              + " change it; choose another value (the local engine escapes values and accepts it)");
          continue;
        }
        if (text.isEmpty()) {
          continue;
        }
        for (TrialParameter t : template.trialParameters()) {
          if (t.reference().equals(p.name()) && !t.name().isEmpty()
              && text.get().changesStructure(names, t.name(), list.get(j))) {
            findings.add(path, "K-manifest", "the value " + Shown.value(list.get(j)) + " changes the structure of the"
                + " ConfigMap's YAML where " + TemplateSyntax.placeholder(t.name()) + " stands, because Katib"
                + " substitutes values into the template's text without escaping (katib render reports it as"
                + " K-injection); choose another value, or place the placeholder inside a quoted YAML string (the"
                + " local engine escapes values and accepts it)");
            break;
          }
        }
      }
    }
  }

  private static Optional<String> corrupts(String value, boolean json) {
    if (value.contains("${")) {
      return Optional.of("\"${\"");
    }
    for (int k = 0; k < value.length(); k++) {
      char c = value.charAt(k);
      if (c < 0x20 || c == 0x7f) {
        return Optional.of("a control character (U+" + String.format("%04X", (int) c) + ")");
      }
      if (json && (c == '"' || c == '\\')) {
        return Optional.of("'" + c + "'");
      }
    }
    return Optional.empty();
  }
}
