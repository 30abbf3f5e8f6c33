package io.github.katib4j.internal.local;

import io.github.katib4j.experiment.Condition;
import io.github.katib4j.experiment.ConditionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Conditions kept as Katib's {@code setCondition} keeps them: the same status and reason is a no-op, a new reason with
 * the same status keeps {@code lastTransitionTime}, and a changed condition moves to the end of the list.
 */
final class ConditionList {
  private final List<Condition> conditions = new ArrayList<>();
  private long version;

  List<Condition> asList() {
    return List.copyOf(conditions);
  }

  Optional<Condition> get(String type) {
    // A loop, not a stream: the coordinator asks this several times per trial.
    for (Condition condition : conditions) {
      if (condition.type().equals(type)) {
        return Optional.of(condition);
      }
    }
    return Optional.empty();
  }

  boolean isTrue(String type) {
    return get(type).map(c -> c.status() == ConditionStatus.TRUE).orElse(false);
  }

  /** Returns whether anything changed. */
  boolean set(String type, ConditionStatus status, String reason, String message, Instant now) {
    Optional<Condition> current = get(type);
    if (current.isPresent() && current.get().status() == status && current.get().reason().equals(reason)) {
      return false;
    }
    Instant transition = current.filter(c -> c.status() == status).flatMap(Condition::lastTransitionTime).orElse(now);
    conditions.removeIf(c -> c.type().equals(type));
    version++;
    conditions.add(Condition.builder().type(type).status(status).reason(reason).message(message)
        .lastUpdateTime(now).lastTransitionTime(transition).build());
    return true;
  }

  void remove(String type) {
    if (conditions.removeIf(c -> c.type().equals(type))) {
      version++;
    }
  }

  /** Restores conditions read back from a journal, in their order. */
  void restore(List<Condition> restored) {
    conditions.clear();
    conditions.addAll(restored);
    version++;
  }

  /** A number that changes whenever the conditions do, to tell cheaply whether they changed since a moment. */
  long version() {
    return version;
  }
}
