package io.github.katib4j.experiment;

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
}
