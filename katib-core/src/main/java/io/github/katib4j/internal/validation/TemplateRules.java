package io.github.katib4j.internal.validation;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.katib4j.experiment.ConfigMapSource;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.TrialParameter;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.internal.kubernetes.JobSchema;
import io.github.katib4j.internal.template.GoJson;
import io.github.katib4j.internal.template.GoUnstructured;
import io.github.katib4j.internal.template.TemplateEngine;
import io.github.katib4j.internal.template.TemplateSyntax;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Katib's trial-template rules T1-T17 ({@code validateTrialTemplate} in Katib's validator), with its early returns:
 * T1, T4, T5, T6, T7, T12 and T14 end the template checks.
 */
final class TemplateRules {
  static final String TEMPLATE = "spec.trialTemplate";
  private static final String PARAMETERS = TEMPLATE + ".trialParameters";
  /** Go's {@code .} matches anything but a newline, as Java's does with UNIX_LINES. */
  private static final Pattern PLACEHOLDER = Pattern.compile(TemplateSyntax.PLACEHOLDER.pattern(), Pattern.UNIX_LINES);

  private TemplateRules() {}

  static void check(ExperimentSpec spec, RuleOptions options, Findings findings) {
    Optional<TrialTemplate> maybeTemplate = spec.trialTemplate();
    if (options.templates == RuleOptions.Templates.IGNORED) {
      return;
    }
    if (maybeTemplate.isEmpty()) {
      if (options.templates == RuleOptions.Templates.REQUIRED) {
        findings.add(TEMPLATE, "T1", "must be specified: set spec.trialTemplate to the Kubernetes object each trial"
            + " runs");
      }
      return;
    }
    TrialTemplate template = maybeTemplate.get();
    if (template.primaryContainerName().isEmpty()) {
      findings.add(TEMPLATE + ".primaryContainerName", "T2", "must be specified: name the container that trains,"
          + " whose output Katib collects metrics from");
    }
    if (template.successCondition().isEmpty() || template.failureCondition().isEmpty()) {
      findings.add(TEMPLATE, "T3", "successCondition and failureCondition must be specified: Katib sets them only"
          + " for inline Job, TFJob, PyTorchJob, XGBoostJob, MPIJob and TrainJob templates; write GJSON paths such as "
          + "status.conditions.#(type==\"Complete\")#|#(status==\"True\")#");
    }
    // Katib's mutating webhook drops an empty list (omitempty), so [] is as absent as a missing field.
    if (template.trialParameters().isEmpty()) {
      findings.add(PARAMETERS, "T4", "must be specified: list a trial parameter for each search parameter, each"
          + " used in the template as ${trialParameters.<name>}");
      return;
    }
    if (template.trialSpec().isEmpty() && template.configMap().isEmpty()) {
      findings.add(TEMPLATE + ".TrialSource", "T5", "spec.trialTemplate.trialSpec or spec.trialTemplate.configMap must"
          + " be specified");
      return;
    }
    if (template.trialSpec().isPresent() && template.configMap().isPresent()) {
      findings.add(TEMPLATE, "T5", "only one of spec.trialTemplate.trialSpec or spec.trialTemplate.configMap can be"
          + " specified; remove one");
      return;
    }
    Optional<String> text;
    boolean inline = template.trialSpec().isPresent();
    if (inline) {
      JsonObject trialSpec = template.trialSpec().get().toJsonObject();
      if (!GoUnstructured.hasGroupVersionKind(trialSpec)) {
        return;
      }
      text = Optional.of(GoJson.encode(trialSpec) + "\n");
    } else {
      ConfigMapSource source = template.configMap().get();
      if (source.configMapName().isEmpty() || source.configMapNamespace().isEmpty()
          || source.templatePath().isEmpty()) {
        findings.add(TEMPLATE + ".configMap", "T6", "configMapName, configMapNamespace and templatePath must be"
            + " specified");
        return;
      }
      if (options.configMaps == null) {
        text = Optional.empty();
      } else {
        text = options.configMaps.apply(source);
        if (text.isEmpty()) {
          findings.add(TEMPLATE, "T7", "unable to parse spec.trialTemplate: ConfigMap " + source.configMapNamespace()
              + "/" + source.configMapName() + " with key " + source.templatePath() + " was not found; create it or"
              + " fix the names");
          return;
        }
      }
    }
    Optional<String> substituted = trialParameters(spec, template, text, inline, findings);
    if (substituted.isEmpty()) {
      return;
    }
    String rendered = substituted.get();
    Matcher left = PLACEHOLDER.matcher(rendered);
    List<String> unknown = new ArrayList<>();
    while (left.find()) {
      unknown.add(left.group());
    }
    if (!unknown.isEmpty()) {
      findings.add(TEMPLATE, "T13", "parameters: " + unknown + " in spec.trialTemplate not found in"
          + " spec.trialParameters; add a trial parameter for each, or remove the placeholders");
    }
    Optional<JsonObject> object = decode(rendered);
    if (object.isEmpty()) {
      findings.add(TEMPLATE, "T14", "unable to convert spec.trialTemplate to a Kubernetes object after"
          + " substituting its placeholders; it must be one YAML or JSON object with a kind");
      return;
    }
    JsonObject runSpec = object.get();
    if (!metadataString(runSpec, "name").isEmpty() || !metadataString(runSpec, "namespace").isEmpty()) {
      findings.add(TEMPLATE, "T15", "metadata.name and metadata.namespace in spec.trialTemplate must be omitted;"
          + " Katib names each trial's object after the trial");
    }
    if (string(runSpec, "apiVersion").isEmpty() || string(runSpec, "kind").isEmpty()) {
      findings.add(TEMPLATE, "T16", "APIVersion and Kind in spec.trialTemplate must be specified");
    }
    if (JobSchema.isBatchJob(runSpec)) {
      JobSchema.get().check(runSpec).ifPresent(problem -> findings.add(TEMPLATE, "T17", "invalid spec.trialTemplate:"
          + " the batch/v1 Job does not convert to a Kubernetes Job unchanged: " + problem));
    }
  }

