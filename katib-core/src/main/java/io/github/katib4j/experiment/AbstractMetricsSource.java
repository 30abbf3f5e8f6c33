package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.util.Optional;
import org.immutables.value.Value;

/** Where a collector finds metrics (Katib's {@code SourceSpec}). */
@Value.Immutable
public abstract class AbstractMetricsSource {
  public abstract Optional<HttpGetAction> httpGet();

  public abstract Optional<FileSystemPath> fileSystemPath();

  public abstract Optional<MetricsFilter> filter();

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
