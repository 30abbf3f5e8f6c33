package io.github.katib4j.internal.validation;

import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Collector;
import io.github.katib4j.experiment.CollectorKind;
import io.github.katib4j.experiment.Condition;
import io.github.katib4j.experiment.ConditionStatus;
import io.github.katib4j.experiment.EarlyStopping;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.ExperimentStatus;
import io.github.katib4j.experiment.FeasibleSpace;
import io.github.katib4j.experiment.FileFormat;
import io.github.katib4j.experiment.FileSystemKind;
import io.github.katib4j.experiment.FileSystemPath;
import io.github.katib4j.experiment.HttpGetAction;
import io.github.katib4j.experiment.MetricsCollector;
import io.github.katib4j.experiment.MetricsSource;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterType;
import io.github.katib4j.experiment.ResumePolicy;
import io.github.katib4j.internal.ForeignNumbers;
import io.github.katib4j.internal.Shown;
import io.github.katib4j.internal.metrics.GoRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Katib v0.19.0's validating webhook ({@code ValidateExperiment}) rule by rule, with its field paths and its early
 * return after an objective error, followed by the suggestion services' checks (S-) and katib4j's sure-fail checks
 * (K-), which always run. Works on an experiment Katib's defaulting has already been applied to.
 */
public final class ExperimentRules {
  private static final Pattern NAME = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final String COLLECTOR = "spec.metricsCollectorSpec";
  private static final String SOURCE = COLLECTOR + ".source";

  private ExperimentRules() {}

  /**
   * Every problem, in field order.
   *
   * @param experiment the defaulted experiment
   * @param asWritten the experiment before defaulting, for messages that say whether a value is Katib's default
   * @param old the defaulted stored experiment when this is an update, else null
   */
  public static List<Problem> check(Experiment experiment, Experiment asWritten, Experiment old,
      RuleOptions options) {
    Findings findings = new Findings();
    TemplateRules.undecodableTrialSpec(experiment.spec(), findings);
    katibRules(experiment, asWritten, old, options, findings);
    AlgorithmRules.check(experiment.spec(), options, findings);
    SureFailRules.check(experiment, options, findings);
    if (options.cluster) {
      ApiServerRules.check(experiment, findings);
    } else if (options.localEngine) {
      ApiServerRules.localNames(experiment, findings);
    }
    if (options.localEngine) {
      // Last: it adds only what the rules above do not already report.
      LocalRules.check(experiment, options, findings);
    }
    List<Problem> problems = new ArrayList<>(findings.list());
    problems.sort(FieldOrder.COMPARATOR);
    return problems;
  }

  private static void katibRules(Experiment experiment, Experiment asWritten, Experiment old, RuleOptions options,
      Findings findings) {
    ExperimentSpec spec = experiment.spec();
    name(experiment, findings);
    counts(spec, asWritten.spec().parallelTrialCount().isEmpty(), findings);
    if (old != null) {
      update(spec, old, findings);
    }
    if (!objective(spec, findings)) {
      return;
    }
    algorithm(spec, options, findings);
    // R1 (resumePolicy outside the closed set) cannot be represented in a typed experiment; the codec reports it.
    TemplateRules.check(spec, options, findings);
    if (spec.parameters().isEmpty() && spec.nasConfig().isEmpty()) {
      findings.add("spec", "P1", "spec.parameters or spec.nasConfig must be specified");
    }
    if (!spec.parameters().isEmpty() && spec.nasConfig().isPresent()) {
      findings.add("spec", "P2", "only one of spec.parameters and spec.nasConfig can be specified; use parameters for"
          + " hyperparameter tuning or nasConfig for the enas and darts algorithms");
    }
    for (int i = 0; i < spec.parameters().size(); i++) {
      parameter(spec.parameters().get(i), "spec.parameters[" + i + "]", findings);
    }
    metricsCollector(spec.metricsCollectorSpec().orElse(MetricsCollector.builder().build()), options, findings);
  }

  private static void name(Experiment experiment, Findings findings) {
    String name = experiment.metadata().name();
    // The API server turns generateName into a name, adding five characters, before webhooks see it.
    if (name.isEmpty() && !experiment.metadata().generateName().isEmpty()) {
      name = experiment.metadata().generateName() + "xxxxx";
    }
    if (!NAME.matcher(name).find() || name.length() > 40) {
      findings.add("metadata.name", "V1", "name must consist of lower case alphanumeric characters or '-', start"
          + " with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123')"
          + " and may not be longer than 40 characters" + (name.length() > 40 ? " (it has " + name.length()
          + "; with generateName, Kubernetes adds 5)" : ""));
    }
  }

