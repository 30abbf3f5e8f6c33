package io.github.katib4j.validation;

import io.github.katib4j.experiment.Collector;
import io.github.katib4j.experiment.CollectorKind;
import io.github.katib4j.experiment.Distribution;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.FeasibleSpace;
import io.github.katib4j.experiment.FileFormat;
import io.github.katib4j.experiment.FileSystemKind;
import io.github.katib4j.experiment.FileSystemPath;
import io.github.katib4j.experiment.HttpGetAction;
import io.github.katib4j.experiment.MetricStrategy;
import io.github.katib4j.experiment.MetricStrategyType;
import io.github.katib4j.experiment.MetricsCollector;
import io.github.katib4j.experiment.MetricsSource;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.ObjectiveType;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ResumePolicy;
import io.github.katib4j.experiment.TrialTemplate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Katib v0.19.0's defaulting ({@code Experiment.SetDefault}, applied by its mutating webhook before validation),
 * as a pure function.
 *
 * <ul>
 *   <li>{@code parallelTrialCount} 3 and {@code resumePolicy} {@code Never} when unset;
 *   <li>a metric strategy for the objective metric and for each additional metric that has none: {@code min} when
 *       minimizing, {@code max} when maximizing, else {@code latest} (the objective's type decides for additional
 *       metrics too, whatever Katib's source comment says);
 *   <li>for an inline {@code trialSpec} only, by its {@code kind}: success and failure conditions for {@code Job},
 *       {@code TFJob}, {@code PyTorchJob}, {@code XGBoostJob}, {@code MPIJob} and {@code TrainJob}, and primary pod
 *       labels for the last five;
 *   <li>the {@code StdOut} collector when none is set, and the source of {@code File} ({@code File},
 *       {@code /var/log/katib/metrics.log}, {@code TEXT}), {@code TensorFlowEvent} ({@code Directory},
 *       {@code /var/log/katib/tfevent/}) and {@code PrometheusMetric} ({@code /metrics}, port 8080) collectors;
 *   <li>distribution {@code uniform} for every search parameter without one; NAS operation parameters are left
 *       alone, as in Katib.
 * </ul>
 *
 * <p>Applying it twice gives the same experiment as applying it once. The one case where Katib itself is not
 * idempotent, an additional metric that repeats the objective metric (which rule O4 rejects anyway), gets Katib's
 * result of a single application.
 */
public final class ExperimentDefaults {
  /** {@code status.conditions.#(type=="Complete")#|#(status=="True")#}. */
  public static final String JOB_SUCCESS_CONDITION = "status.conditions.#(type==\"Complete\")#|#(status==\"True\")#";

  /** {@code status.conditions.#(type=="Failed")#|#(status=="True")#}. */
  public static final String JOB_FAILURE_CONDITION = "status.conditions.#(type==\"Failed\")#|#(status==\"True\")#";

  /** {@code status.conditions.#(type=="Succeeded")#|#(status=="True")#}, for the Kubeflow training jobs. */
  public static final String KUBEFLOW_JOB_SUCCESS_CONDITION =
      "status.conditions.#(type==\"Succeeded\")#|#(status==\"True\")#";

  public static final int PARALLEL_TRIAL_COUNT = 3;
  public static final String FILE_PATH = "/var/log/katib/metrics.log";
  public static final String TENSORFLOW_EVENT_PATH = "/var/log/katib/tfevent/";
  public static final String PROMETHEUS_PATH = "/metrics";
  public static final int PROMETHEUS_PORT = 8080;

  private static final Set<String> KUBEFLOW_JOB_KINDS = Set.of("TFJob", "PyTorchJob", "XGBoostJob", "MPIJob");
  private static final Map<String, String> KUBEFLOW_PRIMARY_POD_LABELS = Map.of("training.kubeflow.org/job-role",
      "master");
  private static final Map<String, String> TRAIN_JOB_PRIMARY_POD_LABELS = orderedMap(
      "jobset.sigs.k8s.io/replicatedjob-name", "node", "batch.kubernetes.io/job-completion-index", "0");

  private ExperimentDefaults() {}

  /** The experiment with Katib's defaults filled in; {@code experiment} itself is unchanged. */
  public static Experiment apply(Experiment experiment) {
    ExperimentSpec spec = experiment.spec();
    ExperimentSpec.Builder b = ExperimentSpec.builder().from(spec);
    if (spec.parallelTrialCount().isEmpty()) {
      b.parallelTrialCount(PARALLEL_TRIAL_COUNT);
    }
    if (spec.resumePolicy().isEmpty()) {
      b.resumePolicy(ResumePolicy.NEVER);
    }
    spec.objective().ifPresent(o -> b.objective(objective(o)));
    spec.trialTemplate().ifPresent(t -> b.trialTemplate(trialTemplate(t)));
    b.metricsCollectorSpec(metricsCollector(spec.metricsCollectorSpec().orElse(MetricsCollector.builder().build())));
    b.parameters(spec.parameters().stream().map(ExperimentDefaults::parameter).collect(Collectors.toList()));
    return experiment.withSpec(b.build());
  }

  private static Objective objective(Objective objective) {
    String objectiveName = objective.objectiveMetricName();
    List<MetricStrategy> strategies = new ArrayList<>(objective.metricStrategies());
    Set<String> others = new HashSet<>();
    long objectiveStrategies = 0;
    for (MetricStrategy s : strategies) {
      if (s.name().equals(objectiveName)) {
        objectiveStrategies++;
      } else {
        others.add(s.name());
      }
    }
    MetricStrategyType byType = objective.type().map(t -> t == ObjectiveType.MINIMIZE ? MetricStrategyType.MIN
        : MetricStrategyType.MAX).orElse(MetricStrategyType.LATEST);
    if (objectiveStrategies == 0) {
      strategies.add(MetricStrategy.of(objectiveName, Optional.of(byType)));
    }
    // Katib appends a strategy for an additional metric equal to the objective metric on every application;
    // once there are two strategies for it, one application has happened.
    boolean repeatObjective = objectiveStrategies < 2;
    for (String name : objective.additionalMetricNames()) {
      if (name.equals(objectiveName) ? repeatObjective : !others.contains(name)) {
        strategies.add(MetricStrategy.of(name, Optional.of(byType)));
      }
    }
    return objective.withMetricStrategies(strategies);
  }

  private static TrialTemplate trialTemplate(TrialTemplate template) {
    if (template.trialSpec().isEmpty()) {
      return template;
    }
    String kind = template.trialSpec().get().kind();
    TrialTemplate.Builder b = TrialTemplate.builder().from(template);
    boolean trainJob = kind.equals("TrainJob");
    if (kind.equals("Job") || trainJob) {
      defaultConditions(template, b, JOB_SUCCESS_CONDITION);
    } else if (KUBEFLOW_JOB_KINDS.contains(kind)) {
      defaultConditions(template, b, KUBEFLOW_JOB_SUCCESS_CONDITION);
    }
    if ((trainJob || KUBEFLOW_JOB_KINDS.contains(kind)) && template.primaryPodLabels().isEmpty()) {
      b.primaryPodLabels(trainJob ? TRAIN_JOB_PRIMARY_POD_LABELS : KUBEFLOW_PRIMARY_POD_LABELS);
    }
    return b.build();
  }

  private static void defaultConditions(TrialTemplate template, TrialTemplate.Builder b, String success) {
    if (template.successCondition().isEmpty()) {
      b.successCondition(success);
    }
    if (template.failureCondition().isEmpty()) {
      b.failureCondition(JOB_FAILURE_CONDITION);
    }
  }

  private static MetricsCollector metricsCollector(MetricsCollector collector) {
    MetricsCollector result = collector.collector().isPresent() ? collector
        : collector.withCollector(Collector.builder().kind(CollectorKind.STD_OUT).build());
    Optional<CollectorKind> kind = result.kind();
    if (kind.isEmpty()) {
      return result;
    }
    MetricsSource source = result.source().orElse(MetricsSource.builder().build());
    switch (kind.get()) {
      case PROMETHEUS_METRIC:
        return result.withSource(source.withHttpGet(httpGet(source.httpGet().orElse(HttpGetAction.builder().build()))));
      case FILE:
        FileSystemPath file = source.fileSystemPath().orElse(FileSystemPath.builder().build());
        FileSystemPath.Builder f = FileSystemPath.builder().from(file);
        if (file.kind().isEmpty()) {
          f.kind(FileSystemKind.FILE);
        }
        if (file.path().isEmpty()) {
          f.path(FILE_PATH);
        }
        if (file.format().isEmpty()) {
          f.format(FileFormat.TEXT);
        }
        return result.withSource(source.withFileSystemPath(f.build()));
      case TENSORFLOW_EVENT:
        FileSystemPath dir = source.fileSystemPath().orElse(FileSystemPath.builder().build());
        FileSystemPath.Builder d = FileSystemPath.builder().from(dir);
        if (dir.kind().isEmpty()) {
          d.kind(FileSystemKind.DIRECTORY);
        }
        if (dir.path().isEmpty()) {
          d.path(TENSORFLOW_EVENT_PATH);
        }
        return result.withSource(source.withFileSystemPath(d.build()));
      default:
        return result;
    }
  }

  private static HttpGetAction httpGet(HttpGetAction httpGet) {
    HttpGetAction.Builder b = HttpGetAction.builder().from(httpGet);
    if (httpGet.path().isEmpty()) {
      b.path(PROMETHEUS_PATH);
    }
    // Katib tests intstr.String() == "0": an absent port, the number 0 and the name "0" all get the default.
    boolean zero = httpGet.port().isPresent() ? httpGet.port().getAsInt() == 0
        : httpGet.portName().map("0"::equals).orElse(true);
    if (zero) {
      b.port(PROMETHEUS_PORT).portName(Optional.empty());
    }
    return b.build();
  }

  private static Parameter parameter(Parameter parameter) {
    FeasibleSpace space = parameter.feasibleSpace();
    if (space.distribution().isPresent()) {
      return parameter;
    }
    return parameter.withFeasibleSpace(space.withDistribution(Distribution.UNIFORM));
  }

  private static Map<String, String> orderedMap(String k1, String v1, String k2, String v2) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }
}
