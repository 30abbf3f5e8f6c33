package io.github.katib4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BudgetTest {
  @Test
  void toString_namesOnlyTheFieldsToChange() {
    assertThat(Budget.unchanged()).hasToString("no change");
    assertThat(Budget.unchanged().withMaxTrialCount(20).withMaxFailedTrialCount(3))
        .hasToString("maxTrialCount 20, maxFailedTrialCount 3");
  }

  @Test
  void equals_sameChanges_equal() {
    Budget budget = Budget.unchanged().withParallelTrialCount(4);

    assertThat(budget).isEqualTo(Budget.unchanged().withParallelTrialCount(4))
        .hasSameHashCodeAs(Budget.unchanged().withParallelTrialCount(4))
        .isNotEqualTo(Budget.unchanged().withMaxTrialCount(4))
        .isNotEqualTo(Budget.unchanged());
  }
}
