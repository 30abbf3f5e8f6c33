package io.github.katib4j.cli;

import io.github.katib4j.KatibException;
import io.github.katib4j.Problem;
import io.github.katib4j.codec.OtherObject;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.search.ParameterValue;
import io.github.katib4j.search.SearchSpace;
import io.github.katib4j.template.RenderMode;
import io.github.katib4j.template.RenderedTrial;
import io.github.katib4j.template.SamplePoint;
import io.github.katib4j.template.TemplateRenderException;
import io.github.katib4j.template.TrialTemplateRenderer;
import io.github.katib4j.validation.ExperimentDefaults;
import io.github.katib4j.validation.ValidationResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code katib render FILE}: the trial manifest Katib's controller would create for given assignments. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the object Katib's controller would create for a trial of the experiment: its template with the "
          + "placeholders filled in from --assign, or from a sample point of the search space when none is given.",
      "Exit 1 on unknown or missing assignments, template problems or an invalid experiment (problems on stderr)."
    })
final class RenderCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = ExperimentInput.FILE_HELP)
  Path file;

  /** As typed: picocli splits a Map option's values and trims their quotes, and a value may hold both. */
  @Option(names = {"-a", "--assign"}, paramLabel = "NAME=VALUE",
      description = "A parameter's value, as a suggestion would assign it; repeat for each parameter, once each. "
          + "The value is taken as typed, quotes included.")
  List<String> assign = new ArrayList<>();

  /** The --assign values by parameter name, in the order given. */
  private final Map<String, String> assignments = new LinkedHashMap<>();

  @Option(names = "--trial-name", paramLabel = "NAME",
      description = "The trial's name (default: <experiment>-<8 characters>, as Katib names trials).")
  String trialName;

  @Option(names = "--trial", description = "Print the whole Trial resource Katib would create, not only its job.")
  boolean wholeTrial;

  @Option(names = "--safe",
      description = "Render as the local engine does, which keeps each value verbatim, instead of exactly as Katib "
          + "substitutes text.")
  boolean safe;

  @Option(names = {"-o", "--output"}, defaultValue = "yaml", description = "yaml or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Mixin
  ClusterContext cluster;

  /**
   * The assigned values no algorithm of Katib would give: rendering them is allowed (a what-if), but the result is a
   * trial Katib would not create.
   */
  private List<String> outsideSearchSpace(Experiment experiment) {
    SearchSpace space = SearchSpace.of(experiment.spec());
    List<String> warnings = new ArrayList<>();
    assignments.forEach((name, value) -> space.find(name).ifPresent(parameter -> {
      try {
        ParameterValue typed = parameter.parse(value);
        if (parameter.isNumeric() && (typed.asDouble() < parameter.min() || typed.asDouble() > parameter.max())) {
          warnings.add(name + "=" + value + " is outside the search space, " + parameter
              + "; Katib's algorithms would not assign it");
        }
      } catch (KatibException e) {
        warnings.add(e.getMessage() + "; Katib's algorithms would not assign it");
      }
    }));
    return warnings;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (String assignment : assign) {
      int equals = assignment.indexOf('=');
      if (equals <= 0) {
        err.println("katib: --assign takes NAME=VALUE, such as --assign lr=0.01, not " + assignment);
        return KatibCli.BAD_INPUT;
      }
      String name = assignment.substring(0, equals);
      String value = assignment.substring(equals + 1);
      String earlier = assignments.putIfAbsent(name, value);
      if (earlier != null) {
        err.println("katib: --assign gives parameter " + name + " twice (" + name + "=" + earlier + " and " + name + "="
            + value + "); give each parameter one value");
        return KatibCli.BAD_INPUT;
      }
    }
    ExperimentInput input = ExperimentInput.read(file, spec);
    List<ValidationResult> results = cluster.validator().validateSource(input.text(), input.name());
    List<OtherObject> others = input.noteOthers(err, ValidateCommand.CONFIG_MAP_USE);
    if (results.isEmpty()) {
      err.println(input.noExperiment(others));
      return KatibCli.BAD_INPUT;
    }
    if (results.size() != 1 || results.get(0).experiment().isEmpty()) {
      err.println(input.notOneExperiment(results.size(), "render"));
      return KatibCli.BAD_INPUT;
    }
    int exit = 0;
    for (Problem problem : results.get(0).problems()) {
      err.println(ValidateCommand.format(input.name(), problem));
      exit = KatibCli.INVALID;
    }
    Experiment experiment = ExperimentDefaults.apply(results.get(0).experiment().get());
    TrialTemplateRenderer renderer = TrialTemplateRenderer.create()
        .withMode(safe ? RenderMode.SAFE : RenderMode.KATIB_EXACT)
        .withConfigMaps(input.configMaps().orElse(cluster.configMapLookup()));
    RenderedTrial trial;
    try {
      if (assignments.isEmpty()) {
        trial = renderer.renderSample(experiment);
        err.println("katib: no --assign given, so rendering a sample point of the search space:");
        trial.samplePoint().ifPresent(sample -> sample.explanations().forEach(e -> err.println("  " + e)));
      } else {
        String name = trialName != null ? trialName : SamplePoint.of(experiment).trialName();
        trial = renderer.render(experiment, name, assignments);
        outsideSearchSpace(experiment).forEach(w -> err.println("katib: warning: " + w));
      }
    } catch (TemplateRenderException e) {
      // The validation above already reported the template's problems it finds, in its own words: say each once.
      Set<String> reported = results.get(0).problems().stream().map(p -> p.rule() + " " + p.path())
          .collect(Collectors.toSet());
      e.problems().stream().filter(p -> !reported.contains(p.rule() + " " + p.path()))
          .forEach(p -> err.println(ValidateCommand.format(input.name(), p)));
      return KatibCli.INVALID;
    }
    for (Problem injection : trial.injections()) {
      // The safe rendering is sound; Katib's own rendering of the same values would not be.
      err.println((safe ? "note (on a cluster): " : "") + ValidateCommand.format(input.name(), injection));
      if (!safe) {
        exit = KatibCli.INVALID;
      }
    }
    if (wholeTrial) {
      out.print(output.write(trial.trial()));
    } else {
      out.print(output == OutputFormat.json ? trial.toJson() + "\n" : trial.toYaml());
    }
    return exit;
  }
}
