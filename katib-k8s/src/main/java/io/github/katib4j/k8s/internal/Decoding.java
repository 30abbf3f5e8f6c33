package io.github.katib4j.k8s.internal;

import com.google.gson.JsonObject;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Suggestion;
import io.github.katib4j.experiment.Trial;
import java.time.Instant;
import java.util.Comparator;

/**
 * Katib objects from the API server, through katib-core's codec in lenient mode: a cluster running a newer Katib may
 * send fields this version does not know, and they must not make reading fail.
 */
public final class Decoding {
  private static final KatibCodec CODEC = KatibCodec.create().lenient();

  /** Trials in creation order: by creation time (whole seconds on the API server), then by name. */
  public static final Comparator<Trial> CREATION_ORDER = Comparator
      .comparing((Trial t) -> t.metadata().creationTimestamp().orElse(Instant.MAX))
      .thenComparing(Trial::name);

  private Decoding() {}

  public static Experiment experiment(JsonObject json) {
    return CODEC.fromJsonObject(json, Experiment.class);
  }

  public static Trial trial(JsonObject json) {
    return CODEC.fromJsonObject(json, Trial.class);
  }

  public static Suggestion suggestion(JsonObject json) {
    return CODEC.fromJsonObject(json, Suggestion.class);
  }
}
