package io.github.katib4j.experiment;

import java.util.List;
import java.util.Optional;

/** Lookups shared by the three status types, whose conditions are lists keyed by type. */
final class Conditions {
  private Conditions() {}

  static Optional<Condition> find(List<Condition> conditions, WireValue type) {
    return conditions.stream().filter(c -> c.type().equals(type.wireName())).findFirst();
  }

  static boolean isTrue(List<Condition> conditions, WireValue type) {
    return conditions.stream().anyMatch(c -> c.isTrue(type));
  }

  static Optional<Condition> last(List<Condition> conditions) {
    return conditions.isEmpty() ? Optional.empty() : Optional.of(conditions.get(conditions.size() - 1));
  }
}
