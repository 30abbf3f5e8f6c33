package io.github.katib4j.cli;

import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.KatibObject;

/** How a command prints Katib objects: {@code -o yaml} (default) or {@code -o json}. */
enum OutputFormat {
  yaml,
  json;

  String write(KatibObject object) {
    KatibCodec codec = KatibCodec.create();
    return this == json ? codec.toJson(object) : codec.toYaml(object);
  }
}
