package io.github.katib4j.internal.validation;

import io.github.katib4j.KatibException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.CollectorKind;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.FileSystemPath;
import io.github.katib4j.experiment.MetricsCollector;
import io.github.katib4j.experiment.MetricsSource;
import io.github.katib4j.internal.Mounts;
import io.github.katib4j.search.EarlyStoppers;
import io.github.katib4j.search.Suggesters;
import io.github.katib4j.validation.ExperimentDefaults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the local engine refuses before an experiment starts, beyond the rules every validator applies: the checks its
 * search algorithm and early stopper make when they are built (Katib's service checks, already among the
 * {@code S-} rules, plus katib4j's own limits such as {@code K-min-max} or {@code K-local}) and, for process trials,
 * what it cannot run ({@code K-local}). The validators for local runs apply them, so that {@code katib validate
 * --local} reports what {@code katib run} and {@code LocalKatib.create} refuse, in the same words: both go through
 * here, and there is no second copy of these checks.
 */
final class LocalRules {
  /** The rule of what the local engine cannot run although Katib on a cluster can. */
  static final String LOCAL = "K-local";
  private static final Path SAMPLE_TRIAL = Path.of("/trial");
  private static final Pattern KATIB_RULE = Pattern.compile("[A-Z][0-9]+");

  private LocalRules() {}

  /** Adds the local engine's problems that the findings do not already report. */
  static void check(Experiment experiment, RuleOptions options, Findings findings) {
    List<Problem> local = new ArrayList<>(Suggesters.validate(experiment.spec()));
    local.addAll(EarlyStoppers.validate(experiment.spec()));
    if (options.templates != RuleOptions.Templates.IGNORED) {
      local.addAll(processTrials(experiment));
    }
    List<Problem> before = List.copyOf(findings.list());
    for (Problem p : local) {
      if (before.stream().noneMatch(f -> covers(f, p)) && !findings.list().contains(p)) {
        findings.list().add(p);
      }
    }
  }

  /**
   * Whether {@code found} already reports what {@code local} says: the search and the early stopper repeat Katib's
   * rules (the objective, the algorithm's name, the parameters' types and bounds), sometimes at a neighbouring field
   * or as the next rule of the same group (P1 at {@code spec.parameters} rather than {@code spec}, P6 at {@code min}
   * rather than {@code max}, A2 at {@code spec.algorithm.algorithmName} for A1's missing {@code spec.algorithm}).
   */
  private static boolean covers(Problem found, Problem local) {
    String a = found.path();
    String b = local.path();
    if (a.equals(b)) {
      return true;
    }
    return sameCheck(found.rule(), local.rule()) && (b.startsWith(a + ".") || a.startsWith(b + ".")
        || parent(a).equals(parent(b)));
  }

  /** The same rule, or two of Katib's rules of one group (A1 and A2, E1 and E2, P1 to P7, ...). */
  private static boolean sameCheck(String a, String b) {
    return a.equals(b) || KATIB_RULE.matcher(a).matches() && KATIB_RULE.matcher(b).matches()
        && a.charAt(0) == b.charAt(0);
  }

  private static String parent(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  /**
   * What keeps every process trial from running here, found before any trial starts rather than as each trial fails:
   * a metrics collector the local engine cannot run, and a metrics path whose local copy would leave the trial's
   * folder.
   */
  private static List<Problem> processTrials(Experiment experiment) {
    List<Problem> problems = new ArrayList<>();
    MetricsCollector collector = experiment.spec().metricsCollectorSpec().orElse(MetricsCollector.stdOut());
    CollectorKind kind = collector.kind().orElse(CollectorKind.STD_OUT);
    String kindPath = "spec.metricsCollectorSpec.collector.kind";
    switch (kind) {
      case CUSTOM:
        problems.add(Problem.of(kindPath, LOCAL, "the Custom metrics collector is a sidecar container of your own,"
            + " and the local engine runs no containers, so no trial could report a metric; use StdOut (the program"
            + " prints name=value lines), File or TensorFlowEvent to run it here, or run the experiment on Katib in a"
            + " cluster"));
        break;
      case PROMETHEUS_METRIC:
        problems.add(Problem.of(kindPath, LOCAL, "Katib ships no PrometheusMetric collector, so no local behaviour"
            + " could match Katib's; use StdOut, File or TensorFlowEvent to run it here"));
        break;
      case PUSH:
        problems.add(Problem.of(kindPath, LOCAL, "with the Push collector a trial sends its metrics to Katib's DB"
            + " manager itself (Katib's SDK report_metrics), which only a cluster has, so no process trial could report"
            + " a metric here; use StdOut (the program prints name=value lines) or File to run it here (from Java,"
            + " trials run as a function report their metrics with Push)"));
        break;
      case FILE:
      case TENSORFLOW_EVENT:
        String path = collector.source().flatMap(MetricsSource::fileSystemPath).map(FileSystemPath::path)
            .filter(p -> !p.isEmpty()).orElse(kind == CollectorKind.FILE ? ExperimentDefaults.FILE_PATH
                : ExperimentDefaults.TENSORFLOW_EVENT_PATH);
        try {
          Mounts.local(SAMPLE_TRIAL, path, "metrics path");
        } catch (KatibException e) {
          String cleaned = Path.of("/").resolve(path).normalize().toString();
          problems.add(Problem.of("spec.metricsCollectorSpec.source.fileSystemPath.path", LOCAL, "the " + kind
              + " collector's path " + path + " climbs above / with '..': each trial has its own copy of the path"
              + " inside its folder here, which such a path would leave; write it without '..' (in a container it"
              + " means " + cleaned + ")"));
        }
        break;
      default:
        break;
    }
    return problems;
  }
}
