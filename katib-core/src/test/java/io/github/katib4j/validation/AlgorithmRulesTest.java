package io.github.katib4j.validation;

import static io.github.katib4j.validation.Mutations.assertHas;
import static io.github.katib4j.validation.Mutations.assertNoRule;
import static io.github.katib4j.validation.Mutations.at;
import static io.github.katib4j.validation.Mutations.json;
import static io.github.katib4j.validation.Mutations.problems;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.katib4j.Problem;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The suggestion and early-stopping services' checks (S- rules), each against a one-field change of a valid fixture. */
class AlgorithmRulesTest {
  private static Consumer<JsonObject> algorithm(String name, String settingsJson) {
    return root -> at(root, "spec").add("algorithm", json("{\"algorithmName\":\"" + name + "\",\"algorithmSettings\":"
        + settingsJson + "}"));
  }

  private static Consumer<JsonObject> space(int parameter, String field, String value) {
    return root -> at(root, "spec.parameters[" + parameter + "].feasibleSpace").addProperty(field, value);
  }

  @Test
  void random_unknownSetting_isRejected() {
    assertHas(problems(algorithm("random", "[{\"name\":\"seed\",\"value\":\"1\"}]")), "S-random",
        "spec.algorithm.algorithmSettings[0].name", "unknown setting seed for algorithm random");
  }

  @ParameterizedTest
  @CsvSource({"random, hyperopt", "tpe, hyperopt", "multivariate-tpe, Optuna",
      "grid, Optuna", "bayesianoptimization, skopt"})
  void randomState_ofTwoToThe32OrMore_isRejectedByTheServicesThatSeedNumpy(String name, String service) {
    Consumer<JsonObject> grid = name.equals("grid") ? space(0, "step", "0.1") : root -> { };
    Consumer<JsonObject> big = algorithm(name, "[{\"name\":\"random_state\",\"value\":\"4294967296\"}]");
    assertHas(problems(big.andThen(grid)), "S-" + name, "spec.algorithm.algorithmSettings[0].value",
        "random_state must be at most 4294967295 (2^32 - 1): Katib's " + service + " service seeds numpy's"
            + " RandomState with it");
    assertThat(problems(algorithm(name, "[{\"name\":\"random_state\",\"value\":\"4294967295\"}]")
        .andThen(grid))).isEmpty();
  }

  @Test
  void randomState_ofTwoToThe32OrMore_isAcceptedByGoptuna() {
    // goptuna reads it with Go's strconv.Atoi into a 64-bit int, and sobol ignores it.
    Consumer<JsonObject> cmaes = algorithm("cmaes", "[{\"name\":\"random_state\",\"value\":\"4294967296\"}]");
    assertNoRule(problems(cmaes), "S-cmaes");
    assertNoRule(problems(algorithm("sobol", "[{\"name\":\"random_state\",\"value\":\"4294967296\"}]")),
        "S-sobol");
  }

  @Test
  void tpe_gammaOutsideTheOpenUnitInterval_isRejected() {
    assertHas(problems(algorithm("tpe", "[{\"name\":\"gamma\",\"value\":\"1\"}]")), "S-tpe",
        "spec.algorithm.algorithmSettings[0].value", "gamma must be in the range of (0, 1)");
    assertThat(problems(algorithm("tpe", "[{\"name\":\"gamma\",\"value\":\" 0.25 \"},"
        + "{\"name\":\"n_EI_candidates\",\"value\":\"1_0\"}]"))).isEmpty();
  }

  @Test
  void random_logUniformFromZero_isRejectedButAcceptedByMultivariateTpe() {
    Consumer<JsonObject> logFromZero = space(0, "min", "0").andThen(space(0, "distribution", "logUniform"));
    assertHas(problems(logFromZero), "S-random", "spec.parameters[0].feasibleSpace.min", "multivariate-tpe");
    assertThat(problems(logFromZero.andThen(algorithm("multivariate-tpe", "[]")))).isEmpty();
  }

  @Test
  void random_normalWithMinAboveMax_isRejected() {
    Consumer<JsonObject> edit = space(0, "min", "0.5").andThen(space(0, "distribution", "normal"));
    assertHas(problems(edit), "S-random", "spec.parameters[0].feasibleSpace.max", "negative standard deviation");
  }

