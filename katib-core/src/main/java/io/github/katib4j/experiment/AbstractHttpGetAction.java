package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * Where the PrometheusMetric collector scrapes (Kubernetes' {@code HTTPGetAction}). The port is a number or, in
 * Kubernetes, a named port; Katib accepts only numbers.
 */
@Value.Immutable
public abstract class AbstractHttpGetAction {
  @Value.Default
  public String path() {
    return "";
  }

  /** The port as a number. */
  public abstract OptionalInt port();

  /** The port as a name (Kubernetes' int-or-string); Katib rejects it. */
  public abstract Optional<String> portName();

  @Value.Default
  public String host() {
    return "";
  }

  @Value.Default
  public String scheme() {
    return "";
  }

  public abstract List<HttpHeader> httpHeaders();

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
