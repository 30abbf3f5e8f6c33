package io.github.katib4j.k8s.internal;

import com.google.gson.JsonObject;
import io.github.katib4j.KatibParseException;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.KatibObject;
import io.github.katib4j.experiment.Suggestion;
import io.github.katib4j.experiment.Trial;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * Katib objects from the API server, through katib-core's codec in lenient mode: a cluster running a newer Katib may
 * send fields this version does not know, and they must not make reading fail.
 *
 * <p>Katib's CRDs have no schema, so the API server also stores what this version cannot represent at all: a value
 * outside one of Katib's closed sets that a newer Katib may add (a metrics collector kind, a metric strategy), or a
 * field of the wrong type written by hand. Such an object cannot be decoded into the typed model without inventing a
 * value. Reading it alone throws a {@link KatibParseException} that names the object, each field path and value, and
 * says where it may come from and how to see it as stored; a list leaves it out with a warning on the
 * {@code io.github.katib4j.k8s} logger (as watches do), so that one such object does not hide all the others.
 */
public final class Decoding {
  private static final KatibCodec CODEC = KatibCodec.create().lenient();
  private static final System.Logger LOG = System.getLogger("io.github.katib4j.k8s");

  /** Trials in creation order: by creation time (whole seconds on the API server), then by name. */
  public static final Comparator<Trial> CREATION_ORDER = Comparator
      .comparing((Trial t) -> t.metadata().creationTimestamp().orElse(Instant.MAX))
      .thenComparing(Trial::name);

  /** {@link #CREATION_ORDER} of objects as the API server sends them, before (or without) decoding. */
  public static final Comparator<JsonObject> STORED_CREATION_ORDER = Comparator
      .comparing(Decoding::creationTimestamp).thenComparing(Json::name);

  private Decoding() {}

  /** @throws KatibParseException when the object cannot be decoded; see the class comment */
  public static Experiment experiment(JsonObject json) {
    return decode(json, Experiment.class);
  }

  /** @throws KatibParseException when the object cannot be decoded; see the class comment */
  public static Trial trial(JsonObject json) {
    return decode(json, Trial.class);
  }

  /** @throws KatibParseException when the object cannot be decoded; see the class comment */
  public static Suggestion suggestion(JsonObject json) {
    return decode(json, Suggestion.class);
  }

  /**
   * The object decoded, or empty, with a warning naming it and why, when it cannot be: for lists, which go on
   * without it.
   *
   * @param listing what the list is, for the warning: "the experiments of namespace kubeflow"
   */
  public static <T extends KatibObject> Optional<T> readable(JsonObject json, Class<T> type, String listing) {
    try {
      return Optional.of(decode(json, type));
    } catch (KatibParseException e) {
      LOG.log(System.Logger.Level.WARNING, "Listing {0} without one that cannot be read: {1}", listing,
          e.getMessage());
      return Optional.empty();
    }
  }

  private static <T extends KatibObject> T decode(JsonObject json, Class<T> type) {
    try {
      return CODEC.fromJsonObject(json, type);
    } catch (KatibParseException e) {
      throw new KatibParseException(unreadable(json, type), e.problems(), false);
    }
  }

  /**
   * The subject of the exception for an object that cannot be decoded; {@link KatibParseException} adds
   * {@code " has 1 problem:"} and the problems.
   */
  private static String unreadable(JsonObject json, Class<? extends KatibObject> type) {
    JsonObject metadata = Json.object(json, "metadata");
    String name = Json.string(metadata, "name");
    String namespace = Json.string(metadata, "namespace");
    String kind = type.getSimpleName();
    String kubectl = "kubectl get " + kind.toLowerCase(Locale.ROOT) + " " + (name.isEmpty() ? "NAME" : name)
        + (namespace.isEmpty() ? "" : " -n " + namespace) + " -o yaml";
    return kind + " " + quoted(json) + " as stored on the cluster cannot be read by this katib4j, which knows Katib "
        + "v0.19.0's API: a newer Katib may have written it, or someone by hand, as Katib's CRDs let the API server "
        + "store any value; see it as stored with " + kubectl + ", then use a katib4j that knows these values or "
        + "correct the object. It";
  }

  private static String quoted(JsonObject json) {
    JsonObject metadata = Json.object(json, "metadata");
    String namespace = Json.string(metadata, "namespace");
    return "\"" + (namespace.isEmpty() ? "" : namespace + "/") + Json.string(metadata, "name") + "\"";
  }

  private static Instant creationTimestamp(JsonObject json) {
    String text = Json.string(Json.object(json, "metadata"), "creationTimestamp");
    try {
      return text.isEmpty() ? Instant.MAX : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return Instant.MAX;
    }
  }
}
