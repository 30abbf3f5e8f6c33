package io.github.katib4j.cli;

import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.ConfigMapSource;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.validation.ExperimentValidator;
import io.github.katib4j.validation.KatibConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    if (configMaps.isEmpty()) {
      return validator;
    }
    List<Unstructured> manifests = new ArrayList<>();
    for (Path file : configMaps) {
      manifests.add(Unstructured.read(file));
    }
    return validator.withConfigMaps(source -> templateText(manifests, source));
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
      return KatibConfig.parse((String) content);
    }
    return KatibConfig.parse(parsed.toJson());
  }

  private static Optional<String> templateText(List<Unstructured> manifests, ConfigMapSource source) {
    for (Unstructured manifest : manifests) {
      Map<String, Object> map = manifest.toMap();
      Object metadata = map.get("metadata");
      Object data = map.get("data");
      if (!(metadata instanceof Map) || !(data instanceof Map)) {
        continue;
      }
      Object name = ((Map<?, ?>) metadata).get("name");
      Object namespace = ((Map<?, ?>) metadata).get("namespace");
      boolean sameNamespace = namespace == null || namespace.equals(source.configMapNamespace());
      Object text = ((Map<?, ?>) data).get(source.templatePath());
      if (source.configMapName().equals(name) && sameNamespace && text instanceof String) {
        return Optional.of((String) text);
      }
    }
    return Optional.empty();
  }
}