  @Test
  void random_stepOfZero_isRejectedForDoubleAndIntParameters() {
    // hyperopt.hp.quniform(q=0) rounds value / 0: NaN for every trial, whichever the parameter's type.
    assertHas(problems(space(0, "step", "0")), "S-random", "spec.parameters[0].feasibleSpace.step",
        "every trial gets \"nan\" for learning-rate");
    assertHas(problems(space(0, "step", "0.0").andThen(algorithm("tpe", "[]"))), "S-tpe",
        "spec.parameters[0].feasibleSpace.step", "a step of 0 makes tpe produce NaN");
    assertHas(problems(space(1, "step", "0")), "S-random", "spec.parameters[1].feasibleSpace.step",
        "int parameters cannot take");
    assertThat(problems(space(0, "step", "0.01"))).isEmpty();
  }

  @Test
  void grid_doubleWithoutStep_isRejected() {
    assertHas(problems(algorithm("grid", "[]")), "S-grid", "spec.parameters[0].feasibleSpace.step",
        "grid needs a step for double parameters");
  }

  @Test
  void grid_moreTrialsThanCombinations_isRejected() {
    Consumer<JsonObject> edit = algorithm("grid", "[]").andThen(space(0, "step", "0.1"))
        .andThen(space(0, "max", "0.2")).andThen(root -> at(root, "spec").addProperty("maxTrialCount", 100));
    // lr: 0.001, 0.101 (0.201 > 0.2) = 2; layers 1..4 = 4; activation 2: 16 combinations.
    assertHas(problems(edit), "S-grid", "spec.maxTrialCount", "all possible search combinations: 16");
    assertThat(problems(edit.andThen(root -> at(root, "spec").addProperty("maxTrialCount", 16)))).isEmpty();
  }

  @Test
  void grid_withNoCombinationAtAll_saysWhichParameterGivesNone() {
    Consumer<JsonObject> grid = algorithm("grid", "[]").andThen(space(0, "step", "0.1"));
    List<Problem> reversed = problems(grid.andThen(space(1, "min", "5")));
    assertHas(reversed, "S-grid", "spec.maxTrialCount", "Max Trial Count: 8 > all possible search combinations: 0;"
        + " the grid is empty, since parameter layers (spec.parameters[1]: Python's range(min, max + 1, step) from 5"
        + " to 4 in steps of 1 is empty) gives no value: fix its min, max or step");
    assertThat(reversed).noneSatisfy(p -> assertThat(p.message()).contains("lower maxTrialCount"));
    assertHas(problems(grid.andThen(space(1, "step", "-1"))), "S-grid", "spec.maxTrialCount",
        "parameter layers (spec.parameters[1]: Python's range(min, max + 1, step) from 1 to 4 in steps of -1 is"
            + " empty) gives no value");
  }

  @Test
  void grid_stepThatListsFarTooManyValues_saysSoWithTheCount() {
    // numpy's arange(0.001, 0.3 + 1e-15, 1e-15) would need about 2.4 PB: the service fails with a MemoryError.
    List<Problem> problems = problems(algorithm("grid", "[]").andThen(space(0, "step", "1e-15")));
    assertHas(problems, "S-grid", "spec.parameters[0].feasibleSpace.step", "grid would list about 2.99e+14 values"
        + " from min 0.001 to max 0.3 in steps of 1e-15");
    assertThat(problems).extracting(Problem::message).noneMatch(m -> m.contains("cannot build any value"));
    assertHas(problems(algorithm("grid", "[]").andThen(space(0, "step", "-0.1"))), "S-grid",
        "spec.parameters[0].feasibleSpace", "grid cannot build any value from min 0.001 to max 0.3 in steps of -0.1");
  }

  @Test
  void multivariateTpe_normalDistribution_isRejectedWithTheAlternative() {
    assertHas(problems(algorithm("multivariate-tpe", "[]").andThen(space(0, "distribution", "normal"))),
        "S-multivariate-tpe", "spec.parameters[0].feasibleSpace.distribution", "random or tpe (hyperopt)");
  }

  @Test
  void multivariateTpe_fractionalIntBound_isRejected() {
    assertHas(problems(algorithm("multivariate-tpe", "[]").andThen(space(1, "max", "4.0"))), "S-multivariate-tpe",
        "spec.parameters[1].feasibleSpace.max", "Python's int()");
    assertNoRule(problems(space(1, "max", "4.0")), "S-random");
  }

