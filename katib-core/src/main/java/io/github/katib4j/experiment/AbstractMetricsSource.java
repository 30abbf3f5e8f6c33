package io.github.katib4j.experiment;

import java.util.Optional;
import org.immutables.value.Value;

/** Where a collector finds metrics (Katib's {@code SourceSpec}). */
@Value.Immutable
public abstract class AbstractMetricsSource {
  public abstract Optional<HttpGetAction> httpGet();

  public abstract Optional<FileSystemPath> fileSystemPath();

  public abstract Optional<MetricsFilter> filter();
}
