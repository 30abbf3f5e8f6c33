package io.github.katib4j.template;

import com.google.gson.JsonObject;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.template.GoUnstructured;
import io.github.katib4j.internal.template.Workloads;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * A typed view of a trial's job ({@code runSpec}): its containers wherever the kind nests them, the primary
 * container that trains, and the job's deadline. The local engine runs the primary container as a process.
 *
 * <p>Containers are found in pod templates anywhere ({@code Job} {@code spec.template}, Kubeflow
 * {@code spec.*ReplicaSpecs.<type>.template}), in Kubeflow Trainer's {@code spec.trainer} (as container
 * {@code node}), and, best effort, in Argo templates ({@code main}) and Tekton steps ({@code step-<name>}).
 */
public final class TrialWorkload {
  private final String apiVersion;
  private final String kind;
  private final List<Workloads.Located> containers;
  private final Workloads.Located primary;
  private final OptionalLong activeDeadlineSeconds;
  private final OptionalLong jobActiveDeadlineSeconds;
  private final OptionalLong podActiveDeadlineSeconds;

  /**
   * Reads {@code runSpec} without copying it; it keeps parts of it (pod specs), so nobody may change it afterwards.
   */
  TrialWorkload(JsonObject runSpec, String primaryContainerName, Map<String, String> primaryPodLabels) {
    this.apiVersion = GoUnstructured.apiVersion(runSpec);
    this.kind = GoUnstructured.kind(runSpec);
    this.containers = Workloads.containers(runSpec);
    this.primary = primary(containers, primaryContainerName, primaryPodLabels, kind);
    OptionalLong jobDeadline = Workloads.activeDeadlineSeconds(runSpec);
    this.jobActiveDeadlineSeconds = jobDeadline;
    this.podActiveDeadlineSeconds = primary == null ? OptionalLong.empty() : primary.podActiveDeadlineSeconds();
    this.activeDeadlineSeconds = jobDeadline.isPresent() ? jobDeadline : podActiveDeadlineSeconds;
  }

  /** The workload of {@code runSpec} whose primary container is called {@code primaryContainerName}. */
  public static TrialWorkload of(Unstructured runSpec, String primaryContainerName) {
    return of(runSpec, primaryContainerName, Map.of());
  }

  /**
   * The workload of {@code runSpec}; when several containers have the primary name, the one in a pod whose
   * template carries {@code primaryPodLabels} is primary, then the one of the leading replica ({@code Master},
   * {@code Chief}, {@code Launcher}), then the first.
   */
  public static TrialWorkload of(Unstructured runSpec, String primaryContainerName,
      Map<String, String> primaryPodLabels) {
    return new TrialWorkload(runSpec.toJsonObject(), Objects.requireNonNull(primaryContainerName,
        "primaryContainerName"), Map.copyOf(primaryPodLabels));
  }

  public String apiVersion() {
    return apiVersion;
  }

  public String kind() {
    return kind;
  }

  /** Every container found, keyed by its field path, such as {@code spec.template.spec.containers[0]}. */
  public Map<String, Container> containers() {
    Map<String, Container> out = new LinkedHashMap<>();
    containers.forEach(c -> out.put(c.path(), c.container()));
    return Collections.unmodifiableMap(out);
  }

  /** The primary container, if the workload has a container of that name. */
  public Optional<Container> primaryContainer() {
    return Optional.ofNullable(primary).map(Workloads.Located::container);
  }

  /** The primary container's field path. */
  public Optional<String> primaryContainerPath() {
    return Optional.ofNullable(primary).map(Workloads.Located::path);
  }

  /** The labels the workload's template gives the primary container's pod. */
  public Map<String, String> primaryPodTemplateLabels() {
    return primary == null ? Map.of() : primary.podLabels();
  }

  /**
   * How long the job may run: {@code spec.activeDeadlineSeconds} ({@code Job}, Argo), Kubeflow's
   * {@code spec.runPolicy.activeDeadlineSeconds}, else the primary pod's {@code activeDeadlineSeconds}.
   */
  public OptionalLong activeDeadlineSeconds() {
    return activeDeadlineSeconds;
  }

  /**
   * The job's own deadline only: {@code spec.activeDeadlineSeconds} or Kubeflow's
   * {@code spec.runPolicy.activeDeadlineSeconds}. When it passes, the job fails (for a {@code Job}, with reason
   * {@code DeadlineExceeded}).
   */
  public OptionalLong jobActiveDeadlineSeconds() {
    return jobActiveDeadlineSeconds;
  }

  /**
   * The primary container's pod's {@code activeDeadlineSeconds} only. When it passes, the kubelet fails the pod, and
   * the job counts a failed pod (a {@code Job} that retries no more fails with reason {@code BackoffLimitExceeded}).
   */
  public OptionalLong primaryPodActiveDeadlineSeconds() {
    return podActiveDeadlineSeconds;
  }

  private static Workloads.Located primary(List<Workloads.Located> all, String name, Map<String, String> podLabels,
      String kind) {
    // Loops rather than streams: the local engine finds the primary container of every trial's job.
    List<Workloads.Located> named = new ArrayList<>(1);
    for (Workloads.Located c : all) {
      if (c.container().name().equals(name)) {
        named.add(c);
      }
    }
    if (named.size() <= 1) {
      return named.isEmpty() ? null : named.get(0);
    }
    if (!podLabels.isEmpty()) {
      List<Workloads.Located> labelled = new ArrayList<>();
      for (Workloads.Located c : named) {
        if (c.podLabels().entrySet().containsAll(podLabels.entrySet())) {
          labelled.add(c);
        }
      }
      if (!labelled.isEmpty()) {
        named = labelled;
      }
    }
    List<String> order = TrialKind.of(kind).map(TrialKind::replicaTypes).orElse(List.of());
    return named.stream()
        .min(Comparator.comparingInt(c -> order.contains(c.replicaType()) ? order.indexOf(c.replicaType())
            : order.size()))
        .orElse(null);
  }

  @Override
  public String toString() {
    return kind + " with containers " + containers.stream().map(c -> c.container().name() + " at " + c.path())
        .collect(Collectors.toList());
  }
}
