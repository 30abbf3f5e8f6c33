package io.github.katib4j.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordsTest {
  @Test
  void times_areWrittenToTheNanosecond_asInstantToStringWritesThem_andReadBack() {
    Random random = new Random(7);
    long second = Instant.parse("2026-11-23T03:56:16Z").getEpochSecond();
    for (int i = 0; i < 10_000; i++) {
      int nanos = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1000;
        default -> random.nextInt(1_000_000_000);
      };
      // Seconds repeat, as records of one second share the cached text up to it.
      Instant time = Instant.ofEpochSecond(second + random.nextInt(3), nanos);

      String text = Records.of("test", time).text();

      assertThat(text).isEqualTo("{\"record\":\"test\",\"time\":\"" + time + "\"}");
      assertThat(Instant.parse(time.toString())).isEqualTo(time);
    }
  }
}