  private static void counts(ExperimentSpec spec, boolean parallelDefaulted, Findings findings) {
    if (spec.maxFailedTrialCount().isPresent() && spec.maxFailedTrialCount().getAsInt() < 0) {
      findings.add("spec.maxFailedTrialCount", "V2", "should not be less than 0, found "
          + spec.maxFailedTrialCount().getAsInt());
    }
    if (spec.maxTrialCount().isPresent() && spec.maxTrialCount().getAsInt() <= 0) {
      findings.add("spec.maxTrialCount", "V3", "must be greater than 0, found " + spec.maxTrialCount().getAsInt()
          + "; omit it to run until the goal is reached");
    }
    if (spec.parallelTrialCount().isPresent() && spec.parallelTrialCount().getAsInt() <= 0) {
      findings.add("spec.parallelTrialCount", "V4", "must be greater than 0, found "
          + spec.parallelTrialCount().getAsInt());
    }
    if (spec.maxFailedTrialCount().isPresent() && spec.maxTrialCount().isPresent()
        && spec.maxFailedTrialCount().getAsInt() > spec.maxTrialCount().getAsInt()) {
      findings.add("spec.maxFailedTrialCount", "V5", "should be less than or equal to spec.maxTrialCount ("
          + spec.maxTrialCount().getAsInt() + "), found " + spec.maxFailedTrialCount().getAsInt());
    }
    if (spec.parallelTrialCount().isPresent() && spec.maxTrialCount().isPresent()
        && spec.parallelTrialCount().getAsInt() > spec.maxTrialCount().getAsInt()) {
      findings.add("spec.parallelTrialCount", "V6", "should be less than or equal to spec.maxTrialCount ("
          + spec.maxTrialCount().getAsInt() + "), found " + spec.parallelTrialCount().getAsInt()
          + (parallelDefaulted ? " (Katib's default when it is not set)" : ""));
    }
  }

  private static void update(ExperimentSpec spec, Experiment old, Findings findings) {
    ExperimentSpec oldSpec = old.spec();
    boolean changed = !spec.equals(oldSpec);
    ExperimentStatus status = old.status().orElse(null);
    if (changed && status != null && isCompleted(status) && !isRestartable(status, oldSpec)) {
      findings.add("spec.resumePolicy", "U1", "Experiment can be restarted if it is in succeeded state by reaching"
          + " max trials and spec.resumePolicy = LongRunning or spec.resumePolicy = FromVolume, when experiment is"
          + " completed; create a new experiment instead");
    }
    int trials = status == null ? 0 : status.trials();
    if (changed && spec.maxTrialCount().isPresent() && spec.maxTrialCount().getAsInt() <= trials) {
      findings.add("spec.maxTrialCount", "U2", "must be greater than status.trials count (" + trials + "), found "
          + spec.maxTrialCount().getAsInt());
    }
    ExperimentSpec editable = ExperimentSpec.builder().from(oldSpec)
        .parallelTrialCount(spec.parallelTrialCount())
        .maxTrialCount(spec.maxTrialCount())
        .maxFailedTrialCount(spec.maxFailedTrialCount())
        .build();
    if (!spec.equals(editable)) {
      findings.add("spec", "U3", "Forbidden: only spec.parallelTrialCount, spec.maxTrialCount and"
          + " spec.maxFailedTrialCount are editable; create a new experiment to change anything else");
    }
  }

  private static boolean isCompleted(ExperimentStatus status) {
    return isTrue(status, "Succeeded") || isTrue(status, "Failed");
  }

  private static boolean isRestartable(ExperimentStatus status, ExperimentSpec oldSpec) {
    boolean maxTrialsReached = condition(status, "Succeeded")
        .filter(c -> c.status() == ConditionStatus.TRUE && c.reason().equals("ExperimentMaxTrialsReached"))
        .isPresent();
    ResumePolicy policy = oldSpec.resumePolicy().orElse(ResumePolicy.NEVER);
    return maxTrialsReached && (policy == ResumePolicy.LONG_RUNNING || policy == ResumePolicy.FROM_VOLUME);
  }

  private static boolean isTrue(ExperimentStatus status, String type) {
    return condition(status, type).filter(c -> c.status() == ConditionStatus.TRUE).isPresent();
  }

  private static Optional<Condition> condition(ExperimentStatus status, String type) {
    return status.conditions().stream().filter(c -> c.type().equals(type)).findFirst();
  }

