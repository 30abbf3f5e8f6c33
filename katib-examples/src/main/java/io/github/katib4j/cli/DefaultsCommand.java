package io.github.katib4j.cli;

import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.validation.ExperimentDefaults;
import io.github.katib4j.validation.ValidationResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code katib defaults FILE}: the experiment as Katib's mutating webhook would store it. */
@Command(
    name = "defaults",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the experiment with Katib's defaults applied, as Katib's mutating webhook would store it.",
      "Problems go to standard error (exit 1), as with validate."
    })
final class DefaultsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "An experiment in YAML or JSON.")
  Path file;

  @Option(names = {"-o", "--output"}, defaultValue = "yaml", description = "yaml or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Mixin
  ClusterContext cluster;

  @Override
  public Integer call() {
    List<ValidationResult> results = cluster.validator().validateSource(file);
    if (results.isEmpty()) {
      spec.commandLine().getErr().println(ValidateCommand.noExperiment(file));
      return KatibCli.INVALID;
    }
    int exit = 0;
    List<Experiment> defaulted = results.stream().flatMap(r -> r.experiment().stream())
        .map(ExperimentDefaults::apply).collect(Collectors.toList());
    for (ValidationResult result : results) {
      for (var problem : result.problems()) {
        spec.commandLine().getErr().println(ValidateCommand.format(file, problem));
        exit = KatibCli.INVALID;
      }
    }
    spec.commandLine().getOut().print(output.writeAll(defaulted));
    return exit;
  }
}
