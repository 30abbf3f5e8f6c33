package io.github.katib4j.cli;

import io.github.katib4j.KatibException;
import io.github.katib4j.KatibParseException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code katib} command line: validate, default, convert and render Katib experiments.
 *
 * <p>Exit codes: 0 success, 1 the input is invalid (each problem printed as {@code FILE: <field path>: <message>}),
 * 2 usage errors and files that cannot be read or parsed (with line and column).
 */
@Command(
    name = "katib",
    mixinStandardHelpOptions = true,
    versionProvider = KatibCli.Version.class,
    description = "Katib experiments from the command line: validate, default, render and convert them.",
    subcommands = {
      ValidateCommand.class,
      DefaultsCommand.class,
      RenderCommand.class,
      ConvertCommand.class,
      CommandLine.HelpCommand.class
    })
public final class KatibCli {
  /** The input is invalid. */
  static final int INVALID = 1;

  /** Usage error, or an unreadable or unparseable file. */
  static final int BAD_INPUT = 2;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with these streams and returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new KatibCli());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
      if (e instanceof KatibParseException || e instanceof KatibException) {
        cl.getErr().println("katib: " + e.getMessage());
        return BAD_INPUT;
      }
      throw e;
    });
    return commandLine.execute(args);
  }

  /** The version from the jar's manifest, or "development". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = KatibCli.class.getPackage().getImplementationVersion();
      return new String[] {"katib4j " + (version == null ? "development" : version)};
    }
  }
}
