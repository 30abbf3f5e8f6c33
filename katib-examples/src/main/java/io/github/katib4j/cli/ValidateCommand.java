package io.github.katib4j.cli;

import io.github.katib4j.KatibException;
import io.github.katib4j.Problem;
import io.github.katib4j.codec.OtherObject;
import io.github.katib4j.validation.ExperimentValidator;
import io.github.katib4j.validation.ValidationResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code katib validate FILE...}: Katib's defaulting and validation, plus katib4j's sure-fail checks. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks experiments as Katib's webhooks and suggestion services would, plus checks for what Katib admits but "
          + "certainly fails later. Prints every problem as FILE: <field path>: <message> [rule] (line, column).",
      "Exit 0 when all are valid, 1 when any is invalid, 2 when a file cannot be read or parsed or holds no "
          + "experiment."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Experiments in YAML or JSON; - reads one file "
      + "from standard input. Objects of other kinds in a file are skipped with a note, and its ConfigMaps supply "
      + "configMap trial templates.")
  List<Path> files;

  @Mixin
  ClusterContext cluster;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (files.stream().filter(f -> f.toString().equals(ExperimentInput.STDIN)).count() > 1) {
      err.println("katib: - (standard input) is given more than once; it can be read only once");
      return KatibCli.BAD_INPUT;
    }
    ExperimentValidator validator = cluster.validator();
    int exit = 0;
    for (Path file : files) {
      ExperimentInput input;
      List<ValidationResult> results;
      List<OtherObject> others;
      try {
        input = ExperimentInput.read(file, spec);
        results = validator.validateSource(input.text(), input.name());
        others = input.noteOthers(err, CONFIG_MAP_USE);
      } catch (KatibException e) {
        err.println("katib: " + e.getMessage());
        exit = KatibCli.BAD_INPUT;
        continue;
      }
      if (results.isEmpty()) {
        err.println(input.noExperiment(others));
        exit = KatibCli.BAD_INPUT;
        continue;
      }
      boolean valid = true;
      for (ValidationResult result : results) {
        for (Problem problem : result.problems()) {
          out.println(format(input.name(), problem));
          valid = false;
        }
        templateNotGiven(result).ifPresent(note -> err.println("note: " + note));
      }
      if (valid) {
        out.println(input.name() + ": valid" + (results.size() > 1 ? " (" + results.size() + " experiments)" : ""));
      } else if (exit == 0) {
        exit = KatibCli.INVALID;
      }
    }
    return exit;
  }

  /** What the note on a ConfigMap bundled with an experiment says it is used for. */
  static final String CONFIG_MAP_USE = "its data serves configMap trial templates, as with --configmap";

  /**
   * The note for an experiment whose trial template is in a ConfigMap that was not given: the rules that read the
   * template could not run, which "valid" alone would hide.
   */
  static Optional<String> templateNotGiven(ValidationResult result) {
    return result.unreadTemplate().map(c -> result.source() + ": spec.trialTemplate.configMap: the trial template is"
        + " in ConfigMap " + c.configMapNamespace() + "/" + c.configMapName() + " (key " + c.templatePath() + "),"
        + " which was not given, so the rules that read the template (T7, T12-T17 and K- rules such as"
        + " K-primary-container) were not applied; pass its manifest with --configmap FILE to check it");
  }

  /** {@code FILE: <field path>: <message> [rule] (line L, column C)}. */
  static String format(String file, Problem problem) {
    StringBuilder line = new StringBuilder(file).append(": ");
    if (!problem.path().isEmpty()) {
      line.append(problem.path()).append(": ");
    }
    line.append(problem.message()).append(" [").append(problem.rule()).append(']');
    problem.position().ifPresent(p -> {
      String document = p.source().equals(file) ? "" : p.source() + ", ";
      line.append(" (").append(document).append("line ").append(p.line()).append(", column ").append(p.column())
          .append(')');
    });
    return line.toString();
  }
}
