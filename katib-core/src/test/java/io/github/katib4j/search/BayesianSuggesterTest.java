package io.github.katib4j.search;

import static io.github.katib4j.search.Searches.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.Parameter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class BayesianSuggesterTest {
  private static final Parameter[] SPACE = {
    Parameter.doubleRange("lr", 1e-5, 1), Parameter.doubleRange("decay", 1, 1000), Parameter.intRange("n", 1, 20)};

  /** Smooth in the logarithms, as learning rates are: minimum 0 at lr = 1e-3, decay = 100, n = 8. */
  private static final ToDoubleFunction<Assignment> BOWL = a -> Math.pow(Math.log10(a.asDouble("lr")) + 3, 2)
      + Math.pow(Math.log10(a.asDouble("decay")) - 2, 2) + Math.pow((a.asLong("n") - 8) / 5.0, 2);

  private static double meanBest(String algorithm, int trials) {
    return Searches.meanBest(algorithm, SPACE, BOWL, trials, 2);
  }

  @Test
  void ask_logScaledBowl_beatsRandomSearchWithTwiceTheTrials() {
    double gp = meanBest("bayesianoptimization", 25);

    assertThat(gp).isLessThan(meanBest("random", 50) / 2).isLessThan(0.3);
  }

  @Test
  void ask_initialPoints_drawDoublesLogUniformlyAsKatibsSkoptService() {
    Suggester suggester = Suggesters.create(spec(Algorithm.bayesianOptimization()
        .setting("n_initial_points", "200"), Parameter.doubleRange("lr", 1e-6, 1), Parameter.intRange("n", 1, 9)), 1);

    List<Proposal> first = suggester.ask(200);

    long belowOneThousandth = first.stream().filter(p -> p.assignment().asDouble("lr") < 1e-3).count();
    assertThat(belowOneThousandth).isBetween(80L, 120L);
    assertThat(first).extracting(p -> p.assignment().asLong("n")).containsOnly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void ask_stepsAndLists_stayOnTheirValues() {
    Suggester suggester = Suggesters.create(spec("bayesianoptimization",
        Parameter.doubleRange("lr", 0.01, 0.5).step(0.01), Parameter.intRange("layers", 2, 30).step(4),
        Parameter.categorical("opt", "sgd", "adam"), Parameter.discrete("momentum", 0.5, 0.9, 0.99)), 5);

    List<TrialRecord> done = Searches.minimise(suggester,
        a -> a.asDouble("lr") + a.asLong("layers") / 30.0 + (a.text("opt").equals("sgd") ? 1 : 0)
            + a.asDouble("momentum"), 16);

    assertThat(done).allSatisfy(t -> {
      Assignment a = t.assignment();
      assertThat(a.text("lr")).matches("0\\.\\d\\d?");
      assertThat((a.asLong("layers") - 2) % 4).isZero();
      assertThat(a.text("opt")).isIn("sgd", "adam");
      assertThat(a.text("momentum")).isIn("0.5", "0.9", "0.99");
    });
  }

  @Test
  void ask_parallelAfterTheInitialPoints_proposesDistinctPoints() {
    Suggester suggester = Suggesters.create(spec("bayesianoptimization", SPACE), 3);
    Searches.minimise(suggester, BOWL, 10);

    List<Proposal> batch = suggester.ask(4);

    Set<Assignment> distinct = new HashSet<>();
    batch.forEach(p -> distinct.add(p.assignment()));
    assertThat(distinct).hasSize(4);
  }

  @Test
  void tell_failedTrial_isNotProposedAgain() {
    Suggester suggester = Suggesters.create(spec("bayesianoptimization", SPACE), 3);
    Proposal first = suggester.ask(1).get(0);
    suggester.tell(first.toTrial("t0").withState(TrialState.FAILED));

    assertThat(suggester.ask(1).get(0).assignment()).isNotEqualTo(first.assignment());
  }

  @Test
  void tell_earlyStoppedTrialWithAValue_countsAsAResultAsInKatib() {
    Suggester stopped = Suggesters.create(spec("bayesianoptimization", SPACE), 4);
    Suggester succeeded = Suggesters.create(spec("bayesianoptimization", SPACE), 4);
    List<Proposal> first = stopped.ask(10);
    for (int i = 0; i < 10; i++) {
      double value = BOWL.applyAsDouble(first.get(i).assignment());
      TrialRecord trial = first.get(i).toTrial("t" + i).withObjectiveValue(value);
      stopped.tell(trial.withState(i == 3 ? TrialState.EARLY_STOPPED : TrialState.SUCCEEDED));
      succeeded.tell(trial.withState(TrialState.SUCCEEDED));
    }

    assertThat(stopped.ask(1)).isEqualTo(succeeded.ask(1));
  }

  @Test
  void create_doubleFromZero_isRejectedAsKatibsSkoptServiceDoes() {
    ExperimentSpec spec = spec("bayesianoptimization", Parameter.doubleRange("x", 0, 1), Parameter.intRange("n", 1, 4));

    assertThat(Suggesters.validate(spec)).singleElement()
        .satisfies(p -> assertThat(p.rule()).isEqualTo("S-bayesianoptimization"))
        .satisfies(p -> assertThat(p.path()).isEqualTo("spec.parameters[0].feasibleSpace.min"))
        .satisfies(p -> assertThat(p.message()).contains("log-uniformly, so min must be > 0"));
  }
}
