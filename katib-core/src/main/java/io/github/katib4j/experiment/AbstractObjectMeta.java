package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * Kubernetes object metadata. The fields Katib users set or read are typed; any other metadata field a server sends
 * (such as {@code managedFields}) is kept verbatim in {@link #extraFields()} and written back unchanged.
 */
@Value.Immutable
public abstract class AbstractObjectMeta {
  @Value.Default
  public String name() {
    return "";
  }

  /** A prefix from which the API server generates a unique name. */
  @Value.Default
  public String generateName() {
    return "";
  }

  @Value.Default
  public String namespace() {
    return "";
  }

  @Value.Default
  public String uid() {
    return "";
  }

  @Value.Default
  public String resourceVersion() {
    return "";
  }

  public abstract OptionalLong generation();

  public abstract Optional<Instant> creationTimestamp();

  public abstract Optional<Instant> deletionTimestamp();

  public abstract Map<String, String> labels();

  public abstract Map<String, String> annotations();

  public abstract List<OwnerReference> ownerReferences();

  public abstract List<String> finalizers();

  /** Metadata fields not modelled above, kept verbatim. */
  @Value.Default
  public Unstructured extraFields() {
    return Unstructured.empty();
  }

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
