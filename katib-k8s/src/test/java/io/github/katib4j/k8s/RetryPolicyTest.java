package io.github.katib4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void defaults_areClientGosReflectorNumbers() {
    assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(10);
    assertThat(RetryPolicy.defaults().initialBackoff()).isEqualTo(Duration.ofMillis(800));
    assertThat(RetryPolicy.defaults().maxBackoff()).isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }

  @Test
  void with_returnsChangedCopiesAndLeavesTheOriginal() {
    RetryPolicy changed = RetryPolicy.defaults().withMaxAttempts(3).withMaxBackoff(Duration.ofSeconds(5));

    assertThat(changed.maxAttempts()).isEqualTo(3);
    assertThat(changed.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
    assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(10);
    assertThat(changed).isEqualTo(RetryPolicy.defaults().withMaxAttempts(3).withMaxBackoff(Duration.ofSeconds(5)));
  }

  @Test
  void withMaxAttempts_zero_isRefusedSayingTheFirstAttemptCounts() {
    assertThatThrownBy(() -> RetryPolicy.defaults().withMaxAttempts(0))
        .isInstanceOf(KatibException.class).hasMessageContaining("at least 1");
  }

  @Test
  void withMaxBackoff_belowTheInitialBackoff_isRefused() {
    assertThatThrownBy(() -> RetryPolicy.defaults().withMaxBackoff(Duration.ofMillis(100)))
        .isInstanceOf(KatibException.class).hasMessageContaining("initialBackoff <= maxBackoff");
  }
}
