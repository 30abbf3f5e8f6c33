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
import io.github.katib4j.template.TrialKind;
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
 * <p>Applying it twice gives the same experiment as applying it once, except where Katib itself is not idempotent:
 * an additional metric that repeats the objective metric (which rule O4 rejects) gets one more strategy at each
 * application, as in Katib.
 */
public final class ExperimentDefaults {
  public static final int PARALLEL_TRIAL_COUNT = 3;
  public static final String FILE_PATH = "/var/log/katib/metrics.log";
  public static final String TENSORFLOW_EVENT_PATH = "/var/log/katib/tfevent/";
  public static final String PROMETHEUS_PATH = "/metrics";
  public static final int PROMETHEUS_PORT = 8080;


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
    // Katib leaves the objective metric's strategies out of this set, so an additional metric that repeats the
    // objective metric always gets one more.
    Set<String> others = new HashSet<>();
    boolean objectiveHasOne = false;
    for (MetricStrategy s : strategies) {
      if (s.name().equals(objectiveName)) {
        objectiveHasOne = true;
      } else {
        others.add(s.name());
      }
    }
    MetricStrategyType byType = objective.type().map(t -> t == ObjectiveType.MINIMIZE ? MetricStrategyType.MIN
        : MetricStrategyType.MAX).orElse(MetricStrategyType.LATEST);
    if (!objectiveHasOne) {
      strategies.add(MetricStrategy.of(objectiveName, Optional.of(byType)));
    }
    for (String name : objective.additionalMetricNames()) {
      if (!others.contains(name)) {
        strategies.add(MetricStrategy.of(name, Optional.of(byType)));
      }
    }
    return objective.withMetricStrategies(strategies);
  }

  /** Katib defaults conditions and primary pod labels for inline templates of the kinds it knows, by kind only. */
  private static TrialTemplate trialTemplate(TrialTemplate template) {
    Optional<TrialKind> kind = template.trialSpec().flatMap(spec -> TrialKind.of(spec.kind()));
    if (kind.isEmpty()) {
      return template;
    }
    TrialTemplate.Builder b = TrialTemplate.builder().from(template);
    if (template.successCondition().isEmpty()) {
      b.successCondition(kind.get().successCondition());
    }
    if (template.failureCondition().isEmpty()) {
      b.failureCondition(kind.get().failureCondition());
    }
    if (template.primaryPodLabels().isEmpty()) {
      b.primaryPodLabels(kind.get().primaryPodLabels());
    }
    return b.build();
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

}
