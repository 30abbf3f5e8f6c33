package io.github.katib4j.template;

import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.template.Workloads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A Kubernetes container: what a trial's primary container runs, built for a template or read back from a rendered
 * trial. Fields not modelled here (probes, security context, ...) are kept verbatim in {@link #extraFields()}.
 *
 * <pre>{@code
 * Container trainer = Container.builder()
 *     .name("training-container").image("ghcr.io/me/train:1.0")
 *     .command("python3", "train.py").env("LOG_LEVEL", "info")
 *     .putLimit("cpu", "1").putLimit("memory", "2Gi")
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class AbstractContainer {
  @Value.Default
  public String name() {
    return "";
  }

  /** The image; empty when a runtime supplies it (a {@code TrainJob} without a trainer image). */
  @Value.Default
  public String image() {
    return "";
  }

  public abstract Optional<String> imagePullPolicy();

  /** The entrypoint; when empty, the image's own. */
  public abstract List<String> command();

  public abstract List<String> args();

  public abstract Optional<String> workingDir();

  public abstract List<EnvVar> env();

  public abstract List<ContainerPort> ports();

  /** {@code resources.limits}, quantities as Kubernetes writes them ({@code 500m}, {@code 2Gi}). */
  public abstract Map<String, String> limits();

  /** {@code resources.requests}. */
  public abstract Map<String, String> requests();

  public abstract List<VolumeMount> volumeMounts();

  /** Other container fields, kept verbatim. */
  @Value.Default
  public Unstructured extraFields() {
    return Unstructured.empty();
  }

  /** Container {@code name} running {@code image}. */
  public static Container of(String name, String image) {
    return Container.builder().name(name).image(image).build();
  }

  /** The command then the args: what the container runs when it sets a command. */
  public List<String> commandLine() {
    List<String> line = new ArrayList<>(command());
    line.addAll(args());
    return line;
  }

  /** The variable {@code name}, if set; the last one wins when a name repeats, as in Kubernetes. */
  public Optional<EnvVar> envVar(String name) {
    EnvVar found = null;
    for (EnvVar var : env()) {
      if (var.name().equals(name)) {
        found = var;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The container as a Kubernetes {@code Container} object. */
  public Unstructured toUnstructured() {
    return Unstructured.of(Workloads.writeContainer((Container) this));
  }

  /** Reads a Kubernetes {@code Container} object; fields this type does not model go to {@link #extraFields()}. */
  public static Container fromUnstructured(Unstructured container) {
    return Workloads.readContainer(container.toJsonObject());
  }

  /** Adds varargs and single-variable shortcuts to the generated builder. */
  public abstract static class Builder {
    public abstract Container.Builder command(Iterable<String> command);

    public abstract Container.Builder args(Iterable<String> args);

    public abstract Container.Builder addEnv(EnvVar env);

    public abstract Container.Builder addVolumeMount(VolumeMount volumeMount);

    /** Replaces the command. */
    public Container.Builder command(String... command) {
      return command(Arrays.asList(command));
    }

    /** Replaces the args. */
    public Container.Builder args(String... args) {
      return args(Arrays.asList(args));
    }

    /** Adds {@code name=value}. */
    public Container.Builder env(String name, String value) {
      return addEnv(EnvVar.of(name, value));
    }

    /** Mounts volume {@code name} at {@code mountPath}. */
    public Container.Builder volumeMount(String name, String mountPath) {
      return addVolumeMount(VolumeMount.of(name, mountPath));
    }
  }
}
