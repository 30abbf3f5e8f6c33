package io.github.katib4j.search.internal;

import io.github.katib4j.experiment.AlgorithmSetting;
import io.github.katib4j.internal.ForeignNumbers;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reads an algorithm's string settings as Katib's services do: Python's {@code int()} and {@code float()} (hyperopt,
 * Optuna, skopt, hyperband, PBT, medianstop) or Go's {@code strconv} (goptuna), the last of a repeated name winning.
 *
 * <p>Validity is not this class's business: {@code AlgorithmRules} (rules {@code S-<algorithm>}) reports every value a
 * service would reject before a suggester is built, so a value that does not parse here reads as unset.
 */
public final class SettingsReader {
  private final List<AlgorithmSetting> settings;

  public SettingsReader(List<AlgorithmSetting> settings) {
    this.settings = List.copyOf(settings);
  }

  /** The raw value of setting {@code name}; the last one wins when it is set twice, as in Katib's services. */
  public Optional<String> raw(String name) {
    Optional<String> value = Optional.empty();
    for (AlgorithmSetting s : settings) {
      if (s.name().equals(name)) {
        value = Optional.of(s.value());
      }
    }
    return value;
  }

  /** Setting {@code name} through Python's {@code int()}, if it reads and fits a long. */
  public OptionalLong pyInt(String name) {
    Optional<BigInteger> value = raw(name).flatMap(ForeignNumbers::pyInt);
    return value.isPresent() && value.get().bitLength() < 64 ? OptionalLong.of(value.get().longValue())
        : OptionalLong.empty();
  }

  /** Setting {@code name} through Python's {@code float()}, if it reads as a finite number. */
  public OptionalDouble pyFloat(String name) {
    OptionalDouble value = raw(name).map(ForeignNumbers::pyFloat).orElse(OptionalDouble.empty());
    return value.isPresent() && Double.isFinite(value.getAsDouble()) ? value : OptionalDouble.empty();
  }

  /** Setting {@code name} through Go's {@code strconv.Atoi}, if it reads. */
  public OptionalLong goInt(String name) {
    return raw(name).flatMap(ForeignNumbers::goAtoi).map(OptionalLong::of).orElse(OptionalLong.empty());
  }

  /** Setting {@code name} through Go's {@code strconv.ParseFloat}, if it reads as a finite number. */
  public OptionalDouble goFloat(String name) {
    OptionalDouble value = raw(name).map(ForeignNumbers::goParseFloat).orElse(OptionalDouble.empty());
    return value.isPresent() && Double.isFinite(value.getAsDouble()) ? value : OptionalDouble.empty();
  }
}
