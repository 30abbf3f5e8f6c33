package io.github.katib4j.cli;

import io.github.katib4j.local.ProgressPrinter;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One in-process run of the command line: exit code and what it printed. */
final class CliRun {
  final int exitCode;
  final String out;
  final String err;

  private CliRun(int exitCode, String out, String err) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
  }

  static CliRun of(String... args) {
    return withInput("", args);
  }

  /** A run with {@code input} on standard input. */
  static CliRun withInput(String input, String... args) {
    return run(input, false, args);
  }

  /** A run whose standard error is taken for a terminal. */
  static CliRun onTerminal(String... args) {
    return run("", true, args);
  }

  private static CliRun run(String input, boolean errIsTerminal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = KatibCli.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        new PrintWriter(out, true), new PrintWriter(err, true),
        errIsTerminal ? ProgressPrinter::rewriting : ProgressPrinter::lines);
    return new CliRun(code, out.toString(), err.toString());
  }

  /**
   * What a terminal shows of {@code text}: a carriage return goes back to the start of the line, later characters
   * overwrite earlier ones, and a line feed starts a new line. Trailing spaces are dropped.
   */
  static List<String> screen(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int column = 0;
    for (char c : text.toCharArray()) {
      if (c == '\r') {
        column = 0;
      } else if (c == '\n') {
        lines.add(line.toString().stripTrailing());
        line.setLength(0);
        column = 0;
      } else {
        if (column < line.length()) {
          line.setCharAt(column, c);
        } else {
          line.append(c);
        }
        column++;
      }
    }
    if (line.length() > 0) {
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
