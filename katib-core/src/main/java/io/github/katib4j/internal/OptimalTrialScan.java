package io.github.katib4j.internal;

import io.github.katib4j.experiment.ObjectiveType;
import io.github.katib4j.metrics.Observations;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Katib's choice of the optimal trial: the scan of {@code updateTrialsSummary} (Katib v0.19.0,
 * pkg/controller.v1beta1/experiment/util/status_util.go) over the trials in creation order. The first value is taken
 * as best and a later one wins only by being strictly better, so a NaN, which every comparison finds neither better
 * nor worse, stays best when it comes first and never wins after a number; a value that is not a number makes its
 * trial best by position, without changing the value later ones are compared with. Every part of katib4j that names
 * the optimal trial (the local engine's status, reports, the progress line) asks this one class.
 *
 * <p>Values may be given in any order of trials. While they are numbers other than NaN the best is kept in O(1) per
 * value (among equal values the earliest trial, as the scan keeps it); after a NaN, a non-numeric value or a trial's
 * value given again, each value runs the whole scan, whose answer then depends on the order of all the values.
 */
public final class OptimalTrialScan {
  private final ObjectiveType type;
  /** The objective value text of each trial by creation index; null where a trial has none. */
  private final List<String> values = new ArrayList<>();
  private int bestIndex = -1;
  private double bestValue;
  private boolean numeric;
  private boolean unordered;

  public OptimalTrialScan(ObjectiveType type) {
    this.type = type;
  }

  /** The index of the optimal trial among {@code values} (in creation order, null for none), or -1. */
  public static int bestIndex(List<String> values, ObjectiveType type) {
    OptimalTrialScan scan = new OptimalTrialScan(type);
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) != null) {
        scan.set(i, values.get(i));
      }
    }
    return scan.bestIndex();
  }

  /** Records the objective value text of the trial created {@code index}-th (from 0). */
  public void set(int index, String value) {
    while (values.size() <= index) {
      values.add(null);
    }
    String before = values.set(index, value);
    OptionalDouble number = Observations.parseFloat(value);
    if (unordered || before != null || number.isEmpty() || Double.isNaN(number.getAsDouble())) {
      unordered = true;
      rescan();
      return;
    }
    double v = number.getAsDouble();
    if (bestIndex == -1 || better(v, bestValue) || (v == bestValue && index < bestIndex)) {
      bestIndex = index;
      bestValue = v;
      numeric = true;
    }
  }

  /** The creation index of the optimal trial, or -1 when no trial has a value. */
  public int bestIndex() {
    return bestIndex;
  }

  /** The value the scan compares with when it ends, which Katib checks the goal against; empty before any number. */
  public OptionalDouble bestValue() {
    return numeric ? OptionalDouble.of(bestValue) : OptionalDouble.empty();
  }

  /** Whether the scan has reached {@code goal}, as Katib's {@code isObjectiveGoalReached}. */
  public boolean reached(double goal) {
    return numeric && (type == ObjectiveType.MINIMIZE && bestValue <= goal
        || type == ObjectiveType.MAXIMIZE && bestValue >= goal);
  }

  private boolean better(double v, double than) {
    return type == ObjectiveType.MINIMIZE && v < than || type == ObjectiveType.MAXIMIZE && v > than;
  }

  private void rescan() {
    bestIndex = -1;
    bestValue = 0;
    numeric = false;
    for (int index = 0; index < values.size(); index++) {
      String text = values.get(index);
      if (text == null) {
        continue;
      }
      OptionalDouble number = Observations.parseFloat(text);
      if (number.isEmpty()) {
        bestIndex = index;
        continue;
      }
      double v = number.getAsDouble();
      if (!numeric) {
        // Katib initialises with the first number only while no trial is best: a non-numeric value before it
        // leaves the best value at Go's zero.
        if (bestIndex == -1) {
          bestValue = v;
          bestIndex = index;
        }
        numeric = true;
      }
      if (better(v, bestValue)) {
        bestValue = v;
        bestIndex = index;
      }
    }
  }
}
