package io.github.katib4j.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.search.Assignment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalTrialTest {
  /** An engine keeps every trial for its lifetime: a trial without labels (most) keeps no map of its own. */
  @Test
  void trialsWithoutLabels_shareOneEmptyMap() {
    LocalTrial first = new LocalTrial(0, "a", Assignment.of(List.of()), Map.of(), List.of(), Optional.empty(),
        Instant.EPOCH);
    LocalTrial second = new LocalTrial(1, "b", Assignment.of(List.of()), Map.of(), List.of(), Optional.empty(),
        Instant.EPOCH);
    LocalTrial labelled = new LocalTrial(2, "c", Assignment.of(List.of()), Map.of("pbt.suggestion.katib.kubeflow.org"
        + "/generation", "1"), List.of(), Optional.empty(), Instant.EPOCH);

    assertThat(first.labels).isSameAs(second.labels).isEmpty();
    assertThat(labelled.labels).containsOnlyKeys("pbt.suggestion.katib.kubeflow.org/generation");
  }
}