  /**
   * T14 for an inline {@code trialSpec} that Katib cannot even decode ({@code unstructured.Unstructured} needs a
   * kind): the whole experiment is refused before any rule runs, so this holds whatever else the rules find.
   */
  static void undecodableTrialSpec(ExperimentSpec spec, Findings findings) {
    Optional<JsonObject> trialSpec = spec.trialTemplate().flatMap(TrialTemplate::trialSpec)
        .map(t -> t.toJsonObject());
    if (trialSpec.isEmpty() || GoUnstructured.hasGroupVersionKind(trialSpec.get())) {
      return;
    }
    String why = GoUnstructured.kind(trialSpec.get()).isEmpty() ? "has no kind"
        : "has an apiVersion that is not <group>/<version> (\"" + GoUnstructured.apiVersion(trialSpec.get()) + "\")";
    findings.add(TEMPLATE + ".trialSpec", "T14", why + ", so Katib cannot decode the experiment at all; set"
        + " apiVersion and kind, for example batch/v1 and Job");
  }

  /** T8-T12; the template text with every declared placeholder replaced, or empty when T12 stopped or no text. */
  private static Optional<String> trialParameters(ExperimentSpec spec, TrialTemplate template, Optional<String> text,
      boolean inline, Findings findings) {
    Set<String> parameterNames = spec.parameters().stream().map(Parameter::name).collect(Collectors.toSet());
    Set<String> names = new HashSet<>();
    Set<String> references = new HashSet<>();
    String current = text.orElse(null);
    List<TrialParameter> trialParameters = template.trialParameters();
    for (int i = 0; i < trialParameters.size(); i++) {
      TrialParameter p = trialParameters.get(i);
      String path = PARAMETERS + "[" + i + "]";
      if (p.name().isEmpty() || p.reference().isEmpty() || p.name().contains("{") || p.name().contains("}")) {
        findings.add(path, "T8", "name and reference must be specified and name must not contain '{' or '}'");
        continue;
      }
      if (names.contains(p.name())) {
        findings.add(path + ".name", "T9", "parameter name " + p.name() + " can't be duplicated in"
            + " spec.trialTemplate.trialParameters; rename or remove one");
        continue;
      }
      if (references.contains(p.reference())) {
        findings.add(path + ".reference", "T10", "parameter reference " + p.reference() + " can't be duplicated in"
            + " spec.trialTemplate.trialParameters; use one trial parameter per search parameter");
        continue;
      }
      names.add(p.name());
      references.add(p.reference());
      if (!parameterNames.isEmpty() && !isMetaKey(p.reference()) && !parameterNames.contains(p.reference())) {
        findings.add(path + ".reference", "T11", "parameter reference " + p.reference() + " does not exist in"
            + " spec.parameters " + parameterNames.stream().sorted().collect(Collectors.toList())
            + "; reference a search parameter by name or trial metadata such as ${trialSpec.Name}");
      }
      if (current == null) {
        continue;
      }
      String placeholder = TemplateSyntax.placeholder(p.name());
      if (!current.contains(placeholder)) {
        Optional<String> unmatchable = inline ? TemplateEngine.unmatchableInline(p.name()) : Optional.empty();
        findings.add(path + ".name", "T12", "parameter name: " + p.name() + " in spec.trialParameters not found in"
            + " spec.trialTemplate; " + unmatchable.orElse("use " + placeholder + " in the template or remove the"
            + " trial parameter"));
        return Optional.empty();
      }
      current = current.replace(placeholder, "test-value");
    }
    return Optional.ofNullable(current);
  }

  /** Katib's {@code isMetaKey}: a {@code ${trialSpec.Key}} or {@code ${trialSpec.Key[index]}} with a known key. */
  static boolean isMetaKey(String reference) {
    Matcher meta = TemplateSyntax.METADATA_REFERENCE.matcher(reference);
    if (!meta.find()) {
      return false;
    }
    String key = meta.group(1);
    if (TemplateSyntax.METADATA_KEYS.contains(key)) {
      return true;
    }
    Matcher indexed = TemplateSyntax.INDEXED_KEY.matcher(key);
    return indexed.find() && TemplateSyntax.METADATA_KEYS.contains(indexed.group(1));
  }

  /** Kubernetes' {@code YAMLOrJSONDecoder} into an {@code Unstructured}, as Katib's validator decodes the template. */
  static Optional<JsonObject> decode(String text) {
    try {
      return Optional.of(GoUnstructured.decode(text));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static String string(JsonObject object, String name) {
    JsonElement value = object.get(name);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString() : "";
  }

  private static String metadataString(JsonObject object, String name) {
    JsonElement metadata = object.get("metadata");
    return metadata != null && metadata.isJsonObject() ? string(metadata.getAsJsonObject(), name) : "";
  }
}
