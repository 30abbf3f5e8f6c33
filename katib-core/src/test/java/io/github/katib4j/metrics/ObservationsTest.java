package io.github.katib4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.Metric;
import io.github.katib4j.experiment.MetricStrategy;
import io.github.katib4j.experiment.MetricStrategyType;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObservationsTest {
  private static final Instant T0 = Instant.parse("2021-12-02T14:27:50Z");
  private static final Objective MIN_LOSS = Objective.minimize("loss").additionalMetrics("accuracy");

  @Test
  void of_katibsExample_minMaxLatestPerMetric() {
    List<MetricReport> log = List.of(at("loss", "0.5342", 0), at("accuracy", "0.8812", 0), at("loss", "0.2101", 1),
        at("accuracy", "0.9400", 1), at("loss", "0.2333", 2), at("accuracy", "0.9400", 2));

    Observation observation = Observations.of(log, MIN_LOSS).orElseThrow();

    assertThat(observation.metrics()).containsExactly(metric("loss", "0.2101", "0.5342", "0.2333"),
        metric("accuracy", "0.8812", "0.9400", "0.9400"));
    assertThat(Observations.objectiveValue(observation, MIN_LOSS)).contains("0.2101");
    assertThat(Observations.isAvailable(observation, MIN_LOSS)).isTrue();
  }

  @Test
  void of_noTimestamps_laterRecordIsLatest() {
    List<MetricReport> log = List.of(none("loss", "0.3"), none("loss", "0.1"), none("loss", "0.2"));

    assertThat(Observations.of(log, MIN_LOSS).orElseThrow().metric("loss"))
        .contains(metric("loss", "0.1", "0.3", "0.2"));
  }

  @Test
  void of_timestampsOutOfOrder_latestIsNewestNotLast() {
    List<MetricReport> log = List.of(at("loss", "0.3", 5), at("loss", "0.1", 1));

    assertThat(Observations.of(log, MIN_LOSS).orElseThrow().metric("loss").orElseThrow().latest()).isEqualTo("0.3");
  }

  @Test
  void of_timestampsWithinOneMicrosecond_tieLikeKatibsDatabaseAndTheLaterRecordWins() {
    List<MetricReport> log = List.of(MetricReport.of("loss", "0.3", T0.plusNanos(900)),
        MetricReport.of("loss", "0.1", T0.plusNanos(100)));

    assertThat(Observations.of(log, MIN_LOSS).orElseThrow().metric("loss").orElseThrow().latest()).isEqualTo("0.1");
  }

  @Test
  void of_equalNumbersWrittenDifferently_keepTheTextThatComesFirstInTimeOrder() {
    List<MetricReport> log = List.of(at("loss", "1.0", 2), at("loss", "1", 1), at("loss", "1e0", 3));

    assertThat(Observations.of(log, MIN_LOSS).orElseThrow().metric("loss"))
        .contains(metric("loss", "1", "1", "1e0"));
  }

  @Test
  void of_nonNumericValues_neverMinOrMaxButCanBeLatest() {
    List<MetricReport> log = List.of(none("loss", "0.5"), none("loss", "diverged"), none("accuracy", "n/a"));

    Observation observation = Observations.of(log, MIN_LOSS).orElseThrow();

    assertThat(observation.metrics()).containsExactly(metric("loss", "0.5", "0.5", "diverged"),
        metric("accuracy", Metric.UNAVAILABLE, Metric.UNAVAILABLE, "n/a"));
    assertThat(Observations.objectiveValue(observation, MIN_LOSS)).contains("0.5");
  }

  @Test
  void of_goSpecialNumbers_countAsNumbers() {
    List<MetricReport> log = List.of(none("loss", "0.5"), none("loss", "-Inf"), none("loss", "1e400"));

    assertThat(Observations.of(log, MIN_LOSS).orElseThrow().metric("loss"))
        .contains(metric("loss", "-Inf", "0.5", "1e400"));
  }

  @Test
  void of_nanFirst_freezesMinAndMaxAsInKatib() {
    List<MetricReport> log = List.of(none("loss", "NaN"), none("loss", "0.1"), none("loss", "5"));

    assertThat(Observations.of(log, MIN_LOSS).orElseThrow().metric("loss")).contains(metric("loss", "NaN", "NaN",
        "5"));
  }

  @Test
  void of_unavailableRecordFromTheCollector_leavesMetricsUnavailable() {
    List<MetricReport> log = List.of(none("loss", Metric.UNAVAILABLE));

    Observation observation = Observations.of(log, MIN_LOSS).orElseThrow();

    assertThat(observation.metrics()).containsExactly(
        metric("loss", Metric.UNAVAILABLE, Metric.UNAVAILABLE, Metric.UNAVAILABLE),
        metric("accuracy", Metric.UNAVAILABLE, Metric.UNAVAILABLE, Metric.UNAVAILABLE));
    assertThat(Observations.isAvailable(observation, MIN_LOSS)).isFalse();
    assertThat(Observations.objectiveValue(observation, MIN_LOSS)).isEmpty();
  }

  @Test
  void of_emptyLog_recordsNoObservation() {
    assertThat(Observations.of(List.of(), MIN_LOSS)).isEmpty();
  }

  @Test
  void of_metricsOutsideTheStrategies_areIgnored() {
    List<MetricReport> log = List.of(none("loss", "0.5"), none("lr", "0.01"));

    assertThat(Observations.of(log, MIN_LOSS).orElseThrow().metrics()).extracting(Metric::name)
        .containsExactly("loss", "accuracy");
  }

  @Test
  void objectiveValue_minUnavailable_fallsBackToLatest() {
    Observation observation = Observations.of(List.of(none("loss", "diverged")), MIN_LOSS).orElseThrow();

    assertThat(Observations.objectiveValue(observation, MIN_LOSS)).contains("diverged");
    assertThat(Observations.parseFloat("diverged")).isEmpty();
  }

  @Test
  void objectiveValue_latestStrategy_usesLatestEvenWhenMinIsLower() {
    Objective latest = MIN_LOSS.strategy("loss", MetricStrategyType.LATEST);
    Observation observation = Observations.of(List.of(at("loss", "0.1", 0), at("loss", "0.4", 1)), latest)
        .orElseThrow();

    assertThat(Observations.objectiveValue(observation, latest)).contains("0.4");
  }

  @Test
  void metricStrategies_defaultsFollowTheObjectiveTypeForEveryMetric() {
    assertThat(Observations.metricStrategies(MIN_LOSS)).containsExactly(
        MetricStrategy.of("loss", Optional.of(MetricStrategyType.MIN)),
        MetricStrategy.of("accuracy", Optional.of(MetricStrategyType.MIN)));
    Objective max = Objective.maximize("accuracy").additionalMetrics("loss")
        .strategy("loss", MetricStrategyType.LATEST);
    assertThat(Observations.metricStrategies(max)).containsExactly(
        MetricStrategy.of("loss", Optional.of(MetricStrategyType.LATEST)),
        MetricStrategy.of("accuracy", Optional.of(MetricStrategyType.MAX)));
  }

  private static MetricReport at(String name, String value, int seconds) {
    return MetricReport.of(name, value, T0.plusSeconds(seconds));
  }

  private static MetricReport none(String name, String value) {
    return MetricReport.of(name, value, MetricReport.NO_TIMESTAMP);
  }

  private static Metric metric(String name, String min, String max, String latest) {
    return Metric.builder().name(name).min(min).max(max).latest(latest).build();
  }
}
