package io.github.katib4j.codec;

import io.github.katib4j.SourcePosition;
import io.github.katib4j.experiment.Unstructured;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An object of another kind in a file of Katib objects, such as the ConfigMap that holds an experiment's trial
 * template, bundled with it for {@code kubectl apply -f}. Readers of Katib objects skip such objects; see
 * {@link KatibCodec#otherObjects(String, String, Class)}.
 */
public final class OtherObject {
  private final String source;
  private final String apiVersion;
  private final String kind;
  private final String name;
  private final SourcePosition position;
  private final Unstructured object;

  private OtherObject(String source, String apiVersion, String kind, String name, SourcePosition position,
      Unstructured object) {
    this.source = Objects.requireNonNull(source, "source");
    this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.name = Objects.requireNonNull(name, "name");
    this.position = position;
    this.object = Objects.requireNonNull(object, "object");
  }

  /**
   * An object read from {@code source}.
   *
   * @param position where its {@code kind} is written, or null when not read from text
   */
  public static OtherObject of(String source, Unstructured object, SourcePosition position) {
    Object metadata = object.toMap().get("metadata");
    Object name = metadata instanceof Map ? ((Map<?, ?>) metadata).get("name") : null;
    return new OtherObject(source, object.apiVersion(), object.kind(), name instanceof String ? (String) name : "",
        position, object);
  }

  /** The document it was read from, such as {@code bundle.yaml (document 2)}. */
  public String source() {
    return source;
  }

  /** Its {@code apiVersion}, such as {@code v1}; empty when it has none. */
  public String apiVersion() {
    return apiVersion;
  }

  /** Its {@code kind}, such as {@code ConfigMap}. */
  public String kind() {
    return kind;
  }

  /** Its {@code metadata.name}; empty when it has none. */
  public String name() {
    return name;
  }

  /** Where its {@code kind} is written in the text. */
  public Optional<SourcePosition> position() {
    return Optional.ofNullable(position);
  }

  /** The object as written. */
  public Unstructured object() {
    return object;
  }

  /** {@code ConfigMap "cm" (v1) in bundle.yaml (document 2), line 9}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(kind);
    if (!name.isEmpty()) {
      text.append(" \"").append(name).append('"');
    }
    if (!apiVersion.isEmpty()) {
      text.append(" (").append(apiVersion).append(')');
    }
    text.append(" in ").append(source);
    position().ifPresent(p -> text.append(", line ").append(p.line()));
    return text.toString();
  }
}
