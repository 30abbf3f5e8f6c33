package io.github.katib4j.cli;

import io.github.katib4j.codec.V1alpha3Conversion;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code katib convert FILE}: a v1alpha3 experiment as v1beta1. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Converts a Katib v1alpha3 experiment (Katib v0.10 and earlier) to v1beta1 and prints it.",
      "Notes on what changed go to standard error."
    })
final class ConvertCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "A v1alpha3 Experiment in YAML or JSON.")
  Path file;

  @Option(names = {"-o", "--output"}, defaultValue = "yaml", description = "yaml or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  public Integer call() {
    V1alpha3Conversion conversion = V1alpha3Conversion.convert(file);
    spec.commandLine().getOut().print(output.write(conversion.experiment()));
    for (String note : conversion.notes()) {
      spec.commandLine().getErr().println("note: " + note);
    }
    return 0;
  }
}
