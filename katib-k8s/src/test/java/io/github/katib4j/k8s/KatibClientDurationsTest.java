package io.github.katib4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.ExperimentNotFoundException;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.k8s.testing.NotFoundServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's durations, however long: one too long to count in nanoseconds ({@code ChronoUnit.FOREVER}) means no
 * limit, and one too short for OkHttp's milliseconds is one millisecond; neither throws a non-Katib exception.
 */
class KatibClientDurationsTest {
  @TempDir
  Path dir;

  @Test
  void settingsTooLongToCount_meanNoLimit() throws Exception {
    for (Duration setting : List.of(ChronoUnit.FOREVER.getDuration(), Duration.ofSeconds(Long.MAX_VALUE),
        Duration.ofDays(365L * 300), Duration.ofDays(30))) {
      try (NotFoundServer server = new NotFoundServer();
          KatibClient client = KatibClient.builder().kubeconfig(server.kubeconfig(dir)).requestTimeout(setting)
              .watchIdleTimeout(setting).safetyReadInterval(setting).stallWarning(setting).restartTimeout(setting)
              .retryPolicy(RetryPolicy.none().withInitialBackoff(Duration.ZERO).withMaxBackoff(setting)).build()) {
        ExperimentRef ref = ExperimentRef.of("team-a", "absent");

        assertThat(client.find(ref)).as(setting.toString()).isEmpty();
        // The server serves no Katib at all: the wait's watch gets 404 for the experiments' collection.
        assertThatThrownBy(() -> client.awaitCompletion(ref, ChronoUnit.FOREVER.getDuration())).as(setting.toString())
            .isInstanceOf(KatibApiException.class).hasMessageContaining("HTTP 404");
      }
    }
  }

  @Test
  void settingsShorterThanAMillisecond_countAsOne() throws Exception {
    Duration nanosecond = Duration.ofNanos(1);
    try (NotFoundServer server = new NotFoundServer();
        KatibClient client = KatibClient.builder().kubeconfig(server.kubeconfig(dir)).watchIdleTimeout(nanosecond)
            .safetyReadInterval(nanosecond).build()) {
      // Whichever sees the 404 first: the watch, for the experiments' collection, or a safety read, for the experiment.
      assertThatThrownBy(() -> client.awaitCompletion(ExperimentRef.of("team-a", "absent"), Duration.ofSeconds(5)))
          .isInstanceOfAny(KatibApiException.class, ExperimentNotFoundException.class);
    }
  }
}