  @Test
  void cmaes_oneContinuousParameter_isRejected() {
    Consumer<JsonObject> edit = algorithm("cmaes", "[]").andThen(root -> at(root, "spec.parameters[1]")
        .addProperty("parameterType", "discrete")).andThen(root -> at(root, "spec.parameters[1]")
        .add("feasibleSpace", json("{\"list\":[\"1\",\"2\"]}")));
    assertHas(problems(edit), "S-cmaes", "spec.parameters", "two or more dimensional continuous search space");
  }

  @Test
  void cmaes_unknownRestartStrategy_isRejected() {
    assertHas(problems(algorithm("cmaes", "[{\"name\":\"restart_strategy\",\"value\":\"ipopp\"}]")), "S-cmaes",
        "spec.algorithm.algorithmSettings[0].value", "use one of bipop, ipop, none");
  }

  @Test
  void sobol_boundGoCannotRead_isRejected() {
    assertHas(problems(algorithm("sobol", "[]").andThen(space(1, "max", " 4"))), "S-sobol",
        "spec.parameters[1].feasibleSpace.max", "goptuna, in Go");
  }

  @Test
  void bayesianOptimization_doubleFromZero_isRejected() {
    assertHas(problems(algorithm("bayesianoptimization", "[]").andThen(space(0, "min", "0"))),
        "S-bayesianoptimization", "spec.parameters[0].feasibleSpace.min", "log-uniformly");
  }

  @Test
  void bayesianOptimization_equalIntBounds_isRejected() {
    assertHas(problems(algorithm("bayesianoptimization", "[]").andThen(space(1, "max", "1"))),
        "S-bayesianoptimization", "spec.parameters[1].feasibleSpace.max", "needs min < max");
  }

  @Test
  void bayesianOptimization_unknownAcquisitionFunction_isRejected() {
    assertHas(problems(algorithm("bayesianoptimization", "[{\"name\":\"acq_func\",\"value\":\"UCB\"}]")),
        "S-bayesianoptimization", "spec.algorithm.algorithmSettings[0].value", "acq_func UCB is not supported");
  }

  @Test
  void bayesianOptimization_lbfgsWithATreeModel_isRejectedAsSkoptsOptimizerRefusesIt() {
    Consumer<JsonObject> edit = algorithm("bayesianoptimization", "[{\"name\":\"base_estimator\",\"value\":\"RF\"},"
        + "{\"name\":\"acq_optimizer\",\"value\":\"lbfgs\"}]");
    assertHas(problems(edit), "S-bayesianoptimization", "spec.algorithm.algorithmSettings[1].value",
        "base_estimator RF is a tree model without them");
    assertThat(problems(algorithm("bayesianoptimization", "[{\"name\":\"base_estimator\",\"value\":\"ET\"},"
        + "{\"name\":\"acq_optimizer\",\"value\":\"auto\"}]"))).isEmpty();
    assertThat(problems(algorithm("bayesianoptimization", "[{\"name\":\"acq_optimizer\",\"value\":\"lbfgs\"}]")))
        .isEmpty();
  }

  @Test
  void bayesianOptimization_lbfgsWithAGpOverCategoriesAlone_isRejected() {
    Consumer<JsonObject> categoriesOnly = root -> {
      for (int i = 0; i < 2; i++) {
        JsonObject p = at(root, "spec.parameters[" + i + "]");
        p.addProperty("parameterType", i == 0 ? "categorical" : "discrete");
        p.add("feasibleSpace", json("{\"list\":[\"1\",\"2\"]}"));
      }
    };
    Consumer<JsonObject> lbfgs = algorithm("bayesianoptimization",
        "[{\"name\":\"acq_optimizer\",\"value\":\"lbfgs\"}]");
    assertHas(problems(lbfgs.andThen(categoriesOnly)), "S-bayesianoptimization",
        "spec.algorithm.algorithmSettings[0].value", "a GP over categorical and discrete parameters alone");
  }

