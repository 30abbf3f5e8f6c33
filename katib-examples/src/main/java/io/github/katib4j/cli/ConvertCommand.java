package io.github.katib4j.cli;

import io.github.katib4j.codec.OtherObject;
import io.github.katib4j.codec.V1alpha3Conversion;
import io.github.katib4j.experiment.Experiment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code katib convert FILE}: v1alpha3 experiments as v1beta1. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Converts Katib v1alpha3 experiments (Katib v0.10 and earlier) to v1beta1 and prints them.",
      "Notes on what changed go to standard error. Exit 2 when the file cannot be read or converted, or holds no "
          + "experiment."
    })
final class ConvertCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "v1alpha3 Experiments in YAML or JSON, one per YAML document; - "
      + "reads them from standard input. Objects of other kinds are skipped with a note.")
  Path file;

  @Option(names = {"-o", "--output"}, defaultValue = "yaml", description = "yaml or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ExperimentInput input = ExperimentInput.read(file, spec);
    List<V1alpha3Conversion> conversions = V1alpha3Conversion.convertAll(input.text(), input.name());
    List<OtherObject> others = input.noteOthers(err, "a v1alpha3 Go template in it needs converting by hand");
    if (conversions.isEmpty()) {
      err.println(input.noExperiment(others));
      return KatibCli.BAD_INPUT;
    }
    List<Experiment> experiments = conversions.stream().map(V1alpha3Conversion::experiment)
        .collect(Collectors.toList());
    spec.commandLine().getOut().print(output.writeAll(experiments));
    for (int i = 0; i < conversions.size(); i++) {
      Experiment experiment = conversions.get(i).experiment();
      String which = conversions.size() > 1 ? "(" + (experiment.name().isEmpty() ? experiment.metadata()
          .generateName() : experiment.name()) + ") " : "";
      for (String note : conversions.get(i).notes()) {
        err.println("note: " + which + note);
      }
    }
    return 0;
  }
}
