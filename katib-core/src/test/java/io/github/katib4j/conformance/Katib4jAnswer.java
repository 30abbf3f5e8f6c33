package io.github.katib4j.conformance;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.katib4j.Problem;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.conformance.DifferentialCase.Input;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.internal.codec.Decoded;
import io.github.katib4j.template.ConfigMapLookup;
import io.github.katib4j.template.RenderedTrial;
import io.github.katib4j.template.TemplateRenderException;
import io.github.katib4j.template.TrialTemplateRenderer;
import io.github.katib4j.validation.ExperimentDefaults;
import io.github.katib4j.validation.ExperimentValidator;
import io.github.katib4j.validation.ValidationResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * katib4j's answer to an {@link Input}, through the same doors a user goes through: the experiment's JSON text
 * read and validated by {@link ExperimentValidator#validateSource} (reading problems, rule {@code schema}, and rule
 * problems together), the experiment read defaulted by {@link ExperimentDefaults}, and its trial rendered by
 * {@link TrialTemplateRenderer} in {@code KATIB_EXACT} mode.
 */
final class Katib4jAnswer {
  private static final KatibCodec CODEC = KatibCodec.create();

  final List<Problem> problems;
  /** What reading alone found, at the paths of the fields read (validation may relabel some as Katib rules). */
  final List<Problem> readingProblems;
  final JsonObject defaulted;
  final RenderedTrial rendered;
  final TemplateRenderException renderError;
  /** An exception katib4j should never throw here, with the stage it was thrown in; null when none. */
  final String crash;

  private Katib4jAnswer(List<Problem> problems, List<Problem> readingProblems, JsonObject defaulted,
      RenderedTrial rendered, TemplateRenderException renderError, String crash) {
    this.problems = problems;
    this.readingProblems = readingProblems;
    this.defaulted = defaulted;
    this.rendered = rendered;
    this.renderError = renderError;
    this.crash = crash;
  }

  static Katib4jAnswer of(Input input) {
    ConfigMapLookup configMaps = (namespace, name) -> Optional.ofNullable(input.configMaps().get(namespace + "/"
        + name));
    String stage = "read";
    try {
      String text = input.experiment().toString();
      List<Problem> reading = Decoded.all(text, "case.json", Experiment.class, true).stream()
          .flatMap(d -> d.problems().stream()).collect(Collectors.toList());
      stage = "validateSource";
      List<ValidationResult> results = ExperimentValidator.create().withConfigMaps(configMaps::template)
          .validateSource(text, "case.json");
      if (results.size() != 1) {
        return crashed(stage, new IllegalStateException(results.size() + " results for one experiment"));
      }
      ValidationResult result = results.get(0);
      Experiment read = result.experiment().orElse(null);
      if (read == null) {
        return new Katib4jAnswer(result.problems(), reading, null, null, null, null);
      }
      stage = "defaults";
      Experiment defaulted = ExperimentDefaults.apply(read);
      JsonObject defaultedJson = CODEC.toJsonObject(defaulted);
      stage = "render";
      List<ParameterAssignment> assignments = input.assignments().stream()
          .map(a -> ParameterAssignment.of(a.name(), a.value()))
          .collect(Collectors.toList());
      RenderedTrial rendered = null;
      TemplateRenderException renderError = null;
      if (defaulted.spec().trialTemplate().isPresent()) {
        try {
          rendered = TrialTemplateRenderer.create().withConfigMaps(configMaps)
              .render(defaulted, input.trialName(), assignments);
        } catch (TemplateRenderException e) {
          renderError = e;
        }
      }
      return new Katib4jAnswer(result.problems(), reading, defaultedJson, rendered, renderError, null);
    } catch (RuntimeException e) {
      return crashed(stage, e);
    }
  }

  private static Katib4jAnswer crashed(String stage, RuntimeException e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return new Katib4jAnswer(List.of(), List.of(), null, null, null, stage + ": " + trace);
  }

  /** The answer as JSON, for a reproducer. */
  JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (crash != null) {
      json.addProperty("crash", crash);
      return json;
    }
    JsonArray list = new JsonArray();
    for (Problem p : problems) {
      JsonObject problem = new JsonObject();
      problem.addProperty("path", p.path());
      problem.addProperty("rule", p.rule());
      problem.addProperty("message", p.message());
      list.add(problem);
    }
    json.add("problems", list);
    if (rendered != null) {
      json.addProperty("templateText", rendered.templateText());
      json.add("runSpec", rendered.runSpec().toJsonObject());
    }
    if (renderError != null) {
      json.addProperty("renderError", renderError.getMessage());
    }
    return json;
  }
}
