package io.github.katib4j.search.internal.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reference values computed with mpmath at 40 digits. */
class NormalTest {
  @ParameterizedTest
  @CsvSource({
      "0, 0.5",
      "1.96, 0.97500210485177956379",
      "-1, 0.15865525393145705141",
      "3, 0.99865010196836990547",
      "-5, 2.8665157187919391167e-7",
      "-10, 7.619853024160526066e-24"})
  void cdf_matchesReference(double z, double expected) {
    assertThat(Normal.cdf(z)).isCloseTo(expected, withPercentage(1e-11));
  }

  @ParameterizedTest
  @CsvSource({
      "-1, -1.8410216450092635058",
      "-5, -15.064998393988725736",
      "-10, -53.231285150512470578",
      "-40, -804.60844201375378817",
      "-100, -5005.5242086942050886"})
  void logCdf_deepInTheTail_staysAccurate(double z, double expected) {
    assertThat(Normal.logCdf(z)).isCloseTo(expected, withPercentage(1e-11));
  }

  @ParameterizedTest
  @CsvSource({
      "1, 0.080026218849306940029",
      "0, -0.91893853320467274178",
      "-0.5, -1.6205162643873199193",
      "-2, -4.7687835239171141569",
      "-8, -37.122364261692633",
      "-20, -206.91783850942509785",
      "-30, -457.72465376059800405",
      "-60, -1809.1084601822721794"})
  void logExpectedImprovementFactor_matchesReferenceWhereTheDirectFormCancels(double z, double expected) {
    assertThat(Normal.logExpectedImprovementFactor(z)).isCloseTo(expected, withPercentage(1e-9));
  }

  @ParameterizedTest
  @CsvSource({
      "0.3, 0.73459933456765514992",
      "1.4, 0.33874354067973464855",
      "1.6, 0.30595299227094105021",
      "3, 0.17900115118138995042",
      "10, 0.056140992743822585858",
      "30, 0.018795888861416751497"})
  void erfcx_onBothSidesOfTheSeriesSwitch_matchesReference(double x, double expected) {
    assertThat(Normal.erfcx(x)).isCloseTo(expected, withPercentage(1e-12));
  }

  @ParameterizedTest
  @CsvSource({
      "1e-6, -4.7534243088228989573",
      "0.01, -2.3263478740408410931",
      "0.16, -0.99445788320975315405",
      "0.5, 0",
      "0.84, 0.99445788320975303998"})
  void quantile_invertsTheCdf(double p, double expected) {
    assertThat(Normal.quantile(p)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void quantile_outsideTheOpenUnitInterval_isRejected() {
    assertThatThrownBy(() -> Normal.quantile(1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(0, 1)");
  }

  @Test
  void erfcx_chebyshevSeries_agreesWithTheContinuedFractionEverywhere() {
    double worst = 0;
    for (double x = 0; x < 60; x += 0.0137) {
      worst = Math.max(worst, Math.abs(Normal.erfcx(x) / Normal.erfcxAccurate(x) - 1));
    }
    for (double x : new double[] {1e3, 1e5, 9.99e6, 2e7, 1e12}) {
      worst = Math.max(worst, Math.abs(Normal.erfcx(x) / Normal.erfcxAccurate(x) - 1));
    }

    assertThat(worst).isLessThan(5e-14);
  }

  @Test
  void pdf_atZero_isOneOverRootTwoPi() {
    assertThat(Normal.pdf(0)).isCloseTo(1 / Math.sqrt(2 * Math.PI), within(1e-16));
  }
}
