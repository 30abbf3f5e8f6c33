package io.github.katib4j.experiment;

import java.util.Optional;

/** A closed set of values whose Katib wire spelling differs from the Java constant name. */
public interface WireValue {
  /** The exact string Katib uses in JSON and YAML. */
  String wireName();

  /** The candidate spelled {@code wireName} on the wire, if any; the lookup behind each enum's {@code fromWireName}. */
  static <T extends WireValue> Optional<T> lookup(T[] candidates, String wireName) {
    for (T candidate : candidates) {
      if (candidate.wireName().equals(wireName)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