  /** O1-O4; false when Katib would stop validating here. */
  private static boolean objective(ExperimentSpec spec, Findings findings) {
    if (spec.objective().isEmpty()) {
      findings.add("spec.objective", "O1", "must be specified: say which metric to minimize or maximize");
      return false;
    }
    Objective objective = spec.objective().get();
    int before = findings.size();
    if (objective.type().isEmpty()) {
      findings.add("spec.objective.type", "O2", "must be minimize or maximize");
    }
    if (objective.objectiveMetricName().isEmpty()) {
      findings.add("spec.objective.objectiveMetricName", "O3", "must be specified: the metric the trials report");
    }
    if (objective.additionalMetricNames().contains(objective.objectiveMetricName())) {
      findings.add("spec.objective.additionalMetricNames", "O4", "should not contain"
          + " spec.objective.objectiveMetricName (" + objective.objectiveMetricName() + "); remove it from the list");
    }
    return findings.size() == before;
  }

  private static void algorithm(ExperimentSpec spec, RuleOptions options, Findings findings) {
    if (spec.algorithm().isEmpty()) {
      findings.add("spec.algorithm", "A1", "must be specified, for example algorithmName: random");
    } else {
      Algorithm algorithm = spec.algorithm().get();
      if (algorithm.algorithmName().isEmpty()) {
        findings.add("spec.algorithm.algorithmName", "A2", "must be specified, for example random, tpe or grid");
      }
      if (options.installed != null && options.installed.suggestionImage(algorithm.algorithmName()).isEmpty()) {
        findings.add("spec.algorithm.algorithmName", "A3", "unable to get Suggestion config data for algorithm "
            + algorithm.algorithmName() + ": the Katib configuration has no suggestion image for it; use one of "
            + installedNames(options.installed.suggestions().keySet()));
      }
    }
    if (spec.earlyStopping().isPresent()) {
      EarlyStopping earlyStopping = spec.earlyStopping().get();
      if (earlyStopping.algorithmName().isEmpty()) {
        findings.add("spec.earlyStopping.algorithmName", "E1", "must be specified, for example medianstop");
      }
      if (options.installed != null && options.installed.earlyStoppingImage(earlyStopping.algorithmName()).isEmpty()) {
        findings.add("spec.earlyStopping.algorithmName", "E2", "unable to get EarlyStopping config data for algorithm "
            + earlyStopping.algorithmName() + ": the Katib configuration has no image for it; use one of "
            + installedNames(options.installed.earlyStoppings().keySet()));
      }
    }
  }

  private static String installedNames(java.util.Collection<String> names) {
    return names.isEmpty() ? "(none installed)" : String.join(", ", names);
  }

  private static void parameter(Parameter parameter, String path, Findings findings) {
    Optional<ParameterType> type = parameter.parameterType();
    if (type.isEmpty()) {
      findings.add(path + ".parameterType", "P3", "parameterType: is not supported; use double, int, discrete or"
          + " categorical");
    }
    FeasibleSpace space = parameter.feasibleSpace();
    // P4 (a distribution outside the closed set) cannot be represented in a typed experiment; the codec reports it.
    if (space.isEmpty()) {
      findings.add(path + ".feasibleSpace", "P5", "feasibleSpace must be specified");
      return;
    }
    if (type.isPresent() && (type.get() == ParameterType.DOUBLE || type.get() == ParameterType.INT)) {
      if (!space.list().isEmpty()) {
        findings.add(path + ".feasibleSpace.list", "P6", "feasibleSpace.list is not supported for parameterType: "
            + type.get() + "; use min and max, or make the parameter discrete or categorical");
      }
      if (space.maxText().isEmpty() || space.minText().isEmpty()) {
        findings.add(path + ".feasibleSpace.max", "P6", "feasibleSpace.max or feasibleSpace.min must be specified"
            + " for parameterType: " + type.get());
      }
    } else if (type.isPresent() && (type.get() == ParameterType.CATEGORICAL || type.get() == ParameterType.DISCRETE)) {
      if (space.maxText().isPresent() || space.minText().isPresent() || space.stepText().isPresent()) {
        findings.add(path + ".feasibleSpace", "P7", "feasibleSpace .max, .min and .step is not supported for"
            + " parameterType: " + type.get() + "; list the values in feasibleSpace.list");
      }
    }
  }