  @Test
  void bayesianOptimization_perSecondAcquisition_isRejectedUnlessNoResultIsEverTold() {
    Consumer<JsonObject> eips = algorithm("bayesianoptimization", "[{\"name\":\"acq_func\",\"value\":\"EIps\"}]");
    assertHas(problems(eips), "S-bayesianoptimization", "spec.algorithm.algorithmSettings[0].value",
        "once a trial has succeeded and the experiment fails; use EI instead");
    assertHas(problems(algorithm("bayesianoptimization", "[{\"name\":\"acq_func\",\"value\":\"PIps\"}]")),
        "S-bayesianoptimization", "spec.algorithm.algorithmSettings[0].value", "use PI instead");
    // Every trial is in the first request, which tells the optimizer nothing.
    assertThat(problems(eips.andThen(root -> at(root, "spec").addProperty("maxTrialCount", 2)))).isEmpty();
  }

  private static final String HYPERBAND = "[{\"name\":\"resource_name\",\"value\":\"layers\"},"
      + "{\"name\":\"r_l\",\"value\":\"27\"},{\"name\":\"eta\",\"value\":\"3\"}]";

  @Test
  void hyperband_tooFewParallelTrials_isRejected() {
    assertHas(problems(algorithm("hyperband", HYPERBAND)), "S-hyperband", "spec.parallelTrialCount",
        "must be not less than 27");
    Consumer<JsonObject> enough = algorithm("hyperband", HYPERBAND).andThen(root -> {
      at(root, "spec").addProperty("parallelTrialCount", 27);
      at(root, "spec").addProperty("maxTrialCount", 81);
    });
    assertThat(problems(enough)).isEmpty();
  }

  @Test
  void hyperband_etaThatKatibTruncatesToOne_saysSoWithWhatWasWritten() {
    assertHas(problems(algorithm("hyperband", HYPERBAND.replace("\"value\":\"3\"}]", "\"value\":\"1.5\"}]"))),
        "S-hyperband", "spec.algorithm.algorithmSettings[2].value", "eta 1.5 becomes 1, since Katib's hyperband"
            + " service truncates it with int(float(eta)) before it divides by log(eta), which is 0 for 1; use a"
            + " whole number of at least 2");
    assertHas(problems(algorithm("hyperband", HYPERBAND.replace("\"value\":\"3\"}]", "\"value\":\"1\"}]"))),
        "S-hyperband", "spec.algorithm.algorithmSettings[2].value", "eta must not be 1, found 1: hyperband divides"
            + " by log(eta), which is 0 for 1");
  }

  @Test
  void hyperband_tooFewParallelTrials_saysWhatKatibMadeOfEta() {
    String settings = "[{\"name\":\"resource_name\",\"value\":\"layers\"},{\"name\":\"r_l\",\"value\":\"8\"},"
        + "{\"name\":\"eta\",\"value\":\"2.9\"}]";
    assertHas(problems(algorithm("hyperband", settings)), "S-hyperband", "spec.parallelTrialCount",
        "parallelTrialCount must be not less than 8 (2^s_max, with s_max = int(log(r_l) / log(2))) for hyperband with"
            + " r_l 8 and eta 2.9, which Katib's check truncates to 2 with int(float(eta)); found 2");
    assertHas(problems(algorithm("hyperband", settings.replace("2.9", "-1"))), "S-hyperband",
        "spec.parallelTrialCount", "for hyperband with r_l 8 and eta -1, which Katib's check replaces with the"
            + " default 3, as it does every eta below 1; found 2");
  }

  @Test
  void hyperband_missingResourceName_isRejected() {
    assertHas(problems(algorithm("hyperband", "[{\"name\":\"r_l\",\"value\":\"2\"}]")), "S-hyperband",
        "spec.algorithm.algorithmSettings", "r_l and resource_name must be set");
  }

  @Test
  void hyperband_resourceNameThatIsNoParameter_isRejected() {
    assertHas(problems(algorithm("hyperband", "[{\"name\":\"resource_name\",\"value\":\"epochs\"},"
        + "{\"name\":\"r_l\",\"value\":\"1\"}]")), "S-hyperband", "spec.algorithm.algorithmSettings[0].value",
        "must be in parameters");
  }

  private static final String PBT = "[{\"name\":\"suggestion_trial_dir\",\"value\":\"/var/ckpt\"},"
      + "{\"name\":\"n_population\",\"value\":\"5\"},{\"name\":\"truncation_threshold\",\"value\":\"0.3\"}]";

  @Test
  void pbt_doubleWithoutStep_isRejected() {
    assertHas(problems(algorithm("pbt", PBT)), "S-pbt", "spec.parameters[0].feasibleSpace.step",
        "pbt needs a step for double parameters");
    assertThat(problems(algorithm("pbt", PBT).andThen(space(0, "step", "0.01")))).isEmpty();
  }

