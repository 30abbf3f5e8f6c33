package io.github.katib4j.cli;

import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.KatibObject;
import java.util.List;

/** How a command prints Katib objects: {@code -o yaml} (default) or {@code -o json}. */
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

  /** What a command that lists objects prints, however many: one kubectl-style List, as {@code kubectl get}. */
  String writeList(List<? extends KatibObject> objects) {
    KatibCodec codec = KatibCodec.create();
    return this == yaml ? codec.toYamlList(objects) : codec.toJsonList(objects) + "\n";
  }
}
