package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import org.immutables.value.Value;

/** A trial template kept in a ConfigMap: the key {@code templatePath} of ConfigMap {@code configMapName}. */
@Value.Immutable
public abstract class AbstractConfigMapSource {
  @Value.Default
  public String configMapName() {
    return "";
  }

  @Value.Default
  public String configMapNamespace() {
    return "";
  }

  @Value.Default
  public String templatePath() {
    return "";
  }

  public static ConfigMapSource of(String configMapName, String configMapNamespace, String templatePath) {
    return ConfigMapSource.builder()
        .configMapName(configMapName)
        .configMapNamespace(configMapNamespace)
        .templatePath(templatePath)
        .build();
  }

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