  @Test
  void pbt_resampleProbability_isRejectedAsKatibsServiceFailsOnIt() {
    String settings = PBT.replace("]", ",{\"name\":\"resample_probability\",\"value\":\"0.2\"}]");
    assertHas(problems(algorithm("pbt", settings).andThen(space(0, "step", "0.01"))), "S-pbt",
        "spec.algorithm.algorithmSettings[3].name", "resample_probability cannot be used");
  }

  @Test
  void pbt_smallPopulation_isRejected() {
    assertHas(problems(algorithm("pbt", PBT.replace("\"5\"", "\"4\"")).andThen(space(0, "step", "0.01"))), "S-pbt",
        "spec.algorithm.algorithmSettings[1].value", "n_population must be at least 5");
  }

  @Test
  void pbt_intRangeTooWideToList_isRejectedAsKatibsServiceListsEveryValue() {
    Consumer<JsonObject> edit = algorithm("pbt", PBT).andThen(space(0, "step", "0.01"))
        .andThen(space(1, "min", "-5000000000000000000")).andThen(space(1, "max", "5000000000000000000"));
    assertHas(problems(edit), "S-pbt", "spec.parameters[1].feasibleSpace", "about 1.00e+19 values");
    assertThat(problems(edit.andThen(space(1, "step", "1000000000000")))).isEmpty();
  }

  @Test
  void enas_missingGraphConfig_isRejected() {
    List<Problem> problems = problems(ExperimentValidator.create(), Mutations.fixture("nas-enas.yaml"),
        root -> at(root, "spec.nasConfig").remove("graphConfig"));
    assertHas(problems, "S-enas", "spec.nasConfig.graphConfig.inputSizes", "Missing InputSizes");
    assertHas(problems, "S-enas", "spec.nasConfig.graphConfig.numLayers", "Missing NumLayers");
  }

  @Test
  void enas_settingOutOfRange_isRejected() {
    List<Problem> problems = problems(ExperimentValidator.create(), Mutations.fixture("nas-enas.yaml"),
        root -> at(root, "spec.algorithm.algorithmSettings[0]").addProperty("name", "controller_learning_rate"));
    assertHas(problems, "S-enas", "spec.algorithm.algorithmSettings[0].value", "controller_learning_rate must be in");
  }

  @Test
  void darts_operationWithoutParameters_isRejected() {
    List<Problem> problems = problems(ExperimentValidator.create(), Mutations.fixture("nas-enas.yaml"), root -> {
      at(root, "spec.algorithm").addProperty("algorithmName", "darts");
      at(root, "spec.algorithm").add("algorithmSettings", json("[]"));
      at(root, "spec.nasConfig.operations[1]").remove("parameters");
    });
    assertHas(problems, "S-darts", "spec.nasConfig.operations[1].parameters", "Missing ParameterConfigs");
  }

  @Test
  void medianStop_unknownSetting_isRejected() {
    assertHas(problems(root -> at(root, "spec").add("earlyStopping", json("{\"algorithmName\":\"medianstop\","
        + "\"algorithmSettings\":[{\"name\":\"min_trials\",\"value\":\"2\"}]}"))), "S-medianstop",
        "spec.earlyStopping.algorithmSettings[0].name", "unknown setting min_trials for algorithm medianstop");
  }

  @Test
  void serviceRules_followTheImageTheConfigurationGivesAName() {
    KatibConfig tpeOnOptuna = KatibConfig.defaults().toBuilder()
        .suggestion("tpe", "registry.local/katib/suggestion-optuna:v0.19.0").build();
    Consumer<JsonObject> edit = algorithm("tpe", "[{\"name\":\"n_startup_trials\",\"value\":\"5\"}]");
    assertThat(problems(ExperimentValidator.create(tpeOnOptuna), edit)).isEmpty();
    assertHas(problems(edit), "S-tpe", "spec.algorithm.algorithmSettings[0].name", "unknown setting n_startup_trials");
    KatibConfig custom = KatibConfig.defaults().toBuilder().suggestion("tpe", "example.com/my-tpe:1").build();
    assertThat(problems(ExperimentValidator.create(custom), edit)).isEmpty();
  }
}
