package io.github.katib4j.cli;

import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.KatibObject;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.KubectlOutput;
import java.util.List;

/**
 * How a command prints Katib objects: {@code -o yaml} (default) or {@code -o json}; in Katib's form when katib4j made
 * them, or as {@code kubectl get -o} prints them when they come from a cluster.
 */
enum OutputFormat {
  yaml,
  json;

  String write(KatibObject object) {
    return writeAll(List.of(object));
  }

  /** YAML documents separated by {@code ---}, or one JSON object (a kubectl-style List for several). */
  String writeAll(List<? extends KatibObject> objects) {
    KatibCodec codec = KatibCodec.create();
    if (this == yaml) {
      return objects.size() == 1 ? codec.toYaml(objects.get(0)) : codec.toYaml(objects);
    }
    return (objects.size() == 1 ? codec.toJson(objects.get(0)) : codec.toJsonList(objects)) + "\n";
  }

  /**
   * An object as the API server returned it, as {@code kubectl get -o} prints it: every field, the numbers as sent,
   * without {@code metadata.managedFields}.
   */
  String writeStored(Unstructured object) {
    return this == yaml ? KubectlOutput.yaml(object) : KubectlOutput.json(object);
  }

  /** Objects as the API server returned them, in one kubectl-style List, as {@link #writeStored} prints one. */
  String writeStoredList(List<Unstructured> objects) {
    return this == yaml ? KubectlOutput.yamlList(objects) : KubectlOutput.jsonList(objects);
  }
}
