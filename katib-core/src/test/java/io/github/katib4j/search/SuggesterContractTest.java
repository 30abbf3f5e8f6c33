package io.github.katib4j.search;

import static io.github.katib4j.search.Searches.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.Parameter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SuggesterContractTest {
  private static final Parameter X = Parameter.doubleRange("x", 0, 1);

  @Test
  void ask_batch_equalsTheSameNumberOfSingleAsks() {
    List<Proposal> batch = Suggesters.create(spec("random", X), 1).ask(3);
    Suggester single = Suggesters.create(spec("random", X), 1);
    List<Proposal> oneByOne = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      oneByOne.addAll(single.ask(1));
    }

    assertThat(oneByOne).isEqualTo(batch);
  }

  @ParameterizedTest
  @ValueSource(strings = {"random", "grid", "sobol"})
  void ignoresResults_theNextProposal_isTheSameAskedBeforeOrAfterTheResults(String algorithm) {
    Parameter[] space = {Parameter.discrete("x", 0, 0.25, 0.5, 0.75, 1), Parameter.intRange("n", 1, 3)};
    Suggester early = Suggesters.create(spec(algorithm, space), 7);
    Suggester late = Suggesters.create(spec(algorithm, space), 7);
    List<Proposal> askedEarly = new ArrayList<>();
    List<Proposal> askedLate = new ArrayList<>();
    Proposal running = early.ask(1).get(0);
    early.tell(running.toTrial("t0"));
    for (int i = 0; i < 6; i++) {
      // early asks for the next trial while trial i runs; late only once trial i has its result.
      Proposal next = early.ask(1).get(0);
      askedEarly.add(next);
      early.tell(running.toTrial("t" + i).withState(TrialState.SUCCEEDED).withObjectiveValue(i % 2 == 0 ? 5 - i : i));
      early.tell(next.toTrial("t" + (i + 1)));
      running = next;
    }
    Proposal first = late.ask(1).get(0);
    late.tell(first.toTrial("t0"));
    Proposal current = first;
    for (int i = 0; i < 6; i++) {
      late.tell(current.toTrial("t" + i).withState(TrialState.SUCCEEDED).withObjectiveValue(i % 2 == 0 ? 5 - i : i));
      current = late.ask(1).get(0);
      late.tell(current.toTrial("t" + (i + 1)));
      askedLate.add(current);
    }

    assertThat(early.ignoresResults()).isTrue();
    assertThat(askedEarly).isEqualTo(askedLate);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tpe", "multivariate-tpe", "bayesianoptimization", "cmaes"})
  void ignoresResults_isFalse_forAlgorithmsThatLearnFromResults(String algorithm) {
    assertThat(Suggesters.create(spec(algorithm, Parameter.doubleRange("x", 0.5, 1),
        Parameter.doubleRange("y", 0.5, 1)), 1).ignoresResults())
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"random", "tpe", "multivariate-tpe", "sobol", "cmaes", "bayesianoptimization", "hyperband"})
  void ask_intRangeWithMoreValuesThanALong_staysInTheRangeAndOnItsStep(String algorithm) {
    // Katib's services read int bounds as 64-bit (goptuna) or arbitrary integers (Python), so they run such ranges.
    long min = -5_000_000_000_000_000_000L;
    long max = 5_000_000_000_000_000_000L;
    Parameter wide = Parameter.intRange("wide", min, max);
    Parameter stepped = Parameter.intRange("stepped", min, max).step(3);
    Algorithm named = algorithm.equals("hyperband") ? Algorithm.hyperband("epochs", 9) : Algorithm.named(algorithm);
    ExperimentSpec spec = spec(named, Parameter.doubleRange("x", 0.5, 1), wide, stepped,
        Parameter.intRange("epochs", 1, 9)).withParallelTrialCount(9);

    assertThat(Suggesters.validate(spec)).isEmpty();
    List<TrialRecord> done = Searches.minimise(Suggesters.create(spec, 3),
        a -> Math.abs(a.asDouble("wide") / max) + a.asDouble("x"), 20);

    assertThat(done).hasSizeGreaterThan(9).allSatisfy(t -> {
      BigInteger w = new BigInteger(t.assignment().text("wide"));
      BigInteger s = new BigInteger(t.assignment().text("stepped"));
      assertThat(w).isBetween(BigInteger.valueOf(min), BigInteger.valueOf(max));
      assertThat(s).isBetween(BigInteger.valueOf(min), BigInteger.valueOf(max));
      assertThat(s.subtract(BigInteger.valueOf(min)).mod(BigInteger.valueOf(3))).isZero();
    });
    assertThat(done.stream().map(t -> t.assignment().text("wide")).distinct().count()).isGreaterThan(5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sobol", "cmaes", "hyperband", "pbt"})
  void ask_logDistributionFromZero_isSearchedUniformlyWithANote(String algorithm) {
    // These honour distributions where Katib's service ignores them; a range from 0 has no logarithm, so it is
    // searched as Katib searches every range.
    Algorithm named = switch (algorithm) {
      case "hyperband" -> Algorithm.hyperband("epochs", 9);
      case "pbt" -> Algorithm.pbt().setting("suggestion_trial_dir", "/ckpt").setting("n_population", "5")
          .setting("truncation_threshold", "0.2");
      default -> Algorithm.named(algorithm);
    };
    ExperimentSpec spec = spec(named, Parameter.doubleRange("lr", 0, 1).step(0.001).logUniform(),
        Parameter.intRange("n", -4, 512).logUniform(), Parameter.intRange("epochs", 1, 9)).withParallelTrialCount(9);

    assertThat(Suggesters.validate(spec)).isEmpty();
    Suggester suggester = Suggesters.create(spec, 5);
    List<TrialRecord> done = Searches.minimise(suggester, a -> a.asDouble("lr") + a.asDouble("n"), 20);

    assertThat(suggester.notes()).containsExactly(
        "parameter lr has distribution logUniform but min 0, which has no logarithm, so " + algorithm + " searches"
            + " it uniformly, as Katib's " + algorithm + " service searches every range; give it min > 0 to search it"
            + " on a log scale",
        "parameter n has distribution logUniform but min -4, which has no logarithm, so " + algorithm + " searches"
            + " it uniformly, as Katib's " + algorithm + " service searches every range; give it min > 0 to search it"
            + " on a log scale");
    List<TrialRecord> random = done.subList(0, 5);
    assertThat(random).allSatisfy(t -> {
      assertThat(t.assignment().asDouble("lr")).isBetween(0.0, 1.0);
      assertThat(t.assignment().asLong("n")).isBetween(-4L, 512L);
    });
    assertThat(random.stream().filter(t -> t.assignment().asDouble("lr") > 0.1).count()).isGreaterThan(1);
    assertThat(random.stream().map(t -> t.assignment().text("n")).distinct().count()).isGreaterThan(3);
  }

  @Test
  void tell_proposalUnderItsTrialName_takesTheProposalsPlace() {
    List<Proposal> three = Suggesters.create(spec("sobol", X), 1).ask(3);
    Suggester sobol = Suggesters.create(spec("sobol", X), 1);
    List<Proposal> two = sobol.ask(2);

    sobol.tell(two.get(1).toTrial("b"));
    sobol.tell(two.get(0).toTrial("a"));
    sobol.tell(two.get(0).toTrial("a").withState(TrialState.SUCCEEDED).withObjectiveValue(1));

    assertThat(sobol.ask(1)).containsExactly(three.get(2));
  }

  @Test
  void tell_sameTrialWithAnotherAssignment_isRejected() {
    Suggester random = Suggesters.create(spec("random", X), 1);
    SearchSpace space = random.searchSpace();
    random.tell(TrialRecord.builder().name("a").assignment(space.assignment(Map.of("x", "0.1"))).build());

    assertThatThrownBy(() -> random.tell(TrialRecord.builder().name("a")
        .assignment(space.assignment(Map.of("x", "0.2"))).build()))
        .isInstanceOf(KatibException.class)
        .hasMessageContaining("trial a was told with assignment {x=0.1} and now with {x=0.2}");
  }

  @Test
  void tell_assignmentOutsideTheSpace_isRejected() {
    Suggester random = Suggesters.create(spec("random", X), 1);
    SearchSpace other = SearchSpace.of(List.of(Parameter.doubleRange("y", 0, 1)));

    assertThatThrownBy(() -> random.tell(TrialRecord.builder().name("a")
        .assignment(other.assignment(Map.of("y", "0.5"))).build()))
        .isInstanceOf(KatibException.class)
        .hasMessageContaining("parameter y, which the search space does not have");
  }

  @Test
  void proposal_toTrialAssignment_isKatibsSuggestionForm() {
    Proposal proposal = Suggesters.create(spec("random", X, Parameter.intRange("n", 1, 3)), 1).ask(1).get(0);

    assertThat(proposal.toTrialAssignment("exp-abc", List.of())).satisfies(t -> {
      assertThat(t.name()).isEqualTo("exp-abc");
      assertThat(t.parameterAssignments()).isEqualTo(proposal.assignment().toWire());
      assertThat(t.parameterAssignments().get(1).value()).matches("[123]");
    });
  }
}
