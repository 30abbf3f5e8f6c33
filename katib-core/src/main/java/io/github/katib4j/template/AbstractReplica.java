package io.github.katib4j.template;

import io.github.katib4j.KatibException;
import java.util.Optional;
import org.immutables.value.Value;

/** One replica type of a Kubeflow training job ({@code Master}, {@code Worker}, ...): how many pods, of what. */
@Value.Immutable
public abstract class AbstractReplica {
  @Value.Default
  public int replicas() {
    return 1;
  }

  /** The operator's restart policy for these pods; {@link RestartPolicy#EXIT_CODE} is allowed here. */
  public abstract Optional<RestartPolicy> restartPolicy();

  public abstract PodTemplate template();

  /** {@code replicas} pods running {@code template}. */
  public static Replica of(int replicas, PodTemplate template) {
    return Replica.builder().replicas(replicas).template(template).build();
  }

  /** {@code replicas} pods running one container. */
  public static Replica of(int replicas, Container container) {
    return of(replicas, PodTemplate.of(container));
  }

  @Value.Check
  void check() {
    if (replicas() < 0) {
      throw new KatibException("a replica's count must be 0 or more, but got " + replicas());
    }
  }
}
