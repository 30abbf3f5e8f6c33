package io.github.katib4j.search.internal.gp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.search.internal.TestFunctions;
import io.github.katib4j.search.internal.numeric.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class BayesianOptimizerTest {
  private static SearchSpace unitBox(int d) {
    List<Dimension> dims = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      dims.add(Dimension.real(0, 1));
    }
    return SearchSpace.of(dims);
  }

  private static double minimize(BayesianOptimizer bo, ToDoubleFunction<double[]> f, int budget) {
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < budget; i++) {
      double[] x = bo.ask();
      double y = f.applyAsDouble(x);
      best = Math.min(best, y);
      bo.tell(x, y);
    }
    return best;
  }

  private static double randomSearch(int d, ToDoubleFunction<double[]> f, int budget, long seed) {
    Rng rng = Rng.of(seed);
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < budget; i++) {
      double[] x = new double[d];
      for (int j = 0; j < d; j++) {
        x[j] = rng.nextDouble();
      }
      best = Math.min(best, f.applyAsDouble(x));
    }
    return best;
  }

  @Test
  void minimize_branin40_beatsRandomSearchAndGetsCloseToTheOptimum() {
    BayesianOptimizer bo = BayesianOptimizer.builder(unitBox(2)).seed(0).build();

    double best = minimize(bo, TestFunctions::braninUnit, 40);

    assertThat(best).isLessThan(TestFunctions.BRANIN_MINIMUM + 0.05);
    assertThat(best).isLessThan(randomSearch(2, TestFunctions::braninUnit, 40, 0));
  }

  @Test
  void minimize_hartmann6_40_beatsRandomSearchByAWideMargin() {
    BayesianOptimizer bo = BayesianOptimizer.builder(unitBox(6)).seed(0).build();

    double best = minimize(bo, TestFunctions::hartmann6, 40);

    assertThat(best).isLessThan(-2.7);
    assertThat(best).isLessThan(randomSearch(6, TestFunctions::hartmann6, 40, 0) - 0.5);
  }

  @Test
  void ask_sameSeedAndHistory_givesTheSameSuggestions() {
    BayesianOptimizer a = BayesianOptimizer.builder(unitBox(2)).seed(5).initialPoints(4).build();
    BayesianOptimizer b = BayesianOptimizer.builder(unitBox(2)).seed(5).initialPoints(4).build();
    BayesianOptimizer other = BayesianOptimizer.builder(unitBox(2)).seed(6).initialPoints(4).build();

    for (int i = 0; i < 8; i++) {
      double[] x = a.ask();
      assertThat(b.ask()).containsExactly(x);
      a.tell(x, TestFunctions.braninUnit(x));
      b.tell(x, TestFunctions.braninUnit(x));
    }
    assertThat(other.ask()).isNotEqualTo(BayesianOptimizer.builder(unitBox(2)).seed(5).build().ask());
  }

  @Test
  void ask_freshInstanceToldTheJournal_suggestsWhatTheLiveRunWould() {
    BayesianOptimizer live = BayesianOptimizer.builder(unitBox(3)).seed(7).initialPoints(5).build();
    List<double[]> pending = new ArrayList<>();
    List<double[]> journalX = new ArrayList<>();
    List<Double> journalY = new ArrayList<>();
    int failures = 0;
    Rng order = Rng.of(70);
    for (int step = 0; step < 16; step++) {
      while (pending.size() < 3) {
        pending.add(live.ask(pending));
      }
      double[] done = pending.remove(order.nextInt(pending.size()));
      if (step % 7 == 3) {
        live.tellFailure();
        failures++;
      } else {
        double y = TestFunctions.hartmann6(new double[] {done[0], done[1], done[2], 0.3, 0.3, 0.6});
        live.tell(done, y);
        journalX.add(done);
        journalY.add(y);
      }
    }

    BayesianOptimizer replayed = BayesianOptimizer.builder(unitBox(3)).seed(7).initialPoints(5).build();
    for (int i = 0; i < journalX.size(); i++) {
      replayed.tell(journalX.get(i), journalY.get(i));
    }
    for (int i = 0; i < failures; i++) {
      replayed.tellFailure();
    }

    assertThat(replayed.observations()).isEqualTo(live.observations());
    assertThat(replayed.ask(pending)).containsExactly(live.ask(pending));
    assertThat(replayed.ask(2, List.of())).containsExactlyElementsOf(live.ask(2, List.of()));
  }

  @Test
  void ask_initialPhase_drawsByIndexSoPendingPointsAreNotRepeated() {
    BayesianOptimizer a = BayesianOptimizer.builder(unitBox(2)).seed(8).build();
    BayesianOptimizer b = BayesianOptimizer.builder(unitBox(2)).seed(8).build();

    List<double[]> batch = a.ask(3, List.of());
    double[] first = b.ask();
    double[] second = b.ask(List.of(first));
    b.tellFailure();
    double[] third = b.ask(List.of(first));

    assertThat(batch.get(0)).containsExactly(first);
    assertThat(batch.get(1)).containsExactly(second);
    assertThat(batch.get(2)).containsExactly(third);
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void ask_batchAfterTheInitialPhase_spreadsThePointsOut() {
    BayesianOptimizer bo = BayesianOptimizer.builder(unitBox(2)).seed(9).initialPoints(8).build();
    minimize(bo, TestFunctions::braninUnit, 12);

    List<double[]> batch = bo.ask(4, List.of());

    for (int i = 0; i < batch.size(); i++) {
      for (int j = i + 1; j < batch.size(); j++) {
        double distance = Math.hypot(batch.get(i)[0] - batch.get(j)[0], batch.get(i)[1] - batch.get(j)[1]);
        assertThat(distance).as("distance between suggestions %d and %d", i, j).isGreaterThan(1e-3);
      }
    }
  }

  @Test
  void minimize_mixedSpace_findsTheRightCategoryAndInteger() {
    SearchSpace space = SearchSpace.of(Dimension.logReal(1e-5, 1e-1), Dimension.integer(1, 8),
        Dimension.categorical(3));
    ToDoubleFunction<double[]> f = p -> Math.pow(Math.log10(p[0]) + 2.5, 2) + 0.3 * Math.pow(p[1] - 4, 2)
        + (p[2] == 1 ? 0 : 2);
    BayesianOptimizer bo = BayesianOptimizer.builder(space).seed(10).build();

    double[] best = null;
    double bestValue = Double.POSITIVE_INFINITY;
    for (int i = 0; i < 30; i++) {
      double[] x = bo.ask();
      assertThat(x[0]).isBetween(1e-5, 1e-1);
      assertThat(x[1]).isBetween(1.0, 8.0).isEqualTo(Math.rint(x[1]));
      assertThat(x[2]).isIn(0.0, 1.0, 2.0);
      double y = f.applyAsDouble(x);
      if (y < bestValue) {
        bestValue = y;
        best = x;
      }
      bo.tell(x, y);
    }

    assertThat(best[2]).isEqualTo(1.0);
    assertThat(best[1]).isEqualTo(4.0);
    assertThat(bestValue).isLessThan(0.1);
  }

  @Test
  void lbfgs_withFewSamples_refinesFarBeyondSampling() {
    ToDoubleFunction<double[]> bowl = p -> Math.pow(p[0] - 0.1234, 2) + Math.pow(p[1] - 0.8765, 2);
    BayesianOptimizer.Builder builder = BayesianOptimizer.builder(unitBox(2)).seed(11).samplingPoints(20)
        .acquisition(Acquisition.EI);

    double withLbfgs = minimize(builder.acquisitionOptimizer(AcquisitionOptimizer.LBFGS).build(), bowl, 25);
    double withSampling = minimize(builder.acquisitionOptimizer(AcquisitionOptimizer.SAMPLING).build(), bowl, 25);

    assertThat(withLbfgs).isLessThan(1e-4);
    assertThat(withLbfgs).isLessThan(withSampling / 10);
  }

  @ParameterizedTest
  @CsvSource({"EI_PER_SECOND, EI", "PI_PER_SECOND, PI"})
  void perSecond_withTimesGrowingAlongAnIrrelevantAxis_staysOnTheCheapSide(Acquisition perSecond, Acquisition plain) {
    double cheap = meanOfFirstCoordinate(perSecond);
    double unaware = meanOfFirstCoordinate(plain);

    assertThat(cheap).isLessThan(0.15);
    assertThat(cheap).isLessThan(unaware - 0.3);
  }

  /** Mean x0 of the model-based suggestions when x0 does not matter but evaluating costs exp(20 x0) seconds. */
  private static double meanOfFirstCoordinate(Acquisition acquisition) {
    BayesianOptimizer bo = BayesianOptimizer.builder(unitBox(2)).seed(12).acquisition(acquisition).build();
    Rng noise = Rng.of(12);
    double sum = 0;
    for (int i = 0; i < 30; i++) {
      double[] x = bo.ask();
      if (i >= 10) {
        sum += x[0];
      }
      bo.tell(x, Math.sin(6 * x[1]) + 0.2 * noise.nextGaussian(), Math.exp(20 * x[0]));
    }
    return sum / 20;
  }

  static Stream<Arguments> everySetting() {
    List<Arguments> all = new ArrayList<>();
    for (Estimator estimator : Estimator.values()) {
      for (Acquisition acquisition : Acquisition.values()) {
        for (AcquisitionOptimizer optimizer : AcquisitionOptimizer.values()) {
          all.add(Arguments.of(estimator, acquisition, optimizer));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("everySetting")
  void ask_everyKatibSetting_suggestsValidPointsBetterThanTheRandomStart(Estimator estimator,
      Acquisition acquisition, AcquisitionOptimizer optimizer) {
    SearchSpace space = SearchSpace.of(Dimension.real(0, 1), Dimension.integer(0, 10), Dimension.categorical(2));
    ToDoubleFunction<double[]> f = p -> Math.pow(p[0] - 0.3, 2) + Math.pow(p[1] - 7, 2) / 10 + p[2];
    BayesianOptimizer bo = BayesianOptimizer.builder(space).estimator(estimator).acquisition(acquisition)
        .acquisitionOptimizer(optimizer).initialPoints(5).samplingPoints(300).seed(13).build();

    double randomStart = 0;
    double modelBased = 0;
    for (int i = 0; i < 17; i++) {
      double[] x = i == 12 ? bo.ask(2, List.of()).get(1) : bo.ask();
      assertThat(x[0]).isBetween(0.0, 1.0);
      assertThat(x[1]).isBetween(0.0, 10.0).isEqualTo(Math.rint(x[1]));
      assertThat(x[2]).isIn(0.0, 1.0);
      double y = f.applyAsDouble(x);
      if (i < 5) {
        randomStart += y / 5;
      } else if (i >= 9) {
        modelBased += y / 8;
      }
      bo.tell(x, y, 1 + x[0]);
    }

    assertThat(modelBased).isLessThan(randomStart);
  }

  @Test
  void tell_nonFiniteValue_isCountedAsAFailure() {
    BayesianOptimizer bo = BayesianOptimizer.builder(unitBox(1)).build();

    assertThat(bo.tell(new double[] {0.5}, Double.NaN)).isFalse();
    assertThat(bo.tell(new double[] {0.5}, Double.POSITIVE_INFINITY)).isFalse();
    assertThat(bo.observations()).isZero();
    assertThat(bo.ask()).isNotEqualTo(BayesianOptimizer.builder(unitBox(1)).build().ask());
  }

  @Test
  void ask_noInitialPointsAndNoData_fallsBackToARandomPointThenUsesTheModel() {
    BayesianOptimizer bo = BayesianOptimizer.builder(unitBox(2)).initialPoints(0).seed(14).build();

    double best = minimize(bo, TestFunctions::braninUnit, 15);

    assertThat(best).isLessThan(5);
  }

  @Test
  void builder_badSettings_areRejectedWithTheValue() {
    SearchSpace space = unitBox(1);
    assertThatThrownBy(() -> BayesianOptimizer.builder(space).initialPoints(-1)).hasMessageContaining("got -1");
    assertThatThrownBy(() -> BayesianOptimizer.builder(space).samplingPoints(0)).hasMessageContaining("got 0");
    assertThatThrownBy(() -> BayesianOptimizer.builder(space).lbfgsStarts(0)).hasMessageContaining("got 0");
  }
}
