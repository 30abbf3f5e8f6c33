package io.github.katib4j.search.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GaussianTest {
  @ParameterizedTest
  @CsvSource({
      "-30, 4.906713927148764e-198",
      "-10, 7.619853024160593e-24",
      "-7.5, 3.19089167291092e-14",
      "-5, 2.866515718791946e-07",
      "-3, 0.0013498980316300957",
      "-1, 0.15865525393145707",
      "0, 0.5",
      "1, 0.8413447460685429"})
  void cdf_matchesReferenceValuesToTwelveDigits(double x, double expected) {
    assertThat(Gaussian.cdf(x)).isCloseTo(expected, Percentage.withPercentage(1e-10));
    assertThat(Gaussian.logCdf(x)).isCloseTo(Math.log(expected), within(1e-10 * Math.abs(Math.log(expected))));
  }

  @Test
  void logCdf_farTail_staysFinite() {
    assertThat(Gaussian.logCdf(-40)).isCloseTo(-804.6084420137538, within(1e-9));
    assertThat(Gaussian.logMass(-1000, -999)).isFinite().isLessThan(-4e5);
    assertThat(Gaussian.logMass(30, 30.5)).isCloseTo(Math.log(Gaussian.cdf(-30)), within(1e-6));
    assertThat(Gaussian.logMass(-1, 1)).isCloseTo(Math.log(0.6826894921370859), within(1e-14));
  }

  @ParameterizedTest
  @CsvSource({"0.001, -3.090232306167813", "0.3, -0.5244005127080407", "0.5, 0", "0.975, 1.959963984540054",
      "1e-12, -7.034483825301132"})
  void quantile_invertsTheCdf(double p, double expected) {
    assertThat(Gaussian.quantile(p)).isCloseTo(expected, within(1e-9));
  }

  @Test
  void truncated_drawsStayInTheIntervalEvenInATail() {
    Rng rng = Rng.of(1);
    for (int i = 0; i < 1000; i++) {
      assertThat(Gaussian.truncated(0, 1, 6, 7, rng.nextDouble())).isBetween(6.0, 7.0);
      assertThat(Gaussian.truncated(5, 0.1, -1, 0, rng.nextDouble())).isBetween(-1.0, 0.0);
    }
    assertThat(Gaussian.truncated(3, 0, 0, 1, 0.5)).isEqualTo(1.0);
  }
}
