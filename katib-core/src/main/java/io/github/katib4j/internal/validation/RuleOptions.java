package io.github.katib4j.internal.validation;

import io.github.katib4j.experiment.ConfigMapSource;
import io.github.katib4j.validation.KatibConfig;
import java.util.Optional;
import java.util.function.Function;

/** Which rules a validator applies, and what it knows about the cluster. */
public final class RuleOptions {
  /** How the trial template is checked. */
  public enum Templates {
    /** A template is required and checked (T1-T17): for trials that run the template. */
    REQUIRED,
    /** A template is checked when present: for experiments built in Java, which may run a function instead. */
    IF_PRESENT,
    /** The template is not used: for the local engine's function trials. */
    IGNORED
  }

  final KatibConfig installed;
  final KatibConfig services;
  final boolean cluster;
  final Function<ConfigMapSource, Optional<String>> configMaps;
  final Templates templates;
  final boolean localEngine;

  /**
   * @param installed the cluster's configuration for rules A3, E2 and M1, or null to skip them
   * @param services the configuration that says which suggestion service implements an algorithm name
   * @param cluster whether the experiment is for Katib on a cluster, which adds the {@code K-} rules about what only a
   *     cluster does: values pasted into the manifest unescaped (K-manifest), the API server's checks of the
   *     Experiment's metadata and of the trial's Job, the metrics collectors' own limits
   * @param configMaps template text of a ConfigMap source, or null when unknown (T7, T12-T17 then say nothing)
   * @param templates how the trial template is checked
   * @param localEngine whether the experiment is for the local engine, which adds the name rules K-name and
   *     K-namespace (it keeps each experiment in a folder named by them) and what it refuses before it starts
   *     ({@link LocalRules}): its search's own limits and, for process trials ({@code templates} not
   *     {@link Templates#IGNORED}), what it cannot run
   */
  public RuleOptions(KatibConfig installed, KatibConfig services, boolean cluster,
      Function<ConfigMapSource, Optional<String>> configMaps, Templates templates, boolean localEngine) {
    this.installed = installed;
    this.services = services;
    this.cluster = cluster;
    this.configMaps = configMaps;
    this.templates = templates;
    this.localEngine = localEngine;
  }
}
