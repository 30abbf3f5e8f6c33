package io.github.katib4j.template;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.codec.JsonTrees;
import java.util.Optional;
import org.immutables.value.Value;

/** An environment variable of a container: a literal {@code value}, or a {@code valueFrom} source kept verbatim. */
@Value.Immutable
public abstract class AbstractEnvVar {
  public abstract String name();

  public abstract Optional<String> value();

  /** A Kubernetes {@code EnvVarSource} ({@code fieldRef}, {@code secretKeyRef}, ...), kept verbatim. */
  public abstract Optional<Unstructured> valueFrom();

  /** {@code name=value}. */
  public static EnvVar of(String name, String value) {
    return EnvVar.builder().name(name).value(value).build();
  }

  /** A variable the Downward API fills from the pod, such as {@code metadata.labels['app']}. */
  public static EnvVar fromField(String name, String fieldPath) {
    return EnvVar.builder()
        .name(name)
        .valueFrom(Unstructured.parse("{\"fieldRef\":{\"fieldPath\":" + JsonTrees.compact(new JsonPrimitive(fieldPath))
            + "}}"))
        .build();
  }

  /** The Downward API field path of a {@code valueFrom.fieldRef}, if that is the source. */
  public Optional<String> fieldPath() {
    return valueFrom().flatMap(source -> {
      JsonElement ref = source.toJsonObject().get("fieldRef");
      return ref != null && ref.isJsonObject() ? JsonTrees.stringAt(ref.getAsJsonObject(), "fieldPath")
          : Optional.empty();
    });
  }
}
