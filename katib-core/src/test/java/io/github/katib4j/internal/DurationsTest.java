package io.github.katib4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void text_writesDurationsAsPeopleDo() {
    assertThat(Durations.text(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(Durations.text(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(Durations.text(Duration.ofMinutes(90))).isEqualTo("1h 30m");
    assertThat(Durations.text(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(Durations.text(Duration.ofSeconds(3661).plusMillis(5))).isEqualTo("1h 1m 1s");
  }

  @Test
  void saturated_countsDurationsTooLongForALong_asTheLongestOne() {
    assertThat(Durations.saturatedNanos(Duration.ofSeconds(3))).isEqualTo(3_000_000_000L);
    assertThat(Durations.saturatedNanos(ChronoUnit.FOREVER.getDuration())).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.saturatedNanos(Duration.ofDays(365L * 300))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.saturatedNanos(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    assertThat(Durations.saturatedMillis(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.saturatedMillis(Duration.ofMillis(1500))).isEqualTo(1500);
    assertThat(Durations.text(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE + "ms");
  }
}
