package io.github.katib4j.cli;

import io.github.katib4j.KatibException;
import io.github.katib4j.Problem;
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
      "Exit 0 when all are valid, 1 when any is invalid, 2 when a file cannot be read or parsed."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Experiments in YAML or JSON.")
  List<Path> files;

  @Mixin
  ClusterContext cluster;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ExperimentValidator validator = cluster.validator();
    int exit = 0;
    for (Path file : files) {
      List<ValidationResult> results;
      try {
        results = validator.validateSource(file);
      } catch (KatibException e) {
        err.println("katib: " + e.getMessage());
        exit = KatibCli.BAD_INPUT;
        continue;
      }
      boolean valid = !results.isEmpty();
      if (!valid) {
        out.println(noExperiment(file));
      }
      for (ValidationResult result : results) {
        for (Problem problem : result.problems()) {
          out.println(format(file, problem));
          valid = false;
        }
        templateNotGiven(result).ifPresent(note -> err.println("note: " + note));
      }
      if (valid) {
        out.println(file + ": valid" + (results.size() > 1 ? " (" + results.size() + " experiments)" : ""));
      } else if (exit == 0) {
        exit = KatibCli.INVALID;
      }
    }
    return exit;
  }

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

  /** What a file without an experiment (empty, or only empty YAML documents) is told. */
  static String noExperiment(Path file) {
    return file + ": holds no experiment; expected Experiments as YAML documents, or JSON";
  }

  /** For the commands that take one experiment: {@code command} was given a file with {@code count}. */
  static String notOneExperiment(Path file, int count, String command) {
    return "katib: " + file + " holds " + count + " experiments; " + command + " takes a file with one";
  }

  /** {@code FILE: <field path>: <message> [rule] (line L, column C)}. */
  static String format(Path file, Problem problem) {
    StringBuilder line = new StringBuilder(file.toString()).append(": ");
    if (!problem.path().isEmpty()) {
      line.append(problem.path()).append(": ");
    }
    line.append(problem.message()).append(" [").append(problem.rule()).append(']');
    problem.position().ifPresent(p -> {
      String document = p.source().equals(file.toString()) ? "" : p.source() + ", ";
      line.append(" (").append(document).append("line ").append(p.line()).append(", column ").append(p.column())
          .append(')');
    });
    return line.toString();
  }
}
