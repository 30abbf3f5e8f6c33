package io.github.katib4j.search.internal.cmaes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.search.internal.numeric.Rng;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class CmaEsTest {
  private static final double[] SHIFT = {0.31, 0.72, 0.55, 0.18, 0.64};

  private static double sphere(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (x[i] - SHIFT[i]) * (x[i] - SHIFT[i]);
    }
    return s;
  }

  private static double ellipsoid(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double d = x[i] - SHIFT[i];
      s += Math.pow(1e6, i / (x.length - 1.0)) * d * d;
    }
    return s;
  }

  /** Rosenbrock on [-2, 2]^d, mapped from [0, 1]^d; its minimum 0 sits at u = 0.75. */
  private static double rosenbrock(double[] u) {
    double s = 0;
    for (int i = 0; i + 1 < u.length; i++) {
      double xi = 4 * u[i] - 2;
      double xj = 4 * u[i + 1] - 2;
      s += 100 * (xj - xi * xi) * (xj - xi * xi) + (1 - xi) * (1 - xi);
    }
    return s;
  }

  /** Runs a sequential ask/tell loop and returns the best value seen. */
  private static double minimize(CmaEs cma, ToDoubleFunction<double[]> f, int budget) {
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < budget; i++) {
      Candidate c = cma.ask();
      double value = f.applyAsDouble(c.x());
      best = Math.min(best, value);
      cma.tell(c.id(), value);
    }
    return best;
  }

  @Test
  void minimize_sphere5_convergesWithinTwoThousandEvaluations() {
    CmaEs cma = CmaEs.builder(5).seed(1).build();

    assertThat(minimize(cma, CmaEsTest::sphere, 2000)).isLessThan(1e-12);
    assertThat(cma.mean()).containsExactly(SHIFT, org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void minimize_ellipsoid5WithConditionOneMillion_convergesByLearningTheScales() {
    CmaEs cma = CmaEs.builder(5).seed(2).build();

    assertThat(minimize(cma, CmaEsTest::ellipsoid, 5000)).isLessThan(1e-10);
  }

  @Test
  void minimize_rosenbrock4_followsTheCurvedValley() {
    double best = Double.POSITIVE_INFINITY;
    for (int seed = 0; seed < 3; seed++) {
      best = Math.min(best, minimize(CmaEs.builder(4).seed(seed).build(), CmaEsTest::rosenbrock, 6000));
    }

    assertThat(best).isLessThan(1e-8);
  }

  @Test
  void ask_optimumOutsideTheBox_keepsEveryCandidateInsideAndReachesTheCorner() {
    CmaEs cma = CmaEs.builder(3).seed(3).sigma0(0.5).build();
    ToDoubleFunction<double[]> f = x -> Math.pow(x[0] - 1.5, 2) + Math.pow(x[1] + 0.5, 2) + Math.pow(x[2] - 0.5, 2);

    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < 1500; i++) {
      Candidate c = cma.ask();
      for (double xi : c.x()) {
        assertThat(xi).isBetween(0.0, 1.0);
      }
      double value = f.applyAsDouble(c.x());
      best = Math.min(best, value);
      cma.tell(c.id(), value);
    }

    assertThat(best).isLessThan(0.5 + 1e-4);
  }

  @Test
  void restart_ipopOnAFlatFunction_doublesThePopulationEachTime() {
    CmaEs cma = CmaEs.builder(4).seed(4).restartStrategy(RestartStrategy.IPOP).build();
    int lambda = cma.populationSize();

    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < 3000 && cma.restarts() < 3; i++) {
      Candidate c = cma.ask();
      int before = cma.restarts();
      cma.tell(c.id(), 1.0);
      if (cma.restarts() > before) {
        sizes.add(cma.populationSize());
      }
    }

    assertThat(sizes).containsExactly(2 * lambda, 4 * lambda, 8 * lambda);
  }

  @Test
  void restart_none_neverRestartsOnAFlatFunction() {
    CmaEs cma = CmaEs.builder(4).seed(4).build();

    minimize(cma, x -> 1.0, 1000);

    assertThat(cma.restarts()).isZero();
    assertThat(cma.populationSize()).isEqualTo(8);
  }

  @Test
  void restart_bipop_alternatesSmallRunsWithDoublingLargeOnes() {
    CmaEs cma = CmaEs.builder(4).seed(5).restartStrategy(RestartStrategy.BIPOP).build();
    int lambda = cma.populationSize();

    List<Integer> sizes = new ArrayList<>();
    List<Double> sigmas = new ArrayList<>();
    for (int i = 0; i < 20000 && cma.restarts() < 6; i++) {
      Candidate c = cma.ask();
      int before = cma.restarts();
      cma.tell(c.id(), 1.0);
      if (cma.restarts() > before) {
        sizes.add(cma.populationSize());
        sigmas.add(cma.sigma());
      }
    }

    assertThat(sizes).hasSize(6);
    assertThat(sizes).contains(2 * lambda, 4 * lambda);
    // Small-regime runs start with a step size of sigma0 * 10^(-2U), large ones with sigma0.
    assertThat(sigmas).anyMatch(s -> s < 1.0 / 6 - 1e-12);
    assertThat(sigmas).anyMatch(s -> s == 1.0 / 6);
    for (int size : sizes) {
      assertThat(size).isGreaterThanOrEqualTo(lambda);
    }
  }

  @Test
  void restart_ipopOnAMultimodalFunction_findsTheGlobalBasin() {
    // Rastrigin on [-5.12, 5.12]^3 with its optimum shifted off the centre.
    ToDoubleFunction<double[]> rastrigin = u -> {
      double s = 30;
      for (double ui : u) {
        double x = 10.24 * ui - 5.12 - 1.3;
        s += x * x - 10 * Math.cos(2 * Math.PI * x);
      }
      return s;
    };
    CmaEs cma = CmaEs.builder(3).seed(6).restartStrategy(RestartStrategy.IPOP).build();

    assertThat(minimize(cma, rastrigin, 20000)).isLessThan(1e-6);
    assertThat(cma.restarts()).isPositive();
  }

  @Test
  void ask_sameSeedAndTells_giveTheSameCandidates() {
    CmaEs a = CmaEs.builder(3).seed(7).build();
    CmaEs b = CmaEs.builder(3).seed(7).build();
    CmaEs other = CmaEs.builder(3).seed(8).build();

    for (int i = 0; i < 100; i++) {
      Candidate ca = a.ask();
      Candidate cb = b.ask();
      assertThat(cb.x()).containsExactly(ca.x());
      assertThat(cb.id()).isEqualTo(ca.id());
      a.tell(ca.id(), sphere(ca.x()));
      b.tell(cb.id(), sphere(cb.x()));
    }
    assertThat(other.ask().x()).isNotEqualTo(CmaEs.builder(3).seed(7).build().ask().x());
  }

  /** One tell as the engine would journal it. */
  private record Told(long id, double value, boolean failed) {}

  @Test
  void tell_replayingTheJournalWithoutAsks_rebuildsTheExactState() {
    CmaEs live = CmaEs.builder(4).seed(9).restartStrategy(RestartStrategy.IPOP).build();
    Rng order = Rng.of(99);
    Deque<Candidate> running = new ArrayDeque<>();
    List<Told> journal = new ArrayList<>();
    for (int step = 0; step < 600; step++) {
      while (running.size() < 5) {
        running.add(live.ask());
      }
      // Trials finish out of order, some fail, some come back after their generation has ended.
      List<Candidate> list = new ArrayList<>(running);
      Candidate done = list.get(order.nextInt(list.size()));
      running.remove(done);
      boolean failed = order.nextDouble() < 0.1;
      double value = Math.floor(rosenbrock(done.x()) * 100) / 100;
      if (failed) {
        live.tellFailure(done.id());
      } else {
        live.tell(done.id(), value);
      }
      journal.add(new Told(done.id(), value, failed));
    }

    CmaEs replayed = CmaEs.builder(4).seed(9).restartStrategy(RestartStrategy.IPOP).build();
    for (Told t : journal) {
      if (t.failed()) {
        replayed.tellFailure(t.id());
      } else {
        replayed.tell(t.id(), t.value());
      }
    }

    assertThat(replayed.generation()).isEqualTo(live.generation()).isPositive();
    assertThat(replayed.restarts()).isEqualTo(live.restarts());
    assertThat(replayed.sigma()).isEqualTo(live.sigma());
    assertThat(replayed.mean()).containsExactly(live.mean());
    for (int index = 0; index < 12; index++) {
      assertThat(replayed.candidate(index).x()).containsExactly(live.candidate(index).x());
    }
  }

  @Test
  void ask_beyondLambdaBeforeAnyTell_givesDistinctCandidatesOfTheSameGeneration() {
    CmaEs cma = CmaEs.builder(2).seed(10).build();
    int lambda = cma.populationSize();

    List<Candidate> asked = new ArrayList<>();
    for (int i = 0; i < 3 * lambda; i++) {
      asked.add(cma.ask());
    }

    assertThat(asked).allMatch(c -> c.generation() == 0);
    assertThat(asked.stream().map(c -> c.x()[0]).distinct()).hasSize(3 * lambda);
    for (int i = 0; i < lambda; i++) {
      assertThat(cma.tell(asked.get(2 * lambda + i).id(), i)).isTrue();
    }
    assertThat(cma.generation()).isEqualTo(1);
    assertThat(cma.tell(asked.get(0).id(), 0.0)).as("stale tell").isFalse();
    assertThat(cma.generation()).isEqualTo(1);
  }

  @Test
  void tell_failuresAndNaN_doNotCountTowardsTheGeneration() {
    CmaEs cma = CmaEs.builder(2).seed(11).build();
    int lambda = cma.populationSize();

    for (int i = 0; i < lambda; i++) {
      assertThat(cma.tellFailure(cma.ask().id())).isTrue();
    }
    assertThat(cma.tell(cma.ask().id(), Double.NaN)).isFalse();
    for (int i = 0; i < lambda - 1; i++) {
      cma.tell(cma.ask().id(), i);
    }
    assertThat(cma.generation()).isZero();

    cma.tell(cma.ask().id(), Double.POSITIVE_INFINITY);

    assertThat(cma.generation()).isEqualTo(1);
  }

  @Test
  void tell_theSameIdTwice_countsItOnce() {
    CmaEs cma = CmaEs.builder(2).seed(12).build();
    Candidate c = cma.ask();

    assertThat(cma.tell(c.id(), 1.0)).isTrue();
    assertThat(cma.tell(c.id(), 1.0)).isFalse();
  }

  @Test
  void tell_anIdFromAFutureGeneration_isRejected() {
    CmaEs cma = CmaEs.builder(2).seed(13).build();

    assertThatThrownBy(() -> cma.tell(Candidate.id(3, 0), 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("generation 3")
        .hasMessageContaining("never asked");
  }

  @Test
  void ask_discreteCoordinates_areExactLevelsAndTheExactOptimumIsFound() {
    int[] levels = {11, 11, 0, 4, 0};
    int[] target = {3, 8, -1, 2, -1};
    ToDoubleFunction<double[]> f = x -> {
      double s = 0;
      for (int i = 0; i < x.length; i++) {
        if (levels[i] > 0) {
          double level = x[i] * (levels[i] - 1);
          s += Math.abs(level - target[i]);
        } else {
          s += (x[i] - 0.4) * (x[i] - 0.4);
        }
      }
      return s;
    };
    CmaEs cma = CmaEs.builder(5).levels(levels).seed(14).build();

    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < 3000; i++) {
      Candidate c = cma.ask();
      for (int d = 0; d < 5; d++) {
        if (levels[d] > 0) {
          int level = c.level(d, levels[d]);
          assertThat(level).isBetween(0, levels[d] - 1);
          assertThat(c.x()[d]).isEqualTo(level / (double) (levels[d] - 1));
        }
      }
      double value = f.applyAsDouble(c.x());
      best = Math.min(best, value);
      cma.tell(c.id(), value);
    }

    assertThat(best).isLessThan(1e-8);
  }

  @Test
  void ask_binaryCoordinates_keepExploringBothValuesThanksToTheMargin() {
    // Without the margin the distribution of a binary coordinate collapses onto one value for good.
    CmaEs cma = CmaEs.builder(3).levels(2, 2, 0).seed(15).build();
    int worseValueLate = 0;
    for (int i = 0; i < 2000; i++) {
      Candidate c = cma.ask();
      if (i >= 1000 && c.x()[0] == 1.0) {
        worseValueLate++;
      }
      cma.tell(c.id(), c.x()[0] + c.x()[1] + Math.pow(c.x()[2] - 0.5, 2));
    }

    assertThat(worseValueLate).isPositive().isLessThan(200);
  }

  @Test
  void builder_badSettings_areRejectedWithTheValueSeen() {
    assertThatThrownBy(() -> CmaEs.builder(0)).hasMessageContaining("dimension 0");
    assertThatThrownBy(() -> CmaEs.builder(2).levels(3)).hasMessageContaining("expected 2 level counts");
    assertThatThrownBy(() -> CmaEs.builder(2).sigma0(-1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> CmaEs.builder(2).initialMean(0.5, 2)).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> CmaEs.builder(2).populationSize(1)).hasMessageContaining("at least 2");
  }
}
