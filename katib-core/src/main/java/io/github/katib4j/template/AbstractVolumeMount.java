package io.github.katib4j.template;

import java.util.Optional;
import org.immutables.value.Value;

/** Where a container mounts a volume of its pod. */
@Value.Immutable
public abstract class AbstractVolumeMount {
  public abstract String name();

  public abstract String mountPath();

  public abstract Optional<Boolean> readOnly();

  public abstract Optional<String> subPath();

  public static VolumeMount of(String name, String mountPath) {
    return VolumeMount.builder().name(name).mountPath(mountPath).build();
  }
}
