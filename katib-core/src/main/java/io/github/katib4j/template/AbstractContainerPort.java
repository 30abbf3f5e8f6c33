package io.github.katib4j.template;

import java.util.Optional;
import org.immutables.value.Value;

/** A port a container listens on. */
@Value.Immutable
public abstract class AbstractContainerPort {
  public abstract int containerPort();

  public abstract Optional<String> name();

  public abstract Optional<String> protocol();

  /** Port {@code port} named {@code name}. */
  public static ContainerPort of(String name, int port) {
    return ContainerPort.builder().name(name).containerPort(port).build();
  }
}
