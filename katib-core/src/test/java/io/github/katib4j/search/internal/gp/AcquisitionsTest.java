package io.github.katib4j.search.internal.gp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.katib4j.search.internal.numeric.Normal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AcquisitionsTest {
  private final Acquisitions plain = new Acquisitions(new Acquisitions.Settings(0.01, 1.96), 1.0);

  /** Expected improvement below {@code best}, written out: (best - xi - mu) Phi(z) + sigma phi(z). */
  private static double expectedImprovement(double mean, double std, double best, double xi) {
    double improvement = best - xi - mean;
    double z = improvement / std;
    return improvement * Normal.cdf(z) + std * Normal.pdf(z);
  }

  @Test
  void ei_isTheLogOfTheClosedForm() {
    for (double[] c : new double[][] {{0, 1, 0}, {0.5, 0.2, 0.4}, {-1, 3, 0}, {2, 0.5, 1}}) {
      assertThat(plain.score(Acquisition.EI, c[0], c[1], c[2]))
          .isCloseTo(Math.log(expectedImprovement(c[0], c[1], c[2], 0.01)), within(1e-12));
    }
  }

  @Test
  void ei_farBelowTheIncumbent_keepsAFiniteOrderWhereThePlainValueIsZero() {
    double closer = plain.score(Acquisition.EI, 40, 1, 0);
    double farther = plain.score(Acquisition.EI, 50, 1, 0);

    assertThat(expectedImprovement(40, 1, 0, 0.01)).isZero();
    assertThat(closer).isFinite().isGreaterThan(farther);
    assertThat(farther).isFinite();
  }

  @Test
  void ei_atEqualMeanAboveTheIncumbent_prefersMoreUncertainty() {
    assertThat(plain.score(Acquisition.EI, 1, 2, 0)).isGreaterThan(plain.score(Acquisition.EI, 1, 1, 0));
  }

  @Test
  void pi_isTheLogOfTheNormalCdf() {
    assertThat(plain.score(Acquisition.PI, 0.3, 0.5, 0.4))
        .isCloseTo(Math.log(Normal.cdf((0.4 - 0.01 - 0.3) / 0.5)), within(1e-12));
  }

  @Test
  void pi_atEqualMeanBelowTheIncumbent_prefersCertainty() {
    assertThat(plain.score(Acquisition.PI, -1, 0.5, 0)).isGreaterThan(plain.score(Acquisition.PI, -1, 2, 0));
  }

  @Test
  void lcb_isKappaStdMinusMean() {
    assertThat(plain.score(Acquisition.LCB, 0.3, 0.5, 99)).isCloseTo(1.96 * 0.5 - 0.3, within(1e-15));
  }

  @Test
  void xi_isMeasuredInOutputStandardDeviations() {
    Acquisitions scaled = new Acquisitions(new Acquisitions.Settings(0.01, 1.96), 10.0);

    assertThat(scaled.score(Acquisition.PI, 0.3, 0.5, 0.4))
        .isCloseTo(Math.log(Normal.cdf((0.4 - 0.1 - 0.3) / 0.5)), within(1e-12));
  }

  @ParameterizedTest
  @EnumSource(value = Acquisition.class, names = {"EI", "PI", "LCB"})
  void scoreWithDerivatives_matchesFiniteDifferences(Acquisition acquisition) {
    double[][] cases = {{0.2, 0.7, 0.5}, {3, 0.4, 0}, {-2, 1.5, 0}, {9, 0.3, 0}};
    for (double[] c : cases) {
      double[] d = new double[2];
      double value = plain.scoreWithDerivatives(acquisition, c[0], c[1], c[2], d);
      double h = 1e-6;

      assertThat(value).isCloseTo(plain.score(acquisition, c[0], c[1], c[2]), within(1e-12));
      assertThat(d[0]).isCloseTo((plain.score(acquisition, c[0] + h, c[1], c[2])
          - plain.score(acquisition, c[0] - h, c[1], c[2])) / (2 * h), within(1e-5 * Math.max(1, Math.abs(d[0]))));
      assertThat(d[1]).isCloseTo((plain.score(acquisition, c[0], c[1] + h, c[2])
          - plain.score(acquisition, c[0], c[1] - h, c[2])) / (2 * h), within(1e-5 * Math.max(1, Math.abs(d[1]))));
    }
  }
}
