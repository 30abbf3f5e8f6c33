package io.github.katib4j.cli;

import io.github.katib4j.ExperimentFailedException;
import io.github.katib4j.ExperimentNotFoundException;
import io.github.katib4j.KatibException;
import io.github.katib4j.KatibParseException;
import io.github.katib4j.KatibTimeoutException;
import io.github.katib4j.KatibValidationException;
import io.github.katib4j.k8s.ExperimentAlreadyExistsException;
import io.github.katib4j.k8s.KatibApiException;
import io.github.katib4j.local.ProgressPrinter;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code katib} command line: validate, default, convert and render Katib experiments, run them locally, and
 * submit, follow, change and delete them on a cluster.
 *
 * <p>Exit codes: 0 success, 1 the input is invalid (each problem printed as {@code FILE: <field path>: <message>}),
 * the experiment failed or does not exist, 2 usage errors, files that cannot be read or parsed (with line and column)
 * and a cluster that cannot be reached or refuses the request (including permission errors such as 403 Forbidden, and
 * stored objects this version cannot read), 3 a wait that ran out of time, 4 {@code submit --wait} that created the
 * experiment but could not follow it.
 */
@Command(
    name = "katib",
    mixinStandardHelpOptions = true,
    versionProvider = KatibCli.Version.class,
    description = "Katib experiments from the command line: validate, default, render, run locally, report and "
        + "convert them, and submit and follow them on a cluster.",
    subcommands = {
      ValidateCommand.class,
      DefaultsCommand.class,
      RenderCommand.class,
      RunCommand.class,
      ReportCommand.class,
      ConvertCommand.class,
      SubmitCommand.class,
      StatusCommand.class,
      TrialsCommand.class,
      BestCommand.class,
      BudgetCommand.class,
      DeleteCommand.class,
      CommandLine.HelpCommand.class
    })
public final class KatibCli {
  /** The input is invalid. */
  static final int INVALID = 1;

  /** Usage error, an unreadable or unparseable file, or a cluster that cannot be reached or refuses the request. */
  static final int BAD_INPUT = 2;

  /** A wait ran out of time. */
  static final int TIMED_OUT = 3;

  /** {@code submit --wait} created the experiment, then could not follow it (for example, no right to watch it). */
  static final int WAIT_FAILED = 4;

  /** Where a FILE given as {@code -} is read from. */
  final InputStream in;

  /** The progress printer for the error writer: a line rewritten in place when it is a terminal, else lines. */
  final Function<PrintWriter, ProgressPrinter> progressPrinters;

  private KatibCli(InputStream in, Function<PrintWriter, ProgressPrinter> progressPrinters) {
    this.in = in;
    this.progressPrinters = progressPrinters;
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with these streams and standard input, and returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, System.in, out, err);
  }

  /** Runs the command line with these streams ({@code in} for a FILE given as {@code -}) and returns the exit code. */
  public static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
    // Taken for this process's standard error: a terminal there gets the progress line rewritten in place.
    return run(args, in, out, err, ProgressPrinter::to);
  }

  /** As {@link #run(String[], InputStream, PrintWriter, PrintWriter)}, with the way progress is printed to err. */
  static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err,
      Function<PrintWriter, ProgressPrinter> progressPrinters) {
    CommandLine commandLine = new CommandLine(new KatibCli(in, progressPrinters));
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.registerConverter(java.nio.file.Path.class, new PathConverter());
    commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
      if (e instanceof KatibException) {
        boolean timedOut = e instanceof KatibApiException && "Timeout".equals(((KatibApiException) e).reason());
        cl.getErr().println("katib: " + e.getMessage() + (timedOut ? "; a slow cluster may need a longer "
            + "--request-timeout" : ""));
        return exitCode((KatibException) e);
      }
      throw e;
    });
    // katib4j's cluster client logs through System.Logger, client-java through SLF4J (bound to java.util.logging in
    // katib.jar); both print their warnings the same way, and nothing below a warning.
    List<Logger> logs = List.of(Logger.getLogger("io.github.katib4j.k8s"), Logger.getLogger("io.kubernetes"));
    Handler warnings = new WarningPrinter(err);
    List<Boolean> parents = new ArrayList<>();
    for (Logger log : logs) {
      log.addHandler(warnings);
      parents.add(log.getUseParentHandlers());
      log.setUseParentHandlers(false);
    }
    try {
      return commandLine.execute(args);
    } finally {
      // The commands print without flushing; out's autoflush acts on println alone, and main exits right after.
      out.flush();
      err.flush();
      for (int i = 0; i < logs.size(); i++) {
        logs.get(i).removeHandler(warnings);
        logs.get(i).setUseParentHandlers(parents.get(i));
      }
    }
  }

  /** Removes {@code hook} once a command no longer needs it, unless the JVM is exiting and it runs or has run. */
  static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Shutdown is in progress: the hook does its work.
    }
  }

  private static int exitCode(KatibException e) {
    if (e instanceof KatibTimeoutException) {
      return TIMED_OUT;
    }
    if (e instanceof KatibParseException) {
      return BAD_INPUT;
    }
    if (e instanceof KatibValidationException || e instanceof ExperimentFailedException
        || e instanceof ExperimentNotFoundException || e instanceof ExperimentAlreadyExistsException) {
      return INVALID;
    }
    // Katib's webhook refusing an experiment answers 400 or 422: the input is invalid, not the cluster unreachable.
    if (e instanceof KatibApiException && (((KatibApiException) e).statusCode() == 400
        || ((KatibApiException) e).statusCode() == 422)) {
      return INVALID;
    }
    return BAD_INPUT;
  }

  /** The cluster client's warnings (a missing katib-config, a stalled experiment) as {@code katib: warning: ...}. */
  private static final class WarningPrinter extends Handler {
    private final PrintWriter err;

    WarningPrinter(PrintWriter err) {
      this.err = err;
      setLevel(Level.WARNING);
    }

    @Override
    public void publish(LogRecord record) {
      if (isLoggable(record)) {
        String message = record.getParameters() == null ? record.getMessage()
            : java.text.MessageFormat.format(record.getMessage(), record.getParameters());
        err.println("katib: warning: " + message);
      }
    }

    @Override
    public void flush() {
      err.flush();
    }

    @Override
    public void close() {}
  }

  /** The version from the jar's manifest, or "development". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = KatibCli.class.getPackage().getImplementationVersion();
      return new String[] {"katib4j " + (version == null ? "development" : version)
          + " (Katib v0.19.0's kubeflow.org/v1beta1 API)"};
    }
  }
}
