package io.github.katib4j.cli;

import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.template.ConfigMapLookup;
import io.github.katib4j.validation.ExperimentValidator;
import io.github.katib4j.validation.KatibConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options shared by commands that check an experiment the way a cluster would: the cluster's Katib configuration, the
 * ConfigMaps that hold trial templates, and whether the experiment is meant for the local engine.
 */
final class ClusterContext {
  @Option(names = "--katib-config", paramLabel = "FILE",
      description = "The cluster's katib-config: the ConfigMap manifest or its katib-config.yaml content "
          + "(default: Katib v0.19.0's default configuration).")
  Path katibConfig;

  @Option(names = "--configmap", paramLabel = "FILE",
      description = "A ConfigMap manifest holding trial templates that experiments refer to; repeatable.")
  List<Path> configMaps = new ArrayList<>();

  @Option(names = "--local",
      description = "Check for the local engine, which escapes values in templates, instead of for a cluster.")
  boolean local;

  ExperimentValidator validator() {
    ExperimentValidator validator = local ? ExperimentValidator.forLocalRuns()
        : katibConfig == null ? ExperimentValidator.create() : ExperimentValidator.create(readKatibConfig());
    return configMaps.isEmpty() ? validator : validator.withConfigMaps(configMapLookup()::template);
  }

  /** The ConfigMaps given with {@code --configmap}. */
  ConfigMapLookup configMapLookup() {
    ConfigMapLookup lookup = ConfigMapLookup.none();
    for (Path file : configMaps) {
      lookup = ConfigMapLookup.fromManifest(file).orElse(lookup);
    }
    return lookup;
  }

  private KatibConfig readKatibConfig() {
    Unstructured parsed = Unstructured.read(katibConfig);
    if (parsed.kind().equals("ConfigMap")) {
      Object data = parsed.toMap().get("data");
      Object content = data instanceof Map ? ((Map<?, ?>) data).get("katib-config.yaml") : null;
      if (!(content instanceof String)) {
        throw new KatibException(katibConfig + " is a ConfigMap without data[\"katib-config.yaml\"]; pass the "
            + "katib-config ConfigMap from Katib's namespace");
      }
      return KatibConfig.parse((String) content, katibConfig + " data[\"katib-config.yaml\"]");
    }
    return KatibConfig.parse(parsed.toJson(), katibConfig.toString());
  }
}
