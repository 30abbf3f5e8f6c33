package io.github.katib4j.metrics;

import io.github.katib4j.internal.metrics.GoFloat;
import io.github.katib4j.internal.metrics.GoTime;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One reported value of one metric, as a Katib collector sends it to Katib's DB (a {@code MetricLog}): the metric name,
 * the value exactly as text, when it was reported, and for TensorBoard events the step.
 */
public final class MetricReport {
  /**
   * Go's zero time, {@code 0001-01-01T00:00:00Z}: the timestamp Katib gives a value reported without one. It sorts
   * before every real timestamp, so among such values the last reported one is the latest.
   */
  public static final Instant NO_TIMESTAMP = GoTime.ZERO;

  private final String name;
  private final String value;
  private final Instant timestamp;
  private final long step;
  private final boolean hasStep;

  private MetricReport(String name, String value, Instant timestamp, long step, boolean hasStep) {
    this.name = Objects.requireNonNull(name, "name");
    this.value = Objects.requireNonNull(value, "value");
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    this.step = step;
    this.hasStep = hasStep;
  }

  /** A value reported at {@code timestamp} ({@link #NO_TIMESTAMP} when there is none). */
  public static MetricReport of(String name, String value, Instant timestamp) {
    return new MetricReport(name, value, timestamp, 0, false);
  }

  /** A value reported at {@code timestamp} for training step {@code step}. */
  public static MetricReport of(String name, String value, Instant timestamp, long step) {
    return new MetricReport(name, value, timestamp, step, true);
  }

  public String name() {
    return name;
  }

  /** The value as text, never reformatted: {@code .98}, {@code Genotype(normal=...)}, {@code unavailable}. */
  public String value() {
    return value;
  }

  /** When the value was reported, or {@link #NO_TIMESTAMP}. */
  public Instant timestamp() {
    return timestamp;
  }

  /** Whether the value carried a timestamp of its own. */
  public boolean hasTimestamp() {
    return !timestamp.equals(NO_TIMESTAMP);
  }

  /** The training step, for values read from TensorBoard event files. */
  public OptionalLong step() {
    return hasStep ? OptionalLong.of(step) : OptionalLong.empty();
  }

  /**
   * The value as Katib's controller reads it (Go's {@code strconv.ParseFloat}); empty when Katib treats it as text.
   * {@code inf} and {@code nan} are numbers to Katib; {@code 1e400} (out of range) and {@code " 1"} are not.
   */
  public OptionalDouble numericValue() {
    return GoFloat.parse(value);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MetricReport)) {
      return false;
    }
    MetricReport other = (MetricReport) o;
    return name.equals(other.name) && value.equals(other.value) && timestamp.equals(other.timestamp)
        && step == other.step && hasStep == other.hasStep;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, value, timestamp, step, hasStep);
  }

  /** {@code name=value @timestamp [step N]}. */
  @Override
  public String toString() {
    return name + "=" + value + " @" + (hasTimestamp() ? timestamp : "no-timestamp") + (hasStep ? " step " + step : "");
  }
}
