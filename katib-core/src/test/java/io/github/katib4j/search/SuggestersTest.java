package io.github.katib4j.search;

import static io.github.katib4j.search.Searches.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SuggestersTest {
  private static final Parameter X = Parameter.doubleRange("x", 0, 1);
  private static final Parameter N = Parameter.intRange("n", 1, 9);

  @Test
  void algorithmNames_areKatibsLocalAlgorithms() {
    assertThat(Suggesters.algorithmNames())
        .containsExactly("random", "grid", "sobol", "tpe", "multivariate-tpe", "hyperband", "pbt");
  }

  @ParameterizedTest
  @ValueSource(strings = {"random", "sobol", "tpe", "multivariate-tpe"})
  void create_knownAlgorithm_namesIt(String name) {
    Suggester suggester = Suggesters.create(spec(name, X, N), 1);

    assertThat(suggester.algorithmName()).isEqualTo(name);
    assertThat(suggester.searchSpace().size()).isEqualTo(2);
    assertThat(suggester.isExhausted()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
      "enas, runs only on a Katib cluster",
      "darts, runs only on a Katib cluster",
      "cmaes, not yet available in katib4j's local engine",
      "bayesianoptimization, not yet available in katib4j's local engine",
      "hyperopt, is not a Katib algorithm katib4j knows; use one of random, grid"})
  void create_algorithmNotRunHere_saysWhy(String name, String message) {
    assertThatThrownBy(() -> Suggesters.create(spec(name, X, N), 1))
        .isInstanceOf(KatibValidationException.class)
        .hasMessageContaining("algorithm " + name)
        .hasMessageContaining(message);
  }

  @Test
  void create_withoutAlgorithmOrObjectiveType_reportsKatibsRules() {
    ExperimentSpec noAlgorithm = ExperimentSpec.builder().addParameters(X).build();

    assertThat(Suggesters.validate(noAlgorithm)).extracting(Problem::rule).containsExactly("A2");
    ExperimentSpec noObjective = ExperimentSpec.builder().algorithm(Algorithm.random()).addParameters(X).build();
    assertThat(Suggesters.validate(noObjective)).extracting(Problem::rule).containsExactly("O1");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "random | random_state | -1 | random_state should be >= 0",
      "random | seed | 1 | unknown setting seed for algorithm random; it accepts random_state",
      "tpe | gamma | 1.5 | gamma should be in the range of (0, 1)",
      "tpe | gamma | abc | which is not a number",
      "tpe | prior_weight | 0 | prior_weight should be greater than zero",
      "tpe | n_EI_candidates | 0 | n_EI_candidates should be greater than zero",
      "tpe | n_ei_candidates | 5 | unknown setting n_ei_candidates for algorithm tpe",
      "multivariate-tpe | n_startup_trials | -1 | n_startup_trials should be greater or equal than zero",
      "multivariate-tpe | n_ei_candidates | 2.5 | which is not a whole number",
      "multivariate-tpe | gamma | 0.1 | unknown setting gamma for algorithm multivariate-tpe",
      "grid | seed | 3 | unknown setting seed for algorithm grid",
      "hyperband | r_l | 9 | r_l and resource_name must be set",
      "pbt | n_population | 10 | Required params missing: suggestion_trial_dir, truncation_threshold"})
  void create_badSetting_reportsWhatKatibsServiceWould(String algorithm, String name, String value,
      String message) {
    ExperimentSpec spec = spec(Algorithm.named(algorithm).setting(name, value), X.step(0.1), N);

    assertThatThrownBy(() -> Suggesters.create(spec, 1))
        .isInstanceOfSatisfying(KatibValidationException.class, e -> assertThat(e.problems())
            .allSatisfy(p -> assertThat(p.rule()).isEqualTo("S-" + algorithm))
            .allSatisfy(p -> assertThat(p.path()).startsWith("spec.algorithm.algorithmSettings")))
        .hasMessageContaining(message);
  }

  @Test
  void create_validSettings_areAccepted() {
    Algorithm tpe = Algorithm.tpe().setting("gamma", "0.3").setting("prior_weight", "2")
        .setting("n_EI_candidates", "48").setting("random_state", "7");
    Algorithm mvTpe = Algorithm.multivariateTpe().setting("n_startup_trials", "0")
        .setting("n_ei_candidates", "12").setting("random_state", "7");

    assertThat(Suggesters.validate(spec(tpe, X, N))).isEmpty();
    assertThat(Suggesters.validate(spec(mvTpe, X, N))).isEmpty();
    assertThat(Suggesters.validate(spec(Algorithm.sobol().setting("anything", "goes"), X, N))).isEmpty();
  }

  @Test
  void create_logDistributionFromZero_isRejectedByHyperoptAlgorithms() {
    Parameter fromZero = Parameter.doubleRange("lr", 0, 0.1).logUniform();

    assertThat(Suggesters.validate(spec("random", fromZero))).singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo("spec.parameters[0].feasibleSpace.min"))
        .satisfies(p -> assertThat(p.message()).contains("needs min > 0"));
    assertThat(Suggesters.validate(spec("tpe", fromZero))).hasSize(1);
    // Katib's Optuna service clamps the bound to 1e-10 instead.
    assertThat(Suggesters.validate(spec("multivariate-tpe", fromZero))).isEmpty();
  }

  @Test
  void create_normalDistribution_isRejectedWhereKatibDropsTheParameter() {
    Parameter normal = Parameter.doubleRange("x", 0, 1).normal();

    assertThat(Suggesters.validate(spec("multivariate-tpe", normal))).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("use uniform or logUniform, or algorithm tpe or random"));
    assertThat(Suggesters.validate(spec("grid", normal.step(0.1)))).hasSize(1);
    assertThat(Suggesters.validate(spec("tpe", normal))).isEmpty();
    assertThat(Suggesters.validate(spec("random", normal))).isEmpty();
  }

  @Test
  void create_sameSpecAndSeed_givesTheSameSuggestionsAndRandomStateOverridesTheSeed() {
    ExperimentSpec spec = spec("random", X, N, Parameter.categorical("c", "a", "b", "c"));
    ExperimentSpec seeded = spec(Algorithm.random().setting("random_state", "42"), X, N,
        Parameter.categorical("c", "a", "b", "c"));

    List<Proposal> first = Suggesters.create(spec, 5).ask(20);
    assertThat(Suggesters.create(spec, 5).ask(20)).isEqualTo(first);
    assertThat(Suggesters.create(spec, 6).ask(20)).isNotEqualTo(first);
    assertThat(Suggesters.create(seeded, 1).ask(20)).isEqualTo(Suggesters.create(seeded, 2).ask(20));
  }
}
