package io.github.katib4j.template;

import io.github.katib4j.experiment.Unstructured;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A pod template ({@code metadata} labels and annotations, and a pod {@code spec}) as a job kind nests it. Pod-spec
 * fields not modelled here ({@code nodeSelector}, {@code serviceAccountName}, ...) go in {@link #extraSpecFields()}.
 */
@Value.Immutable
public abstract class AbstractPodTemplate {
  public abstract Map<String, String> labels();

  public abstract Map<String, String> annotations();

  public abstract List<Container> containers();

  public abstract Optional<RestartPolicy> restartPolicy();

  /** Kubernetes {@code Volume} objects, kept verbatim. */
  public abstract List<Unstructured> volumes();

  /** Other pod-spec fields, kept verbatim. */
  @Value.Default
  public Unstructured extraSpecFields() {
    return Unstructured.empty();
  }

  /** A pod running these containers. */
  public static PodTemplate of(Container... containers) {
    return PodTemplate.builder().addAllContainers(Arrays.asList(containers)).build();
  }
}
