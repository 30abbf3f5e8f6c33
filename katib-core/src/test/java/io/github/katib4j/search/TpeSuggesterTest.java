package io.github.katib4j.search;

import static io.github.katib4j.search.Searches.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TpeSuggesterTest {
  private static double meanBest(String algorithm, int trials) {
    return Searches.meanBest(algorithm, Searches.braninSpace(), Searches::branin, trials, 5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tpe", "multivariate-tpe"})
  void ask_branin_beatsRandomSearchWithTwiceTheTrials(String algorithm) {
    double tpe = meanBest(algorithm, 50);

    assertThat(tpe).isLessThan(meanBest("random", 100)).isLessThan(0.8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tpe", "multivariate-tpe"})
  void ask_maximize_climbsTowardsTheMaximum(String algorithm) {
    ExperimentSpec spec = spec(algorithm, Parameter.doubleRange("x", -10, 10),
        Parameter.intRange("k", 0, 20), Parameter.categorical("c", "low", "mid", "high"))
        .withObjective(Objective.maximize("score"));
    Suggester suggester = Suggesters.create(spec, 3);

    List<TrialRecord> done = Searches.minimise(suggester,
        a -> -Math.abs(a.asDouble("x") - 3) - Math.abs(a.asLong("k") - 15) + 10 * a.get("c").index().orElseThrow(),
        60);

    List<TrialRecord> last = done.subList(40, 60);
    assertThat(last.stream().filter(t -> t.assignment().text("c").equals("high")).count()).isGreaterThan(10);
    assertThat(last.stream().mapToDouble(t -> Math.abs(t.assignment().asDouble("x") - 3)).average().orElseThrow())
        .isLessThan(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tpe", "multivariate-tpe"})
  void ask_parallelInASmallSpace_proposesEachCombinationOnce(String algorithm) {
    Suggester suggester = Suggesters.create(spec(algorithm, Parameter.categorical("a", "1", "2", "3"),
        Parameter.intRange("b", 1, 4)), 5);
    Searches.minimise(suggester, a -> a.asLong("b"), 4);

    List<Proposal> batch = suggester.ask(8);

    Set<Assignment> distinct = new HashSet<>();
    batch.forEach(p -> distinct.add(p.assignment()));
    assertThat(distinct).hasSize(8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tpe", "random"})
  void ask_everyDistribution_keepsValuesInBoundsAndOnTheirSteps(String algorithm) {
    Suggester suggester = Suggesters.create(spec(algorithm,
        Parameter.doubleRange("a", 1e-4, 1).logUniform(), Parameter.doubleRange("b", -1, 1).normal(),
        Parameter.doubleRange("c", 1, 100).logNormal().step(0.5), Parameter.intRange("d", 2, 30).step(4),
        Parameter.intRange("e", 1, 1000).logUniform(), Parameter.discrete("f", 0.5, 1, 2)), 9);

    List<TrialRecord> done = Searches.minimise(suggester,
        a -> Math.log(a.asDouble("a")) + a.asDouble("b") + a.asDouble("c") / 10 + a.asLong("d") + a.asDouble("f"),
        60);

    assertThat(done).allSatisfy(t -> {
      Assignment a = t.assignment();
      assertThat(a.asDouble("a")).isBetween(1e-4, 1.0);
      assertThat(a.asDouble("b")).isBetween(-1.0, 1.0);
      assertThat(a.asDouble("c")).isBetween(1.0, 100.0);
      assertThat(a.asDouble("c") * 2).isEqualTo(Math.rint(a.asDouble("c") * 2));
      assertThat((a.asLong("d") - 2) % 4).isZero();
      assertThat(a.asLong("d")).isBetween(2L, 30L);
      assertThat(a.asLong("e")).isBetween(1L, 1000L);
      assertThat(a.text("f")).isIn("0.5", "1", "2");
    });
  }

  @Test
  void ask_tpe_drawsAtRandomOnlyWhileFewerTrialsHaveResultsThanTheRequestAsksFor() {
    // Katib's hyperopt service passes n_startup_jobs = current_request_number on every request, and hyperopt draws
    // at random (the same draws as random's here) while fewer trials have results than that.
    Parameter[] space = Searches.braninSpace();
    Suggester tpe = Suggesters.create(spec("tpe", space), 4);
    Suggester random = Suggesters.create(spec("random", space), 4);

    List<Proposal> first = tpe.ask(3);
    assertThat(first).isEqualTo(random.ask(3));
    Searches.succeed(tpe, first.get(0), "t0", Searches.branin(first.get(0).assignment()));
    first.subList(1, 3).forEach(p -> tpe.tell(p.toTrial("t" + first.indexOf(p))));
    assertThat(tpe.ask(2)).as("one result, two asked for").isEqualTo(random.ask(2));
    assertThat(tpe.ask(1)).as("one result, one asked for").isNotEqualTo(random.ask(1));
  }

  @Test
  void ask_tpeOneTrialAtATime_modelsFromTheSecondTrial() {
    Parameter[] space = Searches.braninSpace();
    List<TrialRecord> tpe = Searches.minimise(Suggesters.create(spec("tpe", space), 6), Searches::branin, 10);
    List<TrialRecord> random = Searches.minimise(Suggesters.create(spec("random", space), 6), Searches::branin, 10);

    assertThat(tpe.get(0).assignment()).isEqualTo(random.get(0).assignment());
    for (int t = 1; t < 10; t++) {
      assertThat(tpe.get(t).assignment()).as("trial %d", t).isNotEqualTo(random.get(t).assignment());
    }
  }

  @Test
  void ask_multivariateIntLogUniformFromZero_searchesFromOneOnALogScale() {
    // Katib's Optuna service: IntDistribution(low=max(1, int(min)), high=int(max), log=True).
    Suggester suggester = Suggesters.create(spec("multivariate-tpe", Parameter.intRange("units", 0, 512).logUniform(),
        Parameter.doubleRange("x", 0, 1)), 1);

    List<TrialRecord> done = Searches.minimise(suggester,
        a -> Math.abs(Math.log(a.asLong("units")) - 3) + a.asDouble("x"), 30);

    assertThat(done).allSatisfy(t -> assertThat(t.assignment().asLong("units")).isBetween(1L, 512L));
    List<TrialRecord> startup = done.subList(0, 10);
    assertThat(startup.stream().map(t -> t.assignment().text("units")).distinct().count()).isGreaterThan(5);
    assertThat(startup).anySatisfy(t -> assertThat(t.assignment().asLong("units")).isLessThan(16));
  }

  @Test
  void ask_multivariateDoubleLogUniformFromZeroOrBelow_searchesFromOneTenBillionthOnALogScale() {
    // Katib's Optuna service: FloatDistribution(low=max(1e-10, float(min)), high=float(max), log=True).
    Suggester suggester = Suggesters.create(spec("multivariate-tpe", Parameter.doubleRange("x", 0, 1).logUniform(),
        Parameter.doubleRange("y", -1, 1).logUniform()), 1);

    List<TrialRecord> done = Searches.minimise(suggester,
        a -> Math.abs(Math.log10(a.asDouble("x")) + 5) + a.asDouble("y"), 30);

    assertThat(done).hasSize(30).allSatisfy(t -> {
      assertThat(t.assignment().asDouble("x")).isBetween(1e-10 * (1 - 1e-9), 1.0);
      assertThat(t.assignment().asDouble("y")).isBetween(1e-10 * (1 - 1e-9), 1.0);
    });
    assertThat(done.subList(0, 10)).anySatisfy(t -> assertThat(t.assignment().asDouble("x")).isLessThan(1e-3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tpe", "multivariate-tpe"})
  void ask_withRunningTrials_spreadsThemOut(String algorithm) {
    Suggester suggester = Suggesters.create(spec(Algorithm.named(algorithm), Parameter.doubleRange("x", 0, 1)), 2);
    Searches.minimise(suggester, a -> Math.abs(a.asDouble("x") - 0.5), 20);

    List<Proposal> batch = suggester.ask(6);

    assertThat(batch.stream().map(p -> p.assignment().text("x")).distinct()).hasSize(6);
  }

  @Test
  void ask_tpeWithoutCandidateSetting_drawsEightCandidatesPerParameter() {
    List<String> unset = branin(Algorithm.named("tpe"));

    assertThat(unset).isEqualTo(branin(Algorithm.named("tpe").setting("n_EI_candidates", "8")))
        .isNotEqualTo(branin(Algorithm.named("tpe").setting("n_EI_candidates", "24")));
  }

  private static List<String> branin(Algorithm algorithm) {
    Suggester suggester = Suggesters.create(spec(algorithm, Searches.braninSpace()), 11);
    return Searches.minimise(suggester, Searches::branin, 30).stream().map(t -> t.assignment().toString()).toList();
  }
}
