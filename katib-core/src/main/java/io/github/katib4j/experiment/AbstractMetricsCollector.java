package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How Katib collects a trial's metrics ({@code spec.metricsCollectorSpec}).
 *
 * <p>{@code MetricsCollector.stdOut()}, {@code MetricsCollector.file("/var/log/katib/metrics.json", FileFormat.JSON)},
 * {@code MetricsCollector.tensorFlowEvent("/logs")}, {@code MetricsCollector.push()}.
 */
@Value.Immutable
public abstract class AbstractMetricsCollector {
  public abstract Optional<MetricsSource> source();

  public abstract Optional<Collector> collector();

  /** The collector kind, if set; Katib's default is {@link CollectorKind#STD_OUT}. */
  public Optional<CollectorKind> kind() {
    return collector().flatMap(Collector::kind);
  }

  /** The filter regexes, or none. */
  public List<String> metricsFormat() {
    return source().flatMap(MetricsSource::filter).map(MetricsFilter::metricsFormat).orElse(List.of());
  }

  /** A copy that finds metrics with these regexes (group 1 the name, group 2 the value). */
  public MetricsCollector metricsFormat(String... regexes) {
    MetricsSource source = source().orElse(MetricsSource.builder().build());
    return MetricsCollector.copyOf(this)
        .withSource(source.withFilter(MetricsFilter.builder().addAllMetricsFormat(Arrays.asList(regexes)).build()));
  }

  /** Katib's default: the primary container's output, parsed as {@code name=value} lines. */
  public static MetricsCollector stdOut() {
    return ofKind(CollectorKind.STD_OUT);
  }

  /** A file the trial writes, in TEXT or JSON-lines format; {@code path} must be absolute. */
  public static MetricsCollector file(String path, FileFormat format) {
    return ofKind(CollectorKind.FILE).withSource(MetricsSource.builder()
        .fileSystemPath(FileSystemPath.builder().path(path).kind(FileSystemKind.FILE).format(format).build())
        .build());
  }

  /** TensorBoard event files under a directory; {@code directory} must be absolute. */
  public static MetricsCollector tensorFlowEvent(String directory) {
    return ofKind(CollectorKind.TENSORFLOW_EVENT).withSource(MetricsSource.builder()
        .fileSystemPath(FileSystemPath.builder().path(directory).kind(FileSystemKind.DIRECTORY).build())
        .build());
  }

  /** A Prometheus endpoint in the trial; needs a PrometheusMetric collector installed in the Katib configuration. */
  public static MetricsCollector prometheus(String path, int port) {
    return ofKind(CollectorKind.PROMETHEUS_METRIC).withSource(MetricsSource.builder()
        .httpGet(HttpGetAction.builder().path(path).port(port).build())
        .build());
  }

  /** Your own sidecar container (a Kubernetes {@code Container}). */
  public static MetricsCollector custom(Unstructured container) {
    return MetricsCollector.builder()
        .collector(Collector.builder().kind(CollectorKind.CUSTOM).customCollector(container).build())
        .build();
  }

  /** No sidecar: the trial pushes its metrics to Katib's DB manager itself. */
  public static MetricsCollector push() {
    return ofKind(CollectorKind.PUSH);
  }

  private static MetricsCollector ofKind(CollectorKind kind) {
    return MetricsCollector.builder().collector(Collector.builder().kind(kind).build()).build();
  }

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
