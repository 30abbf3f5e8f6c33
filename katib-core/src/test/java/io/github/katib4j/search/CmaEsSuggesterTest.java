package io.github.katib4j.search;

import static io.github.katib4j.search.Searches.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.search.internal.CmaEsSuggester;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class CmaEsSuggesterTest {
  private static final Parameter[] CUBE = {
    Parameter.doubleRange("a", -5, 5), Parameter.doubleRange("b", -5, 5), Parameter.doubleRange("c", -5, 5),
    Parameter.doubleRange("d", -5, 5)};

  /** A shifted sphere: minimum 0 at (1, -2, 0.5, 3). */
  private static final ToDoubleFunction<Assignment> SPHERE = a -> Math.pow(a.asDouble("a") - 1, 2)
      + Math.pow(a.asDouble("b") + 2, 2) + Math.pow(a.asDouble("c") - 0.5, 2) + Math.pow(a.asDouble("d") - 3, 2);

  private static double meanBest(String algorithm, int trials) {
    return Searches.meanBest(algorithm, CUBE, SPHERE, trials, 3);
  }

  @Test
  void ask_sphere_beatsRandomSearchWithTwiceTheTrials() {
    double cmaes = meanBest("cmaes", 80);

    assertThat(cmaes).isLessThan(meanBest("random", 160) / 4).isLessThan(0.5);
  }

  @Test
  void ask_maximize_climbsAndFindsTheBestCategoryByChanceOnly() {
    ExperimentSpec spec = spec("cmaes", Parameter.doubleRange("x", -10, 10), Parameter.intRange("k", 0, 20),
        Parameter.categorical("c", "low", "high")).withObjective(Objective.maximize("score"));
    Suggester suggester = Suggesters.create(spec, 3);

    List<TrialRecord> done = Searches.minimise(suggester,
        a -> -Math.abs(a.asDouble("x") - 3) - Math.abs(a.asLong("k") - 15) + (a.text("c").equals("high") ? 1 : 0),
        120);

    List<TrialRecord> last = done.subList(100, 120);
    assertThat(last.stream().mapToDouble(t -> Math.abs(t.assignment().asDouble("x") - 3)).average().orElseThrow())
        .isLessThan(1);
    assertThat(last.stream().mapToLong(t -> Math.abs(t.assignment().asLong("k") - 15)).average().orElseThrow())
        .isLessThan(1.5);
    // Katib's goptuna service draws categorical parameters independently and uniformly, whatever the results.
    assertThat(done.stream().filter(t -> t.assignment().text("c").equals("high")).count()).isBetween(40L, 80L);
  }

  @Test
  void ask_stepsIntsAndLists_stayOnTheirValues() {
    Suggester suggester = Suggesters.create(spec("cmaes", Parameter.doubleRange("lr", 0.01, 0.5).step(0.01),
        Parameter.intRange("layers", 2, 30).step(4), Parameter.intRange("units", 1, 5),
        Parameter.discrete("momentum", 0.5, 0.9, 0.99)), 5);

    List<TrialRecord> done = Searches.minimise(suggester,
        a -> a.asDouble("lr") + a.asLong("layers") / 30.0 + a.asLong("units") + a.asDouble("momentum"), 60);

    assertThat(done).allSatisfy(t -> {
      Assignment a = t.assignment();
      assertThat(a.text("lr")).matches("0\\.\\d\\d?");
      assertThat((a.asLong("layers") - 2) % 4).isZero();
      assertThat(a.asLong("units")).isBetween(1L, 5L);
      assertThat(a.text("momentum")).isIn("0.5", "0.9", "0.99");
    });
    assertThat(done.subList(40, 60).stream().filter(t -> t.assignment().asLong("units") == 1).count())
        .isGreaterThan(10);
  }

  @Test
  void ask_sigmaInTheParametersUnits_setsTheFirstGenerationsSpread() {
    ExperimentSpec spec = spec(Algorithm.cmaes().setting("sigma", "2"), Parameter.doubleRange("x", 0, 100),
        Parameter.doubleRange("y", 0, 1000));

    List<Proposal> first = Suggesters.create(spec, 1).ask(40);

    // sigma 2 is 2 % of the smallest range, so x spreads by about 2 around 50 and y by about 20 around 500.
    assertThat(sd(first, "x")).isBetween(1.4, 2.8);
    assertThat(sd(first, "y")).isBetween(14.0, 28.0);
    double defaultSpread = sd(Suggesters.create(spec("cmaes", Parameter.doubleRange("x", 0, 100),
        Parameter.doubleRange("y", 0, 1000)), 1).ask(40), "x");
    assertThat(defaultSpread).isBetween(100 / 6.0 * 0.7, 100 / 6.0 * 1.4);
  }

  private static double sd(List<Proposal> proposals, String name) {
    double[] xs = proposals.stream().mapToDouble(p -> p.assignment().asDouble(name)).toArray();
    double mean = Arrays.stream(xs).average().orElseThrow();
    return Math.sqrt(Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).sum() / (xs.length - 1));
  }

  @Test
  void ask_parallel_labelsDistinctCandidatesOfOneGeneration() {
    Suggester suggester = Suggesters.create(spec("cmaes", CUBE), 2);

    List<Proposal> batch = suggester.ask(12);

    Set<String> labels = new HashSet<>();
    batch.forEach(p -> labels.add(p.labels().get(CmaEsSuggester.CANDIDATE)));
    assertThat(labels).hasSize(12).allMatch(l -> l.startsWith("0-"));
  }

  @Test
  void tell_failedAndEarlyStoppedTrials_doNotCompleteAGeneration() {
    Suggester suggester = Suggesters.create(spec("cmaes", CUBE), 2);
    // Four parameters: lambda = 4 + floor(3 ln 4) = 8.
    List<Proposal> first = suggester.ask(8);
    for (int i = 0; i < 8; i++) {
      TrialRecord trial = first.get(i).toTrial("t" + i);
      suggester.tell(i % 2 == 0 ? trial.withState(TrialState.FAILED)
          : trial.withState(TrialState.EARLY_STOPPED).withObjectiveValue(i));
    }

    Proposal next = suggester.ask(1).get(0);
    assertThat(next.labels()).containsEntry(CmaEsSuggester.CANDIDATE, "0-8");
    Searches.succeed(suggester, next, "t8", SPHERE.applyAsDouble(next.assignment()));
    for (int i = 9; i < 16; i++) {
      Proposal p = suggester.ask(1).get(0);
      Searches.succeed(suggester, p, "t" + i, SPHERE.applyAsDouble(p.assignment()));
    }
    assertThat(suggester.ask(1).get(0).labels()).containsEntry(CmaEsSuggester.CANDIDATE, "1-0");
  }

  @Test
  void ask_longRunningTrial_holdsBackTheUpdateUntilItEnds() {
    Suggester suggester = Suggesters.create(spec("cmaes", CUBE), 4);
    List<Proposal> first = suggester.ask(8);
    for (int i = 0; i < 8; i++) {
      suggester.tell(first.get(i).toTrial("t" + i));
    }
    for (int i = 1; i < 8; i++) {
      Searches.succeed(suggester, first.get(i), "t" + i, SPHERE.applyAsDouble(first.get(i).assignment()));
    }

    assertThat(suggester.ask(1).get(0).labels()).containsEntry(CmaEsSuggester.CANDIDATE, "0-8");
    Searches.succeed(suggester, first.get(0), "t0", SPHERE.applyAsDouble(first.get(0).assignment()));
    assertThat(suggester.ask(1).get(0).labels()).containsEntry(CmaEsSuggester.CANDIDATE, "1-0");
  }
}
