package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The search algorithm ({@code spec.algorithm}): a name from the Katib configuration and its settings.
 *
 * <p>{@code Algorithm.tpe()}, {@code Algorithm.named("cmaes").setting("sigma", "0.5")}.
 */
@Value.Immutable
public abstract class AbstractAlgorithm {
  @Value.Default
  public String algorithmName() {
    return "";
  }

  public abstract List<AlgorithmSetting> algorithmSettings();

  /** The value of setting {@code name}, if set. */
  public Optional<String> setting(String name) {
    return Settings.find(algorithmSettings(), name);
  }

  /** A copy with setting {@code name} set to {@code value}, replacing an earlier value of the same name. */
  public Algorithm setting(String name, String value) {
    return Algorithm.copyOf(this).withAlgorithmSettings(Settings.put(algorithmSettings(), name, value));
  }

  /** An algorithm by its Katib name, without settings. */
  public static Algorithm named(String algorithmName) {
    return Algorithm.builder().algorithmName(algorithmName).build();
  }

  public static Algorithm random() {
    return named("random");
  }

  public static Algorithm grid() {
    return named("grid");
  }

  public static Algorithm sobol() {
    return named("sobol");
  }

  public static Algorithm tpe() {
    return named("tpe");
  }

  public static Algorithm multivariateTpe() {
    return named("multivariate-tpe");
  }

  public static Algorithm cmaes() {
    return named("cmaes");
  }

  public static Algorithm bayesianOptimization() {
    return named("bayesianoptimization");
  }

  /** Hyperband; {@code resourceName} is the parameter that receives the budget, {@code rL} the maximum budget. */
  public static Algorithm hyperband(String resourceName, double rL) {
    return named("hyperband").setting("resource_name", resourceName).setting("r_l",
        io.github.katib4j.internal.Numbers.format(rL, "hyperband's r_l"));
  }

  public static Algorithm pbt() {
    return named("pbt");
  }

  public static Algorithm enas() {
    return named("enas");
  }

  public static Algorithm darts() {
    return named("darts");
  }

  /** Helpers shared by the algorithm and early-stopping specs, whose settings have the same shape. */
  static final class Settings {
    private Settings() {}

    static Optional<String> find(List<AlgorithmSetting> settings, String name) {
      return settings.stream().filter(s -> s.name().equals(name)).map(AlgorithmSetting::value).findFirst();
    }

    static List<AlgorithmSetting> put(List<AlgorithmSetting> settings, String name, String value) {
      List<AlgorithmSetting> copy = new ArrayList<>();
      boolean replaced = false;
      for (AlgorithmSetting s : settings) {
        if (s.name().equals(name)) {
          if (!replaced) {
            copy.add(AlgorithmSetting.of(name, value));
            replaced = true;
          }
        } else {
          copy.add(s);
        }
      }
      if (!replaced) {
        copy.add(AlgorithmSetting.of(name, value));
      }
      return copy;
    }
  }

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
