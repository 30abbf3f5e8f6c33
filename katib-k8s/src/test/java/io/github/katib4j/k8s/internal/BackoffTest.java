package io.github.katib4j.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.k8s.RetryPolicy;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
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

  @Test
  void backoffsTooLongToCount_capAtTheMaximum_withoutOverflowing() {
    Duration forever = ChronoUnit.FOREVER.getDuration();
    Backoff huge = new Backoff(RetryPolicy.defaults().withMaxBackoff(forever).withInitialBackoff(forever),
        new FakeTiming(0.5));

    assertThat(huge.cap(0)).isEqualTo(forever);
    assertThat(huge.cap(3)).isEqualTo(forever);
    assertThat(huge.delay(3)).isEqualTo(Duration.ofNanos((long) (Long.MAX_VALUE * 0.5)));
    Backoff doubling = new Backoff(RetryPolicy.defaults().withMaxBackoff(forever)
        .withInitialBackoff(Duration.ofSeconds(Long.MAX_VALUE / 4)), new FakeTiming(0.5));
    assertThat(doubling.cap(4)).isEqualTo(forever);
  }

  @Test
  void okHttpTimeout_isWholeMilliseconds_andNoneBeyondWhatOkHttpTakes() {
    assertThat(KubeApi.okHttpTimeout(Duration.ofMinutes(3))).isEqualTo(Duration.ofMinutes(3));
    assertThat(KubeApi.okHttpTimeout(Duration.ofNanos(1))).isEqualTo(Duration.ofMillis(1));
    assertThat(KubeApi.okHttpTimeout(Duration.ofDays(30))).isEqualTo(Duration.ZERO);
    assertThat(KubeApi.okHttpTimeout(ChronoUnit.FOREVER.getDuration())).isEqualTo(Duration.ZERO);
  }
}
