package io.github.katib4j;

import io.github.katib4j.experiment.Experiment;
import java.util.Objects;

/**
 * Names an experiment: its namespace and name. An empty namespace means the engine's, {@link Katib#namespace()}, as
 * kubectl uses the current context's: {@code ExperimentRef.of(experiment)} of an experiment built without a namespace
 * names the experiment an engine creates from it. Engines check the names before any use and throw
 * {@link KatibValidationException} for a namespace that is not a DNS-1123 label or a name that is not a DNS-1123
 * subdomain, which the API server would refuse too (and which the local engine's folders could not hold).
 */
public final class ExperimentRef {
  private final String namespace;
  private final String name;

  private ExperimentRef(String namespace, String name) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.name = Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new KatibException("an experiment reference needs a name; got namespace \"" + namespace
          + "\" and an empty name");
    }
  }

  public static ExperimentRef of(String namespace, String name) {
    return new ExperimentRef(namespace, name);
  }

  /**
   * The reference of {@code experiment}, which must have a name (not only a generateName); its namespace is empty,
   * meaning the engine's, when the experiment has none.
   */
  public static ExperimentRef of(Experiment experiment) {
    Objects.requireNonNull(experiment, "experiment");
    return new ExperimentRef(experiment.namespace(), experiment.name());
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  /** {@code namespace/name}. */
  @Override
  public String toString() {
    return namespace + "/" + name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExperimentRef && ((ExperimentRef) o).namespace.equals(namespace)
        && ((ExperimentRef) o).name.equals(name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(namespace, name);
  }
}
