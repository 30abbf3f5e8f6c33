package io.github.katib4j.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
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

  /** YAML documents separated by {@code ---}, or one JSON object (a JSON list for several). */
  String writeAll(List<? extends KatibObject> objects) {
    KatibCodec codec = KatibCodec.create();
    if (this == yaml) {
      return objects.size() == 1 ? codec.toYaml(objects.get(0)) : codec.toYaml(objects);
    }
    if (objects.size() == 1) {
      return codec.toJson(objects.get(0)) + "\n";
    }
    JsonArray array = new JsonArray();
    objects.forEach(o -> array.add(codec.toJsonObject(o)));
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(array) + "\n";
  }
}
