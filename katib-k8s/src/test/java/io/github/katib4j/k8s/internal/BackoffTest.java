package io.github.katib4j.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.k8s.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final RetryPolicy POLICY = RetryPolicy.defaults().withInitialBackoff(Duration.ofMillis(800))
      .withMaxBackoff(Duration.ofSeconds(30));

  @Test
  void cap_doublesFromTheInitialWaitUpToTheMaximum() {
    Backoff backoff = new Backoff(POLICY, new FakeTiming(0.5));

    assertThat(backoff.cap(0)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.cap(1)).isEqualTo(Duration.ofMillis(1600));
    assertThat(backoff.cap(5)).isEqualTo(Duration.ofMillis(25_600));
    assertThat(backoff.cap(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.cap(1000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void delay_isTheCapScaledByTheRandomDraw_fullJitter() {
    assertThat(new Backoff(POLICY, new FakeTiming(0.0)).delay(3)).isEqualTo(Duration.ZERO);
    assertThat(new Backoff(POLICY, new FakeTiming(0.5)).delay(3)).isEqualTo(Duration.ofMillis(3200));
    assertThat(new Backoff(POLICY, new FakeTiming(0.999)).delay(10)).isLessThan(Duration.ofSeconds(30))
        .isGreaterThan(Duration.ofSeconds(29));
  }
}
