package io.github.katib4j.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.katib4j.KatibValidationException;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.ComparisonType;
import io.github.katib4j.experiment.EarlyStopping;
import io.github.katib4j.experiment.EarlyStoppingRule;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.ObjectiveType;
import io.github.katib4j.experiment.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MedianStopTest {
  private static final SearchSpace SPACE = SearchSpace.of(List.of(Parameter.doubleRange("lr", 0, 1)));

  private static ExperimentSpec spec(Objective objective) {
    return ExperimentSpec.builder().objective(objective).algorithm(Algorithm.random())
        .addParameters(Parameter.doubleRange("lr", 0, 1)).build();
  }

  private static ExperimentSpec spec(Objective objective, EarlyStopping earlyStopping) {
    return spec(objective).withEarlyStopping(earlyStopping);
  }

  private static TrialRecord trial(String name, TrialState state, Double... reports) {
    return TrialRecord.builder().name(name).assignment(SPACE.assignment(Map.of("lr", "0.1"))).state(state)
        .intermediateValues(List.of(reports)).build();
  }

  @Test
  void create_withoutEarlyStopping_isEmpty() {
    assertThat(EarlyStoppers.create(spec(Objective.maximize("acc")))).isEmpty();
  }

  @Test
  void rules_beforeMinTrialsRequired_areNone() {
    EarlyStopper stopper = EarlyStoppers.create(spec(Objective.maximize("acc"), EarlyStopping.medianStop()))
        .orElseThrow();
    stopper.tell(trial("a", TrialState.SUCCEEDED, 0.5, 0.6, 0.7, 0.8, 0.9));
    stopper.tell(trial("b", TrialState.SUCCEEDED, 0.1, 0.2, 0.3, 0.4));
    stopper.tell(trial("c", TrialState.RUNNING, 0.1, 0.1, 0.1, 0.1));
    stopper.tell(trial("d", TrialState.FAILED, 0.1, 0.1, 0.1, 0.1));
    stopper.tell(trial("e", TrialState.EARLY_STOPPED, 0.1, 0.1, 0.1, 0.1));

    assertThat(stopper.rules()).isEmpty();
  }

  @Test
  void rules_maximize_areTheMeanOfTheFirstStartStepAveragesComparedWithLess() {
    EarlyStopper stopper = EarlyStoppers.create(spec(Objective.maximize("acc"), EarlyStopping.medianStop()))
        .orElseThrow();
    stopper.tell(trial("a", TrialState.SUCCEEDED, 0.5, 0.6, 0.7, 0.8, 0.99));
    stopper.tell(trial("b", TrialState.SUCCEEDED, 0.1, 0.2, 0.3, 0.4));
    stopper.tell(trial("c", TrialState.SUCCEEDED, 0.2, 0.2));

    // averages 0.65, 0.25, 0.2: the mean is 0.366..., not the median 0.25
    assertThat(stopper.rules()).singleElement().satisfies(rule -> {
      assertThat(rule.name()).isEqualTo("acc");
      assertThat(Double.parseDouble(rule.value())).isCloseTo(1.1 / 3, within(1e-12));
      assertThat(rule.comparison()).hasValue(ComparisonType.LESS);
      assertThat(rule.startStep()).isEqualTo(4);
    });
  }

  @Test
  void rules_minimizeWithSettings_compareWithGreaterAtTheirStartStep() {
    EarlyStopper stopper = EarlyStoppers.create(spec(Objective.minimize("loss"), EarlyStopping.medianStop(2, 2)))
        .orElseThrow();
    stopper.tell(trial("a", TrialState.SUCCEEDED, 4.0, 2.0, 100.0));
    stopper.tell(trial("b", TrialState.SUCCEEDED, 1.0, 1.0));

    assertThat(stopper.rules()).singleElement().satisfies(rule -> {
      assertThat(rule.value()).isEqualTo("2");
      assertThat(rule.comparison()).hasValue(ComparisonType.GREATER);
      assertThat(rule.startStep()).isEqualTo(2);
    });
  }

  @Test
  void create_badSettings_areRejectedAsKatibsServiceDoes() {
    EarlyStopping bad = EarlyStopping.medianStop().setting("min_trials_required", "0").setting("start_step", "x")
        .setting("window", "3");

    assertThatThrownBy(() -> EarlyStoppers.create(spec(Objective.minimize("loss"), bad)))
        .isInstanceOf(KatibValidationException.class)
        .hasMessageContaining("unknown setting window for algorithm medianstop")
        .hasMessageContaining("min_trials_required must be greater than zero (>0)")
        .hasMessageContaining("start_step must be greater or equal than one (>=1)");
    assertThat(EarlyStoppers.validate(spec(Objective.minimize("loss"), EarlyStopping.named("hyperband"))))
        .singleElement().satisfies(p -> assertThat(p.message()).contains("use medianstop"));
  }

  @Test
  void monitor_objective_comparesTheBestSoFarAtTheStartStepReportOnly() {
    EarlyStoppingRule rule = EarlyStoppingRule.builder().name("acc").value("0.5").comparison(ComparisonType.LESS)
        .startStep(3).build();
    StopRuleMonitor monitor = StopRuleMonitor.of(ObjectiveType.MAXIMIZE, "acc", List.of(rule));

    assertThat(monitor.report("acc", 0.2)).isFalse();
    assertThat(monitor.report("loss", 9)).isFalse();
    assertThat(monitor.report("acc", 0.6)).isFalse();
    // the third report is 0.1, but the best so far (0.6) is what is compared, and it is not below 0.5
    assertThat(monitor.report("acc", 0.1)).isFalse();
    // later reports are never compared
    assertThat(monitor.report("acc", 0.05)).isFalse();
    assertThat(monitor.isTriggered()).isFalse();

    StopRuleMonitor poor = StopRuleMonitor.of(ObjectiveType.MAXIMIZE, "acc", List.of(rule));
    poor.report("acc", 0.2);
    poor.report("acc", 0.3);
    assertThat(poor.report("acc", 0.4)).isTrue();
    assertThat(poor.isTriggered()).isTrue();
  }

  @Test
  void monitor_withoutRules_neverStops() {
    StopRuleMonitor monitor = StopRuleMonitor.of(ObjectiveType.MINIMIZE, "loss", List.of());

    assertThat(monitor.report("loss", 1e9)).isFalse();
    assertThat(monitor.isTriggered()).isFalse();
  }

  @Test
  void monitor_fromRules_stopsAPoorTrialOfALaterGeneration() {
    EarlyStopper stopper = EarlyStoppers.create(spec(Objective.minimize("loss"), EarlyStopping.medianStop(1, 2)))
        .orElseThrow();
    stopper.tell(trial("a", TrialState.SUCCEEDED, 1.0, 0.5, 0.2));
    StopRuleMonitor monitor = stopper.monitor(stopper.rules());

    assertThat(monitor.report("loss", 3.0)).isFalse();
    assertThat(monitor.report("loss", 2.0)).isTrue();
  }
}
