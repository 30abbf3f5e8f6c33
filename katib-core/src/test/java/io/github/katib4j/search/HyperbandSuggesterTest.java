package io.github.katib4j.search;

import static io.github.katib4j.search.Searches.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HyperbandSuggesterTest {
  private static ExperimentSpec hyperband(double rL, int parallel) {
    return spec(Algorithm.hyperband("epochs", rL),
            Parameter.doubleRange("lr", 0.01, 0.1), Parameter.intRange("epochs", 1, 100),
            Parameter.categorical("opt", "sgd", "adam"))
        .withParallelTrialCount(parallel);
  }

  /** Runs every rung to completion, trial value = lr (lower is better); returns (budget, lr) per trial in order. */
  private static List<double[]> runToTheEnd(Suggester suggester, List<Integer> rungSizes) {
    List<double[]> trials = new ArrayList<>();
    int t = 0;
    while (!suggester.isExhausted()) {
      List<Proposal> rung = suggester.ask(1000);
      rungSizes.add(rung.size());
      assertThat(rung).isNotEmpty();
      assertThat(suggester.ask(1)).as("nothing more until the rung finishes").isEmpty();
      for (Proposal p : rung) {
        trials.add(new double[] {p.assignment().asLong("epochs"), p.assignment().asDouble("lr")});
        Searches.succeed(suggester, p, "t" + t++, p.assignment().asDouble("lr"));
      }
    }
    return trials;
  }

  @Test
  void ask_rL9Eta3_followsKatibsBracketsAndBudgets() {
    Suggester hyperband = Suggesters.create(hyperband(9, 9), 1);
    List<Integer> rungSizes = new ArrayList<>();

    List<double[]> trials = runToTheEnd(hyperband, rungSizes);

    // s_max = 2: bracket s=2 runs 9 trials at 1 epoch, the best 3 at 3, the best 1 at 9; s=1 runs 5 at 3 and the
    // best 2 at 9; s=0 runs 3 at 9. A bracket's first rung needs no results, so it starts beside the last rung of
    // the bracket before.
    assertThat(rungSizes).containsExactly(9, 3, 1 + 5, 2 + 3);
    assertThat(trials.stream().mapToLong(t -> (long) t[0]).toArray())
        .containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 9, 3, 3, 3, 3, 3, 9, 9, 9, 9, 9);
    assertThat(trials.stream().mapToDouble(t -> t[0]).sum()).isEqualTo(9 + 9 + 9 + 15 + 18 + 27);
    assertThat(hyperband.ask(5)).isEmpty();
  }

  @Test
  void ask_promotion_takesTheBestOfTheRungWithTheirOtherValues() {
    Suggester hyperband = Suggesters.create(hyperband(9, 9), 2);
    List<Proposal> first = hyperband.ask(9);
    for (int i = 0; i < first.size(); i++) {
      Searches.succeed(hyperband, first.get(i), "t" + i, first.get(i).assignment().asDouble("lr"));
    }

    List<Proposal> promoted = hyperband.ask(9);

    List<String> bestThree = first.stream().map(Proposal::assignment)
        .sorted(Comparator.comparingDouble(a -> a.asDouble("lr"))).limit(3)
        .map(a -> a.text("lr") + "/" + a.text("opt")).toList();
    assertThat(promoted).hasSize(3)
        .extracting(p -> p.assignment().text("lr") + "/" + p.assignment().text("opt"))
        .containsExactlyElementsOf(bestThree);
    assertThat(promoted).extracting(p -> p.assignment().text("epochs")).containsOnly("3");
  }

  @Test
  void ask_failedTrialInARung_isNotPromoted() {
    Suggester hyperband = Suggesters.create(hyperband(9, 9), 3);
    List<Proposal> first = hyperband.ask(9);
    for (int i = 0; i < first.size(); i++) {
      TrialRecord record = first.get(i).toTrial("t" + i);
      hyperband.tell(i < 7 ? record.withState(TrialState.FAILED) : record.withState(TrialState.SUCCEEDED)
          .withObjectiveValue(i));
    }

    assertThat(hyperband.ask(9)).hasSize(2).extracting(p -> p.assignment().text("epochs")).containsOnly("3");
  }

  @Test
  void create_tooFewParallelTrials_isRejectedAsKatibDoes() {
    assertThat(Suggesters.validate(hyperband(9, 3))).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("parallelTrialCount must be not less than 9"));
    assertThat(Suggesters.validate(hyperband(81, 81))).isEmpty();
  }

  @Test
  void create_unknownResource_isRejected() {
    ExperimentSpec spec = spec(Algorithm.hyperband("steps", 9),
        Parameter.doubleRange("lr", 0.01, 0.1)).withParallelTrialCount(9);

    assertThat(Suggesters.validate(spec)).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("value of resource_name setting must be in parameters"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"categorical", "discrete"})
  void ask_listResourceParameter_takesTheBudgetAsKatibsServiceWritesIt(String type) {
    // Katib's hyperband service writes str(int(r)) into the resource parameter whatever its type, and Katib creates
    // the trials with it; only resource_name naming a parameter is checked.
    Parameter epochs = type.equals("categorical") ? Parameter.categorical("epochs", "a", "b")
        : Parameter.discrete("epochs", 2, 5);
    ExperimentSpec spec = spec(Algorithm.hyperband("epochs", 9), Parameter.doubleRange("lr", 0.01, 0.1), epochs)
        .withParallelTrialCount(9);
    assertThat(Suggesters.validate(spec)).isEmpty();
    Suggester hyperband = Suggesters.create(spec, 1);

    List<Integer> rungSizes = new ArrayList<>();
    List<double[]> trials = runToTheEnd(hyperband, rungSizes);

    assertThat(rungSizes).containsExactly(9, 3, 1 + 5, 2 + 3);
    assertThat(trials.stream().mapToLong(t -> (long) t[0]).toArray())
        .containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 9, 3, 3, 3, 3, 3, 9, 9, 9, 9, 9);
    assertThat(hyperband.notes()).containsExactly("parameter epochs is " + type + ", yet hyperband gives it the budget"
        + " of each trial (a whole number, not one of its items), as Katib's hyperband service does");
    assertThat(hyperband.searchSpace().assignment(java.util.Map.of("lr", "0.05", "epochs", "3")).text("epochs"))
        .isEqualTo("3");
  }

  @Test
  void create_randomState_isAcceptedAndIgnoredAsByKatibsService_withANoteSayingHowToSeed() {
    ExperimentSpec spec = spec(Algorithm.hyperband("epochs", 9).setting("random_state", "7"),
        Parameter.doubleRange("lr", 0.01, 0.1), Parameter.intRange("epochs", 1, 9)).withParallelTrialCount(9);

    assertThat(Suggesters.validate(spec)).isEmpty();
    assertThat(Suggesters.create(spec, 1).notes()).containsExactly("random_state is not a setting of Katib's"
        + " hyperband service, which ignores it (its values are drawn unseeded), and so does katib4j: this search is"
        + " seeded with the engine's seed instead; set it with LocalKatib.builder().seed(N) or katib run --seed N");
  }

  @Test
  void create_etaSetting_changesTheBrackets() {
    ExperimentSpec spec = spec(Algorithm.hyperband("epochs", 4).setting("eta", "2"),
        Parameter.doubleRange("lr", 0.01, 0.1), Parameter.intRange("epochs", 1, 4)).withParallelTrialCount(4);
    Suggester hyperband = Suggesters.create(spec, 1);
    List<Integer> rungSizes = new ArrayList<>();

    runToTheEnd(hyperband, rungSizes);

    // s_max = 2; s=2: n=4 at 1, 2 at 2, 1 at 4; s=1: n=ceil(3*2/2)=3 at 2, 2 at 4; s=0: n=3 at 4
    assertThat(rungSizes).containsExactly(4, 2, 1 + 3, 2 + 3);
  }
}
