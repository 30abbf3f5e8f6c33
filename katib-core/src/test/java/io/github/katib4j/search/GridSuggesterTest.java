package io.github.katib4j.search;

import static io.github.katib4j.search.Searches.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.Parameter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GridSuggesterTest {
  private static final Parameter[] SPACE = {
    Parameter.doubleRange("lr", 0.01, 0.05).step(0.01),
    Parameter.intRange("layers", 2, 4),
    Parameter.categorical("optimizer", "sgd", "adam")};

  private static Set<String> all(List<Proposal> proposals) {
    return proposals.stream().map(p -> p.assignment().toMap().toString()).collect(Collectors.toSet());
  }

  @Test
  void ask_everything_proposesEachCombinationOnceThenIsExhausted() {
    Suggester grid = Suggesters.create(spec("grid", SPACE), 7);

    List<Proposal> proposals = grid.ask(100);

    assertThat(proposals).hasSize(5 * 3 * 2);
    assertThat(all(proposals)).hasSize(30);
    assertThat(proposals).extracting(p -> p.assignment().text("lr")).containsOnly("0.01", "0.02", "0.03", "0.04",
        "0.05");
    assertThat(grid.isExhausted()).isTrue();
    assertThat(grid.ask(1)).isEmpty();
  }

  @Test
  void ask_oneAtATimeWithResults_coversTheGridInASeededOrder() {
    Suggester grid = Suggesters.create(spec("grid", SPACE), 7);
    Suggester again = Suggesters.create(spec("grid", SPACE), 7);
    Suggester otherSeed = Suggesters.create(spec("grid", SPACE), 8);

    List<TrialRecord> done = Searches.minimise(grid, a -> a.asDouble("lr"), 100);
    List<TrialRecord> repeated = Searches.minimise(again, a -> a.asDouble("lr"), 100);
    List<TrialRecord> other = Searches.minimise(otherSeed, a -> a.asDouble("lr"), 100);

    assertThat(done).hasSize(30);
    assertThat(new HashSet<>(done.stream().map(TrialRecord::assignment).toList())).hasSize(30);
    assertThat(repeated).extracting(TrialRecord::assignment)
        .containsExactlyElementsOf(done.stream().map(TrialRecord::assignment).toList());
    assertThat(other).extracting(TrialRecord::assignment)
        .containsExactlyInAnyOrderElementsOf(done.stream().map(TrialRecord::assignment).toList())
        .isNotEqualTo(done.stream().map(TrialRecord::assignment).toList());
    assertThat(grid.isExhausted()).isTrue();
  }

  @Test
  void ask_afterTrialsToldByHand_skipsTheirCombinations() {
    Suggester grid = Suggesters.create(spec("grid", Parameter.intRange("n", 1, 4)), 1);
    grid.tell(TrialRecord.builder().name("manual").assignment(grid.searchSpace().assignment(
        Map.of("n", "3"))).build());

    assertThat(grid.ask(10)).extracting(p -> p.assignment().asLong("n")).containsExactlyInAnyOrder(1L, 2L, 4L);
    assertThat(grid.isExhausted()).isTrue();
  }

  @Test
  void ask_stepThatLandsOnMax_includesMax() {
    Suggester grid = Suggesters.create(spec("grid", Parameter.doubleRange("x", 0, 1).step(0.1)), 1);

    assertThat(grid.ask(20)).hasSize(11).extracting(p -> p.assignment().text("x")).contains("0", "0.3", "1");
  }

  @Test
  void create_doubleWithoutStep_isRejected() {
    assertThat(Suggesters.validate(spec("grid", Parameter.doubleRange("x", 0, 1)))).singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo("spec.parameters[0].feasibleSpace.step"))
        .satisfies(p -> assertThat(p.message()).contains("grid needs feasibleSpace.step for double parameter x"));
  }

  @Test
  void create_moreTrialsThanCombinations_isRejectedAsKatibDoes() {
    ExperimentSpec spec = spec(Algorithm.grid(), SPACE).withMaxTrialCount(31);

    assertThat(Suggesters.validate(spec)).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("Max Trial Count: 31 > all possible search combinations: 30"));
    assertThat(Suggesters.validate(spec.withMaxTrialCount(30))).isEmpty();
  }
}