  private static void metricsCollector(MetricsCollector collector, RuleOptions options, Findings findings) {
    Optional<CollectorKind> kind = collector.kind();
    String kindPath = COLLECTOR + ".collector.kind";
    if (kind.isPresent() && kind.get() != CollectorKind.CUSTOM && kind.get() != CollectorKind.PUSH
        && options.installed != null && options.installed.metricsCollectorImage(kind.get().wireName()).isEmpty()) {
      findings.add(kindPath, "M1", "GetMetricsCollectorConfigData failed: the Katib configuration has no "
          + kind.get() + " metrics collector; use one of " + installedNames(options.installed.metricsCollectors()
          .keySet()) + ", Push or Custom");
    }
    MetricsSource source = collector.source().orElse(MetricsSource.builder().build());
    Optional<FileSystemPath> file = source.fileSystemPath();
    if (kind.isEmpty()) {
      findings.add(kindPath, "M12", "invalid metrics collector kind: use StdOut, File, TensorFlowEvent,"
          + " PrometheusMetric, Custom or Push");
    } else {
      switch (kind.get()) {
        case PUSH:
        case STD_OUT:
          return;
        case FILE:
          if (file.isEmpty() || file.get().kind().orElse(null) != FileSystemKind.FILE
              || !file.get().path().startsWith("/")) {
            findings.add(SOURCE + ".fileSystemPath.path", "M3", "file path where metrics file exists is required:"
                + " an absolute path with kind File");
          }
          FileFormat format = file.flatMap(FileSystemPath::format).orElse(null);
          if (format == null) {
            findings.add(SOURCE + ".fileSystemPath.format", "M4", "format of metrics file is required for metrics"
                + " collector: TEXT or JSON");
          }
          if (format == FileFormat.JSON && source.filter().isPresent()) {
            findings.add(SOURCE + ".filter", "M5", "filter must be nil when format of metrics file is json; remove it");
          }
          break;
        case TENSORFLOW_EVENT:
          if (file.isEmpty() || file.get().kind().orElse(null) != FileSystemKind.DIRECTORY
              || !file.get().path().startsWith("/")) {
            findings.add(SOURCE, "M6", "directory path where tensorflow event files exist is required by"
                + " .spec.metricsCollectorSpec.source.fileSystemPath.path: an absolute path with kind Directory");
          }
          if (file.flatMap(FileSystemPath::format).isPresent()) {
            findings.add(SOURCE + ".fileSystemPath.format", "M7", "must be empty for TensorFlowEvent; remove it");
          }
          break;
        case PROMETHEUS_METRIC:
          HttpGetAction httpGet = source.httpGet().orElse(HttpGetAction.builder().build());
          if (!positivePort(httpGet)) {
            findings.add(SOURCE + ".httpGet.port", "M8", "must be a positive integer value for metrics collector kind:"
                + " PrometheusMetric; named ports are not supported");
          }
          if (!httpGet.path().startsWith("/")) {
            findings.add(SOURCE + ".httpGet.path", "M9", "path is invalid for metrics collector kind:"
                + " PrometheusMetric; it must start with /");
          }
          break;
        case CUSTOM:
          if (collector.collector().flatMap(Collector::customCollector).isEmpty()) {
            findings.add(COLLECTOR + ".collector.customCollector", "M10", "metrics collector kind: Custom is required:"
                + " give the sidecar container");
          }
          if (file.isPresent() && (!file.get().path().startsWith("/") || file.get().kind().isEmpty())) {
            findings.add(SOURCE + ".fileSystemPath", "M11", ".spec.metricsCollectorSpec.source is invalid: the path"
                + " must be absolute and the kind File or Directory");
          }
          break;
        default:
          throw new IllegalStateException("unknown collector kind " + kind.get());
      }
    }
    List<String> formats = collector.metricsFormat();
    for (String format : formats) {
      Optional<String> error = GoRegex.syntaxError(format);
      if (error.isPresent()) {
        findings.add(SOURCE + ".filter.metricsFormat", "M13", "invalid filter " + Shown.value(format) + ": "
            + error.get());
      } else if (!hasTwoGroups(format)) {
        findings.add(SOURCE + ".filter.metricsFormat", "M13", "two top subexpressions are required in "
            + Shown.value(format) + ": group 1 the metric name, group 2 its value");
      }
    }
  }

  /**
   * Katib's {@code regexp.MustCompile(`.*\(.*\).*\(.*\).*`).MatchString(format)}: some line of {@code format} (Go's
   * {@code .} stops at {@code \n} only) holds {@code (}, {@code )}, {@code (} and {@code )} in that order. Scanned
   * rather than matched: Go's RE2 runs that pattern in linear time, but Java's backtracking matcher takes minutes on
   * a filter of a few thousand parentheses.
   */
  static boolean hasTwoGroups(String format) {
    String wanted = "()()";
    int found = 0;
    for (int i = 0; i < format.length() && found < wanted.length(); i++) {
      char c = format.charAt(i);
      if (c == '\n') {
        found = 0;
      } else if (c == wanted.charAt(found)) {
        found++;
      }
    }
    return found == wanted.length();
  }

  private static boolean positivePort(HttpGetAction httpGet) {
    if (httpGet.port().isPresent()) {
      return httpGet.port().getAsInt() > 0;
    }
    return httpGet.portName().flatMap(ForeignNumbers::goAtoi).map(p -> p > 0).orElse(false);
  }
}
