package io.github.katib4j.cli;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.local.LocalKatib;
import io.github.katib4j.report.ExperimentReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code katib report DIR}: the HTML report, and CSV or JSON exports, of a local experiment. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the self-contained HTML report of a local experiment (optimization history, parallel coordinates, "
          + "trials table) and, on request, its trials as CSV or JSON.",
      "DIR is the experiment's folder, such as katib-runs/default/quickstart; the experiment may be running, stopped "
          + "or finished."
    })
final class ReportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "The experiment's folder, which holds its journal.log.")
  Path directory;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Where to write the HTML report (default: DIR/report.html).")
  Path html;

  @Option(names = "--csv", paramLabel = "FILE", description = "Also write the trials as CSV.")
  Path csv;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the trials as JSON.")
  Path json;

  @Override
  public Integer call() {
    Path dir = directory.toAbsolutePath().normalize();
    if (!Files.exists(dir.resolve("journal.log")) || dir.getParent() == null || dir.getParent().getParent() == null) {
      List<Path> inside = experimentFolders(dir);
      throw new KatibException(directory + " is not the folder of a local experiment (it holds no journal.log); "
          + (inside.isEmpty() ? "give the experiment's folder, such as katib-runs/default/<name>"
          : "give the folder of one of the experiments in it: " + inside.stream().map(Path::toString)
              .collect(Collectors.joining(", "))));
    }
    ExperimentRef ref = ExperimentRef.of(dir.getParent().getFileName().toString(), dir.getFileName().toString());
    try (LocalKatib katib = LocalKatib.builder().directory(dir.getParent().getParent())
        .notes(spec.commandLine().getErr()).build()) {
      ExperimentReport report = ExperimentReport.of(katib.get(ref), katib.trials(ref));
      Path htmlFile = html != null ? html : dir.resolve("report.html");
      report.writeHtml(htmlFile);
      if (csv != null) {
        report.writeCsv(csv);
      }
      if (json != null) {
        report.writeJson(json);
      }
      spec.commandLine().getOut().println(htmlFile);
    }
    return 0;
  }

  /** Experiment folders below {@code dir} (a --dir given for one, say): up to five, in name order. */
  private static List<Path> experimentFolders(Path dir) {
    try (Stream<Path> journals = Files.find(dir, 3, (p, attributes) -> p.getFileName().toString()
        .equals("journal.log") && attributes.isRegularFile())) {
      return journals.map(Path::getParent).sorted().limit(5).collect(Collectors.toList());
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }
}
