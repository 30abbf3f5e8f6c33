package io.github.katib4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
}
