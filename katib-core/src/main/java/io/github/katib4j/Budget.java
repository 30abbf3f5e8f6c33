package io.github.katib4j;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.StringJoiner;

/**
 * A change to the three spec fields Katib lets a running experiment change: {@code maxTrialCount},
 * {@code parallelTrialCount} and {@code maxFailedTrialCount}. Raising {@code maxTrialCount} of an experiment that
 * succeeded by reaching it restarts the experiment when its resume policy is LongRunning or FromVolume.
 */
public final class Budget {
  private final Integer maxTrialCount;
  private final Integer parallelTrialCount;
  private final Integer maxFailedTrialCount;

  private Budget(Integer maxTrialCount, Integer parallelTrialCount, Integer maxFailedTrialCount) {
    this.maxTrialCount = maxTrialCount;
    this.parallelTrialCount = parallelTrialCount;
    this.maxFailedTrialCount = maxFailedTrialCount;
  }

  /** No change yet; add the fields to change with the {@code with*} methods. */
  public static Budget unchanged() {
    return new Budget(null, null, null);
  }

  /** This change, and {@code maxTrialCount} set to {@code maxTrialCount}. */
  public Budget withMaxTrialCount(int maxTrialCount) {
    return new Budget(maxTrialCount, parallelTrialCount, maxFailedTrialCount);
  }

  /** This change, and {@code parallelTrialCount} set to {@code parallelTrialCount}. */
  public Budget withParallelTrialCount(int parallelTrialCount) {
    return new Budget(maxTrialCount, parallelTrialCount, maxFailedTrialCount);
  }

  /** This change, and {@code maxFailedTrialCount} set to {@code maxFailedTrialCount}. */
  public Budget withMaxFailedTrialCount(int maxFailedTrialCount) {
    return new Budget(maxTrialCount, parallelTrialCount, maxFailedTrialCount);
  }

  /** The new {@code maxTrialCount}; empty when it is not to change. */
  public OptionalInt maxTrialCount() {
    return maxTrialCount == null ? OptionalInt.empty() : OptionalInt.of(maxTrialCount);
  }

  /** The new {@code parallelTrialCount}; empty when it is not to change. */
  public OptionalInt parallelTrialCount() {
    return parallelTrialCount == null ? OptionalInt.empty() : OptionalInt.of(parallelTrialCount);
  }

  /** The new {@code maxFailedTrialCount}; empty when it is not to change. */
  public OptionalInt maxFailedTrialCount() {
    return maxFailedTrialCount == null ? OptionalInt.empty() : OptionalInt.of(maxFailedTrialCount);
  }

  /** Whether no field is to change. */
  public boolean isEmpty() {
    return maxTrialCount == null && parallelTrialCount == null && maxFailedTrialCount == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Budget && Objects.equals(((Budget) o).maxTrialCount, maxTrialCount)
        && Objects.equals(((Budget) o).parallelTrialCount, parallelTrialCount)
        && Objects.equals(((Budget) o).maxFailedTrialCount, maxFailedTrialCount);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxTrialCount, parallelTrialCount, maxFailedTrialCount);
  }

  /** The fields to change, as error messages name them: {@code maxTrialCount 20, parallelTrialCount 4}. */
  @Override
  public String toString() {
    StringJoiner changes = new StringJoiner(", ").setEmptyValue("no change");
    maxTrialCount().ifPresent(n -> changes.add("maxTrialCount " + n));
    parallelTrialCount().ifPresent(n -> changes.add("parallelTrialCount " + n));
    maxFailedTrialCount().ifPresent(n -> changes.add("maxFailedTrialCount " + n));
    return changes.toString();
  }
}
