package io.github.katib4j.cli;

import io.github.katib4j.codec.OtherObject;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.validation.ExperimentDefaults;
import io.github.katib4j.validation.ValidationResult;
import java.io.PrintWriter;
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
      "Problems go to standard error (exit 1), as with validate; exit 2 when the file cannot be read or parsed or "
          + "holds no experiment."
    })
final class DefaultsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = ExperimentInput.FILE_HELP)
  Path file;

  @Option(names = {"-o", "--output"}, defaultValue = "yaml", description = "yaml or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Mixin
  ClusterContext cluster;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ExperimentInput input = ExperimentInput.read(file, spec);
    List<ValidationResult> results = cluster.validator().validateSource(input.text(), input.name());
    List<OtherObject> others = input.noteOthers(err, ValidateCommand.CONFIG_MAP_USE);
    if (results.isEmpty()) {
      err.println(input.noExperiment(others));
      return KatibCli.BAD_INPUT;
    }
    int exit = 0;
    List<Experiment> defaulted = results.stream().flatMap(r -> r.experiment().stream())
        .map(ExperimentDefaults::apply).collect(Collectors.toList());
    for (ValidationResult result : results) {
      for (var problem : result.problems()) {
        err.println(ValidateCommand.format(input.name(), problem));
        exit = KatibCli.INVALID;
      }
    }
    spec.commandLine().getOut().print(output.writeAll(defaulted));
    return exit;
  }
}
