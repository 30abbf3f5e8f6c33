package io.github.katib4j.internal;

import io.github.katib4j.experiment.CollectorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The command Katib's pod webhook gives a trial's primary container for the StdOut, File and TensorFlowEvent
 * collectors ({@code wrapWorkerContainer} in {@code pkg/webhook/v1beta1/pod/utils.go}, reference §7.1): command and
 * args joined by single spaces, unquoted, under {@code sh -c} (a leading {@code sh -c} or {@code bash -c} is kept as
 * the shell), with {@code 1>/var/log/katib/metrics.log 2>&1} for StdOut and {@code && echo completed > ...} after it.
 * The local engine runs argv directly, so that no parameter value goes through a shell; where the shell would read
 * the joined text differently, this says how, so that a user is not surprised on the cluster.
 */
public final class WrappedCommand {
  /** Characters a POSIX shell gives a meaning in an unquoted word (white space splits it). */
  private static final Pattern SHELL_SYNTAX = Pattern.compile("[\\s|&;<>()$`\\\\\"'*?\\[#~{}!]");
  /** What ends a command in a shell script, so that a redirection appended to the script concerns the last only. */
  private static final Pattern SEVERAL_COMMANDS = Pattern.compile("[;&|\\n]");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{trialParameters\\.[^}]*}");
  private static final String METRICS_FILE = "/var/log/katib/metrics.log";

  private WrappedCommand() {}

  /** Whether Katib rewrites the primary container's command for this collector. */
  public static boolean rewrites(CollectorKind kind) {
    return kind == CollectorKind.STD_OUT || kind == CollectorKind.FILE || kind == CollectorKind.TENSORFLOW_EVENT;
  }

  /**
   * What Katib runs for {@code argv} (command then args), as {@code shell -c 'text'}, without the completion marker
   * and early-stopping branch it appends after {@code &&} and {@code ||}.
   */
  public static String katibCommand(List<String> argv, CollectorKind kind) {
    List<String> rest = new ArrayList<>(argv);
    String shell = "sh";
    if (rest.size() >= 2 && (rest.get(0).equals("sh") || rest.get(0).equals("bash")) && rest.get(1).equals("-c")) {
      shell = rest.get(0);
      rest = rest.subList(2, rest.size());
    }
    String text = String.join(" ", rest) + (kind == CollectorKind.STD_OUT ? " 1>" + METRICS_FILE + " 2>&1" : "");
    return shell + " -c '" + text.replace("'", "'\\''") + "'";
  }

  /**
   * Why the shell Katib wraps the command in would run something else than the local engine runs, with what Katib
   * runs and how to make both the same; empty when both run the same program with the same arguments (and for
   * collectors Katib does not wrap). Placeholders {@code ${trialParameters.x}} count as plain words: the value that
   * replaces them is checked at run time.
   *
   * @param where what the note concerns, such as {@code container "training-container"}
   */
  public static Optional<String> surprise(List<String> argv, CollectorKind kind, String where) {
    if (!rewrites(kind) || argv.isEmpty()) {
      return Optional.empty();
    }
    boolean shellScript = argv.size() >= 2 && (argv.get(0).equals("sh") || argv.get(0).equals("bash"))
        && argv.get(1).equals("-c");
    String why;
    if (shellScript) {
      List<String> rest = argv.subList(2, argv.size());
      if (rest.size() > 1) {
        why = "the arguments after the script (" + Shown.value(String.join(" ", rest.subList(1, rest.size())))
            + ") become part of the script's text instead of its positional parameters";
      } else if (kind == CollectorKind.STD_OUT && !rest.isEmpty()
          && SEVERAL_COMMANDS.matcher(PLACEHOLDER.matcher(rest.get(0)).replaceAll("x")).find()) {
        why = "the script has more than one command, and the redirection to the metrics file is appended to the"
            + " last one only: the output of the others never reaches the StdOut collector";
      } else {
        return Optional.empty();
      }
    } else {
      String odd = null;
      for (String arg : argv) {
        if (arg.isEmpty() || SHELL_SYNTAX.matcher(PLACEHOLDER.matcher(arg).replaceAll("x")).find()) {
          odd = arg;
          break;
        }
      }
      if (odd == null) {
        return Optional.empty();
      }
      why = "the shell splits and interprets the unquoted words again, and the argument " + Shown.value(odd)
          + (odd.isEmpty() ? " disappears" : " holds white space or shell syntax");
    }
    return Optional.of(where + ": on a cluster, Katib's pod webhook runs " + katibCommand(argv, kind)
        + " (command and args joined by spaces, without quoting), so " + why + "; the local engine runs the command"
        + " as given. To run the same everywhere, put the program in a script file and run it (for example"
        + " [\"python3\", \"train.py\", \"--lr=${trialParameters.lr}\"]), with arguments free of spaces and shell"
        + " characters");
  }
}
