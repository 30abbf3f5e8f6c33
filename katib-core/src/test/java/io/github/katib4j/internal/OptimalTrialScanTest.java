package io.github.katib4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.ObjectiveType;
import io.github.katib4j.metrics.Observations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OptimalTrialScanTest {
  /**
   * Katib v0.19.0's loop in updateTrialsSummary, transcribed: the referee. Values are read as Go's strconv.ParseFloat
   * reads them (Observations.parseFloat); text it cannot read makes its trial best by position.
   */
  private static int katib(List<String> values, ObjectiveType type) {
    double bestTrialValue = 0;
    int bestTrialIndex = -1;
    for (int index = 0; index < values.size(); index++) {
      String text = values.get(index);
      if (text == null) {
        continue;
      }
      OptionalDouble parsed = Observations.parseFloat(text);
      if (parsed.isEmpty()) {
        bestTrialIndex = index;
        continue;
      }
      double value = parsed.getAsDouble();
      if (bestTrialIndex == -1) {
        bestTrialValue = value;
        bestTrialIndex = index;
      }
      if (type == ObjectiveType.MINIMIZE && value < bestTrialValue
          || type == ObjectiveType.MAXIMIZE && value > bestTrialValue) {
        bestTrialValue = value;
        bestTrialIndex = index;
      }
    }
    return bestTrialIndex;
  }

  @Test
  void bestIndex_nanFirst_staysOptimal_forMinimizeAndMaximize() {
    assertThat(OptimalTrialScan.bestIndex(Arrays.asList("NaN", "0.5", "0.7"), ObjectiveType.MINIMIZE)).isZero();
    assertThat(OptimalTrialScan.bestIndex(Arrays.asList("NaN", "0.5", "0.7"), ObjectiveType.MAXIMIZE)).isZero();
  }

  @Test
  void bestIndex_nanAfterANumber_isNeverChosen() {
    assertThat(OptimalTrialScan.bestIndex(Arrays.asList("0.5", "NaN", "0.7"), ObjectiveType.MAXIMIZE)).isEqualTo(2);
    assertThat(OptimalTrialScan.bestIndex(Arrays.asList("0.5", "nan", "0.7"), ObjectiveType.MINIMIZE)).isZero();
  }

  @Test
  void bestIndex_equalValues_keepTheEarliestTrial_andTrialsWithoutAValueAreSkipped() {
    assertThat(OptimalTrialScan.bestIndex(Arrays.asList(null, "0.3", "0.3", null), ObjectiveType.MINIMIZE))
        .isEqualTo(1);
    assertThat(OptimalTrialScan.bestIndex(Arrays.asList(null, null), ObjectiveType.MINIMIZE)).isEqualTo(-1);
  }

  @Test
  void reached_comparesTheScansValue_soANaNFirstNeverReachesTheGoal() {
    OptimalTrialScan scan = new OptimalTrialScan(ObjectiveType.MINIMIZE);
    scan.set(0, "NaN");
    scan.set(1, "0.01");

    assertThat(scan.bestIndex()).isZero();
    assertThat(scan.reached(0.1)).isFalse();
  }

  @Test
  void set_inAnyOrderOfTrials_givesKatibsScan() {
    Random random = new Random(42);
    String[] pool = {"0.1", "0.2", "0.2", "-1", "1e3", "NaN", "nan", "Inf", "-Inf", "abc", "0"};
    for (int round = 0; round < 20_000; round++) {
      int n = 1 + random.nextInt(7);
      List<String> values = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        values.add(random.nextInt(5) == 0 ? null : pool[random.nextInt(random.nextBoolean() ? 5 : pool.length)]);
      }
      ObjectiveType type = random.nextBoolean() ? ObjectiveType.MINIMIZE : ObjectiveType.MAXIMIZE;
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        order.add(i);
      }
      Collections.shuffle(order, random);
      OptimalTrialScan scan = new OptimalTrialScan(type);
      List<String> given = new ArrayList<>(Collections.nCopies(n, null));
      for (int i : order) {
        if (values.get(i) != null) {
          scan.set(i, values.get(i));
          given.set(i, values.get(i));
          assertThat(scan.bestIndex()).as("%s %s after setting %d", type, given, i).isEqualTo(katib(given, type));
        }
      }
    }
  }
}
