package io.github.katib4j.search;

import static io.github.katib4j.search.Searches.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PbtSuggesterTest {
  private static final String GENERATION = "pbt.suggestion.katib.kubeflow.org/generation";
  private static final String PARENT = "pbt.suggestion.katib.kubeflow.org/parent";

  private static Algorithm pbt() {
    return Algorithm.pbt().setting("suggestion_trial_dir", "/var/log/katib/checkpoints/")
        .setting("n_population", "10").setting("truncation_threshold", "0.2");
  }

  private static Suggester suggester() {
    return Suggesters.create(spec(pbt(), Parameter.doubleRange("lr", 0.0001, 0.02).step(0.0001),
        Parameter.intRange("batch", 8, 64), Parameter.categorical("opt", "sgd", "adam", "rmsprop")), 4);
  }

  /** Runs generation 0 to completion; trial ti scores -i, so t9 is the best of the minimising experiment. */
  private static Map<String, Proposal> firstGeneration(Suggester pbt) {
    Map<String, Proposal> byName = new HashMap<>();
    List<Proposal> first = pbt.ask(10);
    for (int i = 0; i < first.size(); i++) {
      byName.put("t" + i, first.get(i));
      pbt.tell(first.get(i).toTrial("t" + i).withState(TrialState.SUCCEEDED).withObjectiveValue(-i));
    }
    return byName;
  }

  @Test
  void create_randomState_isAcceptedAndIgnoredAsByKatibsService_withANoteSayingHowToSeed() {
    Suggester seeded = Suggesters.create(spec(pbt().setting("random_state", "7"),
        Parameter.doubleRange("lr", 0.0001, 0.02).step(0.0001)), 4);

    assertThat(seeded.notes()).containsExactly("random_state is not a setting of Katib's pbt service, which ignores"
        + " it (its values are drawn unseeded), and so does katib4j: this search is seeded with the engine's seed"
        + " instead; set it with LocalKatib.builder().seed(N) or katib run --seed N");
    // The engine's seed decides the values, not random_state.
    assertThat(seeded.ask(3)).extracting(Proposal::assignment).isEqualTo(Suggesters.create(spec(pbt(),
        Parameter.doubleRange("lr", 0.0001, 0.02).step(0.0001)), 4).ask(3).stream().map(Proposal::assignment)
        .collect(java.util.stream.Collectors.toList()));
    assertThat(suggester().notes()).isEmpty();
  }

  @Test
  void ask_firstGeneration_isRandomWithGenerationZeroAndNoParent() {
    List<Proposal> first = suggester().ask(10);

    assertThat(first).hasSize(10).allSatisfy(p -> {
      assertThat(p.labels()).containsExactly(Map.entry(GENERATION, "0"));
      assertThat(p.checkpointParent()).isEmpty();
    });
  }

  @Test
  void ask_whileTheGenerationRuns_addsMoreOfIt() {
    Suggester pbt = suggester();
    List<Proposal> first = pbt.ask(10);
    for (int i = 0; i < 10; i++) {
      pbt.tell(first.get(i).toTrial("t" + i));
    }

    assertThat(pbt.ask(2)).extracting(p -> p.labels().get(GENERATION)).containsOnly("0");
  }

  @Test
  void ask_afterAGeneration_exploitsTheWeakAndExploresTheRest() {
    Suggester pbt = suggester();
    Map<String, Proposal> first = firstGeneration(pbt);

    List<Proposal> second = pbt.ask(10);

    assertThat(second).hasSize(10).allSatisfy(p -> {
      assertThat(p.labels()).containsEntry(GENERATION, "1");
      assertThat(p.labels().get(PARENT)).isEqualTo(p.checkpointParent().orElseThrow());
    });
    // The experiment minimises and trial ti scored -i, so t9 is the strongest. The weakest two (below the 0.2
    // quantile) become copies of a trial at or above the 0.8 quantile (t8 or t9), checkpoint included; the other
    // eight perturb the values of one of t2..t9 and continue from its checkpoint.
    List<Proposal> copies = new ArrayList<>();
    List<Proposal> explored = new ArrayList<>();
    for (Proposal p : second) {
      Proposal parent = first.get(p.checkpointParent().orElseThrow());
      (p.assignment().equals(parent.assignment()) ? copies : explored).add(p);
    }
    assertThat(copies).hasSize(2).allSatisfy(p -> assertThat(p.checkpointParent()).hasValueSatisfying(
        name -> assertThat(name).isIn("t8", "t9")));
    assertThat(explored).hasSize(8).allSatisfy(p -> {
      Assignment before = first.get(p.checkpointParent().orElseThrow()).assignment();
      assertThat(p.checkpointParent()).hasValueSatisfying(name -> assertThat(name).isNotIn("t0", "t1"));
      double lrRatio = p.assignment().asDouble("lr") / before.asDouble("lr");
      assertThat(lrRatio).satisfiesAnyOf(
          r -> assertThat(r).isCloseTo(0.8, within(1e-9)),
          r -> assertThat(r).isCloseTo(1.2, within(1e-9)),
          r -> assertThat(p.assignment().asDouble("lr")).isIn(0.0001, 0.02));
      long batch = before.asLong("batch");
      assertThat(p.assignment().asLong("batch")).isIn(Math.max(8, (long) (batch * 0.8)),
          Math.min(64, (long) (batch * 1.2)));
      List<String> opts = List.of("sgd", "adam", "rmsprop");
      int from = opts.indexOf(before.text("opt"));
      assertThat(opts.indexOf(p.assignment().text("opt"))).isIn((from + 1) % 3, (from + 2) % 3);
    });
  }

  @Test
  void ask_failedTrial_isReplacedInItsGeneration() {
    Suggester pbt = suggester();
    List<Proposal> first = pbt.ask(10);
    for (int i = 0; i < 10; i++) {
      TrialRecord record = first.get(i).toTrial("t" + i);
      pbt.tell(i == 0 ? record.withState(TrialState.FAILED)
          : record.withState(TrialState.SUCCEEDED).withObjectiveValue(i));
    }

    assertThat(pbt.ask(1)).singleElement().satisfies(p -> assertThat(p.labels()).containsEntry(GENERATION, "0"));
  }

  @Test
  void create_missingOrBadSettings_areRejectedAsKatibDoes() {
    Parameter lr = Parameter.doubleRange("lr", 0.01, 0.1);

    assertThat(Suggesters.validate(spec(Algorithm.pbt(), lr.step(0.01)))).singleElement()
        .satisfies(p -> assertThat(p.message()).isEqualTo(
            "Required params missing: suggestion_trial_dir, n_population, truncation_threshold"));
    assertThat(Suggesters.validate(spec(pbt().setting("n_population", "4"), lr.step(0.01))))
        .singleElement().satisfies(p -> assertThat(p.message()).contains("n_population must be at least 5"));
    // Katib v0.19.0's service fails on any resample_probability (it compares the setting's text with numbers).
    assertThat(Suggesters.validate(spec(pbt().setting("resample_probability", "0.5"), lr.step(0.01))))
        .singleElement().satisfies(p -> assertThat(p.message()).contains("resample_probability cannot be used"));
    assertThat(Suggesters.validate(spec(pbt(), lr))).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("pbt needs a step for double parameters"));
  }
}
