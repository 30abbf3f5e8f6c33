package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.util.Optional;
import org.immutables.value.Value;

/** The collector's kind and, for {@code Custom}, its sidecar container (Katib's {@code CollectorSpec}). */
@Value.Immutable
public abstract class AbstractCollector {
  public abstract Optional<CollectorKind> kind();

  /** The sidecar container of a {@code Custom} collector, a Kubernetes {@code Container}, kept verbatim. */
  public abstract Optional<Unstructured> customCollector();

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
