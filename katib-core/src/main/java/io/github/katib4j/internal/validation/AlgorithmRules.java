package io.github.katib4j.internal.validation;

import io.github.katib4j.Problem;
import io.github.katib4j.experiment.AlgorithmSetting;
import io.github.katib4j.experiment.Distribution;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.FeasibleSpace;
import io.github.katib4j.experiment.GraphConfig;
import io.github.katib4j.experiment.NasConfig;
import io.github.katib4j.experiment.Operation;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterType;
import io.github.katib4j.internal.ForeignNumbers;
import io.github.katib4j.validation.KatibConfig;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What Katib's suggestion and early-stopping services check, or fail on, once an experiment is running (rules
 * {@code S-<algorithm>}): their {@code ValidateAlgorithmSettings} (the experiment fails "Suggestion has failed") and
 * the search-space conversion of their first {@code GetSuggestions} (no trial is ever created). Which service
 * implements an algorithm name follows the image the Katib configuration gives it; a name served by an image
 * katib4j does not know is not checked. Each service stops at its first complaint; these rules report every one.
 */
public final class AlgorithmRules {
  enum Service {
    HYPEROPT("suggestion-hyperopt"), GOPTUNA("suggestion-goptuna"), OPTUNA("suggestion-optuna"),
    SKOPT("suggestion-skopt"), HYPERBAND("suggestion-hyperband"), PBT("suggestion-pbt"), ENAS("suggestion-enas"),
    DARTS("suggestion-darts");

    private final String image;

    Service(String image) {
      this.image = image;
    }

    /** The service an image runs; goptuna is tested before optuna, whose name it contains. */
    static Optional<Service> of(String image) {
      for (Service s : values()) {
        if (image.contains(s.image)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  private static final String SETTINGS = "spec.algorithm.algorithmSettings";
  /** The largest seed numpy's {@code RandomState} takes. */
  private static final BigInteger MAX_NUMPY_SEED = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
  private static final String ALTERNATIVES_LOG = "random or tpe (hyperopt)";
  /** More values than a grid or pbt parameter's numpy array can hold (8 bytes each: 8 TB). */
  private static final double MAX_GRID_VALUES = 1e12;

  private AlgorithmRules() {}

  /** The service behind {@code algorithmName}, if katib4j knows its image. */
  static Optional<Service> service(KatibConfig services, String algorithmName) {
    return services.suggestionImage(algorithmName).flatMap(Service::of);
  }

  static void check(ExperimentSpec spec, RuleOptions options, Findings findings) {
    findings.list().addAll(suggestion(spec, options.services));
    findings.list().addAll(earlyStopping(spec, options.services));
  }

  /**
   * What the suggestion service that {@code services} runs for the experiment's algorithm would reject, with rule
   * {@code S-<algorithm>}; nothing when the algorithm is unset or served by an image katib4j does not know. The local
   * engine's search algorithms apply these same checks (with Katib's default configuration).
   */
  public static List<Problem> suggestion(ExperimentSpec spec, KatibConfig services) {
    List<Problem> problems = new ArrayList<>();
    spec.algorithm().filter(a -> !a.algorithmName().isEmpty()).ifPresent(algorithm -> {
      String name = algorithm.algorithmName();
      service(services, name).ifPresent(service ->
          new Check(spec, name, algorithm.algorithmSettings(), "S-" + name, problems).run(service));
    });
    return problems;
  }

  /** What the early-stopping service would reject (rule {@code S-medianstop}); nothing for other services. */
  public static List<Problem> earlyStopping(ExperimentSpec spec, KatibConfig services) {
    List<Problem> problems = new ArrayList<>();
    spec.earlyStopping().filter(e -> !e.algorithmName().isEmpty()).ifPresent(earlyStopping -> {
      if (isMedianStop(services, earlyStopping.algorithmName())) {
        new Check(spec, earlyStopping.algorithmName(), earlyStopping.algorithmSettings(),
            "S-" + earlyStopping.algorithmName(), problems).medianStop();
      }
    });
    return problems;
  }

  /** Whether the Katib configuration runs Katib's medianstop service for early-stopping algorithm {@code name}. */
  static boolean isMedianStop(KatibConfig services, String name) {
    return services.earlyStoppingImage(name).filter(image -> image.contains("earlystopping-medianstop")).isPresent();
  }

  /** The checks of one algorithm on one experiment. */
  private static final class Check {
    private final ExperimentSpec spec;
    private final String name;
    private final List<AlgorithmSetting> settings;
    private final String rule;
    private final List<Problem> problems;

    Check(ExperimentSpec spec, String name, List<AlgorithmSetting> settings, String rule, List<Problem> problems) {
      this.spec = spec;
      this.name = name;
      this.settings = settings;
      this.rule = rule;
      this.problems = problems;
    }

    void add(String path, String message) {
      problems.add(Problem.of(path, rule, message));
    }

    void run(Service service) {
      switch (service) {
        case HYPEROPT:
          hyperopt();
          break;
        case OPTUNA:
          optuna();
          break;
        case GOPTUNA:
          goptuna();
          break;
        case SKOPT:
          skopt();
          break;
        case HYPERBAND:
          hyperband();
          break;
        case PBT:
          pbt();
          break;
        case ENAS:
          enas();
          break;
        case DARTS:
          darts();
          break;
        default:
          throw new IllegalStateException(service.toString());
      }
    }

    private void unsupportedName(String service, String supported) {
      add("spec.algorithm.algorithmName", "the " + service + " service that the Katib configuration runs for \""
          + name + "\" knows only " + supported + "; use one of those or point the configuration at another image");
    }

    // ---- settings --------------------------------------------------------------------------------------------

    private String settingPath(int i) {
      return SETTINGS + "[" + i + "]";
    }

    private void unknownSetting(int i, String known) {
      add(settingPath(i) + ".name", "unknown setting " + settings.get(i).name() + " for algorithm " + name
          + "; the settings are " + known);
    }

    /** A Python {@code int(value)} that must satisfy {@code ok}; false when it does not parse or is out of range. */
    private void pyIntSetting(int i, String range, java.util.function.Predicate<BigInteger> ok) {
      AlgorithmSetting s = settings.get(i);
      Optional<BigInteger> value = ForeignNumbers.pyInt(s.value());
      if (value.isEmpty()) {
        add(settingPath(i) + ".value", s.name() + " must be an integer " + range + ", found \"" + s.value() + "\"");
      } else if (!ok.test(value.get())) {
        add(settingPath(i) + ".value", s.name() + " must be " + range + ", found " + s.value());
      }
    }

    /**
     * A {@code random_state} that a Python service validates as an integer >= 0 and then gives to numpy's
     * {@code RandomState} (hyperopt directly, Optuna's samplers as {@code seed}, skopt through
     * {@code check_random_state}), which takes only seeds below 2^32 and raises ValueError at the first GetSuggestions.
     */
    private void numpySeedSetting(int i, String service) {
      AlgorithmSetting s = settings.get(i);
      Optional<BigInteger> value = ForeignNumbers.pyInt(s.value());
      if (value.isEmpty() || value.get().signum() < 0) {
        pyIntSetting(i, "greater than or equal to zero", v -> v.signum() >= 0);
      } else if (value.get().compareTo(MAX_NUMPY_SEED) > 0) {
        add(settingPath(i) + ".value", "random_state must be at most " + MAX_NUMPY_SEED + " (2^32 - 1): Katib's "
            + service + " service seeds numpy's RandomState with it, which raises ValueError (\"Seed must be between 0"
            + " and 2**32 - 1\") at the first GetSuggestions, so no trial is created; found " + s.value());
      }
    }

    private void pyFloatSetting(int i, String range, java.util.function.DoublePredicate ok) {
      AlgorithmSetting s = settings.get(i);
      OptionalDouble value = ForeignNumbers.pyFloat(s.value());
      if (value.isEmpty()) {
        add(settingPath(i) + ".value", s.name() + " must be a number " + range + ", found \"" + s.value() + "\"");
      } else if (!ok.test(value.getAsDouble())) {
        add(settingPath(i) + ".value", s.name() + " must be " + range + ", found " + s.value());
      }
    }

    private void oneOf(int i, Set<String> allowed) {
      AlgorithmSetting s = settings.get(i);
      if (!allowed.contains(s.value())) {
        add(settingPath(i) + ".value", s.name() + " " + s.value() + " is not supported by " + name + "; use one of "
            + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }

    private void goAtoiSetting(int i) {
      AlgorithmSetting s = settings.get(i);
      if (ForeignNumbers.goAtoi(s.value()).isEmpty()) {
        add(settingPath(i) + ".value", s.name() + " must be an integer written without spaces, found \"" + s.value()
            + "\" (the goptuna service fails to read it)");
      }
    }

    private static BigInteger big(long v) {
      return BigInteger.valueOf(v);
    }

    // ---- search space helpers --------------------------------------------------------------------------------

    private String parameterPath(int i) {
      return "spec.parameters[" + i + "]";
    }

    private boolean numeric(Parameter p) {
      return p.parameterType().map(t -> t == ParameterType.INT || t == ParameterType.DOUBLE).orElse(false);
    }

    private boolean isType(Parameter p, ParameterType type) {
      return p.parameterType().orElse(null) == type;
    }

    private Distribution distribution(Parameter p) {
      return p.feasibleSpace().distribution().orElse(Distribution.UNIFORM);
    }

    /** Python's {@code float()} of a bound that K-number already requires to be a finite number, or NaN. */
    private static double pyFloat(Optional<String> text) {
      return text.map(ForeignNumbers::pyFloat).filter(OptionalDouble::isPresent).map(OptionalDouble::getAsDouble)
          .orElse(Double.NaN);
    }

    private void unknownTypes() {
      for (int i = 0; i < spec.parameters().size(); i++) {
        if (isType(spec.parameters().get(i), ParameterType.UNKNOWN)) {
          add(parameterPath(i) + ".parameterType", "parameterType unknown is not supported by " + name
              + "; use double, int, discrete or categorical");
        }
      }
    }

    /** Python {@code int()} of an int parameter's bound or step; reports text that only float() reads. */
    private void pyIntBound(int i, String field, Optional<String> text) {
      if (text.isPresent() && ForeignNumbers.pyInt(text.get()).isEmpty()
          && ForeignNumbers.pyFloat(text.get()).isPresent()) {
        add(parameterPath(i) + ".feasibleSpace." + field, name + " reads int parameters with Python's int(), which"
            + " rejects \"" + text.get() + "\"; write a whole number, or make the parameter a double");
      }
    }

    // ---- hyperopt: random, tpe -------------------------------------------------------------------------------

    private void hyperopt() {
      if (name.equals("tpe")) {
        for (int i = 0; i < settings.size(); i++) {
          switch (settings.get(i).name()) {
            case "gamma":
              pyFloatSetting(i, "in the range of (0, 1)", v -> v > 0 && v < 1);
              break;
            case "prior_weight":
              pyFloatSetting(i, "greater than zero", v -> v > 0);
              break;
            case "n_EI_candidates":
              pyIntSetting(i, "greater than zero", v -> v.signum() > 0);
              break;
            case "random_state":
              numpySeedSetting(i, "hyperopt");
              break;
            default:
              unknownSetting(i, "gamma, prior_weight, n_EI_candidates and random_state");
          }
        }
      } else if (name.equals("random")) {
        for (int i = 0; i < settings.size(); i++) {
          if (settings.get(i).name().equals("random_state")) {
            numpySeedSetting(i, "hyperopt");
          } else {
            unknownSetting(i, "random_state");
          }
        }
      } else {
        unsupportedName("hyperopt", "random and tpe");
        return;
      }
      unknownTypes();
      for (int i = 0; i < spec.parameters().size(); i++) {
        Parameter p = spec.parameters().get(i);
        if (!numeric(p)) {
          continue;
        }
        FeasibleSpace space = p.feasibleSpace();
        double min = pyFloat(space.minText());
        double max = pyFloat(space.maxText());
        // Any step that is written (the text "0" is true in Python) makes hyperopt quantize: round(x / q) * q, NaN
        // when q is 0, whatever the distribution. int(nan) then fails for an int parameter; a double gets "nan".
        if (space.stepText().isPresent() && pyFloat(space.stepText()) == 0) {
          add(parameterPath(i) + ".feasibleSpace.step", "a step of 0 makes " + name + " produce NaN (hyperopt"
              + " rounds value / step), " + (isType(p, ParameterType.INT) ? "which int parameters cannot take, so"
              + " no trial is created" : "so every trial gets \"nan\" for " + p.name())
              + "; use a positive step or omit it");
        }
        switch (distribution(p)) {
          case LOG_UNIFORM:
          case LOG_NORMAL:
            if (min <= 0 || max <= 0) {
              add(parameterPath(i) + ".feasibleSpace.min", distribution(p) + " needs min > 0 and max > 0 in " + name
                  + " (it takes their logarithms), found [" + space.minText().orElse("") + ", "
                  + space.maxText().orElse("") + "]; use uniform, or multivariate-tpe, which clips the lower bound");
            } else if (distribution(p) == Distribution.LOG_NORMAL && min > max) {
              rangeReversed(i, space, "a negative standard deviation");
            }
            break;
          case NORMAL:
            if (min > max) {
              rangeReversed(i, space, "a negative standard deviation");
            }
            break;
          default:
            break;
        }
      }
    }

    private void rangeReversed(int i, FeasibleSpace space, String consequence) {
      add(parameterPath(i) + ".feasibleSpace.max", "max (" + space.maxText().orElse("") + ") is below min ("
          + space.minText().orElse("") + "), which gives " + name + " " + consequence + "; swap them");
    }

    // ---- optuna: grid, multivariate-tpe (and tpe, cmaes, random when configured) -----------------------------

    private void optuna() {
      switch (name) {
        case "tpe":
        case "multivariate-tpe":
          for (int i = 0; i < settings.size(); i++) {
            String s = settings.get(i).name();
            if (s.equals("random_state")) {
              numpySeedSetting(i, "Optuna");
            } else if (s.equals("n_startup_trials") || s.equals("n_ei_candidates")) {
              pyIntSetting(i, "greater than or equal to zero", v -> v.signum() >= 0);
            } else {
              unknownSetting(i, "n_startup_trials, n_ei_candidates and random_state");
            }
          }
          break;
        case "cmaes":
          for (int i = 0; i < settings.size(); i++) {
            switch (settings.get(i).name()) {
              case "restart_strategy":
                oneOf(i, Set.of("ipop", "None", "none"));
                break;
              case "sigma":
                pyFloatSetting(i, "greater than or equal to zero", v -> v >= 0);
                break;
              case "random_state":
                numpySeedSetting(i, "Optuna");
                break;
              default:
                unknownSetting(i, "restart_strategy, sigma and random_state");
            }
          }
          twoContinuousDimensions();
          break;
        case "random":
        case "grid":
          for (int i = 0; i < settings.size(); i++) {
            if (settings.get(i).name().equals("random_state")) {
              numpySeedSetting(i, "Optuna");
            } else {
              unknownSetting(i, "random_state");
            }
          }
          break;
        default:
          unsupportedName("optuna", "tpe, multivariate-tpe, cmaes, random and grid");
          return;
      }
      unknownTypes();
      for (int i = 0; i < spec.parameters().size(); i++) {
        Parameter p = spec.parameters().get(i);
        if (!numeric(p)) {
          continue;
        }
        Distribution d = distribution(p);
        if (d == Distribution.NORMAL || d == Distribution.LOG_NORMAL) {
          add(parameterPath(i) + ".feasibleSpace.distribution", name + " (Optuna) drops " + d + " parameters from"
              + " its search space, so no trial can be created; use uniform or logUniform, or " + ALTERNATIVES_LOG
              + ", which support " + d);
          continue;
        }
        FeasibleSpace space = p.feasibleSpace();
        boolean log = d == Distribution.LOG_UNIFORM;
        if (isType(p, ParameterType.INT)) {
          pyIntBound(i, "min", space.minText());
          pyIntBound(i, "max", space.maxText());
          if (!log) {
            pyIntBound(i, "step", space.stepText());
          }
          Optional<BigInteger> min = space.minText().flatMap(ForeignNumbers::pyInt);
          Optional<BigInteger> max = space.maxText().flatMap(ForeignNumbers::pyInt);
          if (min.isPresent() && max.isPresent()) {
            BigInteger low = log ? min.get().max(BigInteger.ONE) : min.get();
            if (low.compareTo(max.get()) > 0) {
              add(parameterPath(i) + ".feasibleSpace.max", "Optuna needs min <= max" + (log
                  ? " with min raised to 1 for logUniform" : "") + ", found [" + space.minText().get() + ", "
                  + space.maxText().get() + "]");
            }
          }
          if (!log) {
            Optional<BigInteger> step = space.stepText().flatMap(ForeignNumbers::pyInt);
            if (step.isPresent() && step.get().signum() <= 0) {
              add(parameterPath(i) + ".feasibleSpace.step", "Optuna needs a positive step, found " + step.get());
            }
          }
        } else {
          double min = pyFloat(space.minText());
          double max = pyFloat(space.maxText());
          double low = log ? Math.max(1e-10, min) : min;
          if (low > max) {
            add(parameterPath(i) + ".feasibleSpace.max", "Optuna needs min <= max" + (log
                ? " with min raised to 1e-10 for logUniform" : "") + ", found [" + space.minText().orElse("") + ", "
                + space.maxText().orElse("") + "]");
          }
          if (!log && space.stepText().isPresent() && pyFloat(space.stepText()) <= 0) {
            add(parameterPath(i) + ".feasibleSpace.step", "Optuna needs a positive step, found "
                + space.stepText().get());
          }
        }
      }
      if (name.equals("grid")) {
        grid();
      }
    }

    private void twoContinuousDimensions() {
      long count = spec.parameters().stream().filter(this::numeric).count();
      if (count < 2) {
        add("spec.parameters", name + " (CMA-ES) only supports two or more dimensional continuous search space,"
            + " found " + count + " int or double parameter" + (count == 1 ? "" : "s") + "; use random, tpe,"
            + " bayesianoptimization or sobol for a smaller search");
      }
    }

    /** The grid's size as Katib's Optuna service counts it, or empty when it cannot build the grid. */
    private void grid() {
      BigInteger combinations = BigInteger.ONE;
      List<String> empty = new ArrayList<>();
      for (int i = 0; i < spec.parameters().size(); i++) {
        Parameter p = spec.parameters().get(i);
        FeasibleSpace space = p.feasibleSpace();
        Optional<BigInteger> size;
        if (isType(p, ParameterType.INT)) {
          size = intGridSize(space);
        } else if (isType(p, ParameterType.DOUBLE)) {
          if (space.stepText().isEmpty()) {
            add(parameterPath(i) + ".feasibleSpace.step", "grid needs a step for double parameters to build its grid;"
                + " add one, or use random, sobol or bayesianoptimization to search a continuous range");
            return;
          }
          size = doubleGridSize(space);
          double length = doubleGridLength(space);
          if (length > MAX_GRID_VALUES) {
            add(parameterPath(i) + ".feasibleSpace.step", "grid would list about " + String.format(Locale.ROOT,
                "%.3g", length) + " values from min " + space.minText().orElse("") + " to max " + space.maxText()
                .orElse("") + " in steps of " + space.stepText().get() + " (numpy's arange), more than memory holds, so"
                + " Katib's grid service fails; use a far larger step (each value is a trial to run)");
            return;
          }
          if (size.isEmpty()) {
            add(parameterPath(i) + ".feasibleSpace", "grid cannot build any value from min " + space.minText()
                .orElse("") + " to max " + space.maxText().orElse("") + " in steps of " + space.stepText().get());
            return;
          }
        } else {
          size = Optional.of(BigInteger.valueOf(space.list().size()));
        }
        if (size.isEmpty()) {
          return;
        }
        if (size.get().signum() == 0) {
          empty.add(p.name() + " (" + parameterPath(i) + ": Python's range(min, max + 1, step) from "
              + space.minText().orElse("") + " to " + space.maxText().orElse("") + " in steps of "
              + space.stepText().orElse("1") + " is empty)");
        }
        combinations = combinations.multiply(size.get());
      }
      int maxTrialCount = spec.maxTrialCount().orElse(0);
      if (BigInteger.valueOf(maxTrialCount).compareTo(combinations) > 0) {
        // Katib's message, then the fix: with no combination at all, no maxTrialCount helps.
        add("spec.maxTrialCount", "Max Trial Count: " + maxTrialCount + " > all possible search combinations: "
            + combinations + (empty.isEmpty() ? "; lower maxTrialCount to at most " + combinations + " or refine"
            + " the grid" : "; the grid is empty, since " + (empty.size() == 1 ? "parameter " : "parameters ")
            + String.join(" and ", empty) + (empty.size() == 1 ? " gives" : " give") + " no value: fix "
            + (empty.size() == 1 ? "its" : "their")
            + " min, max or step"));
      }
    }

    private Optional<BigInteger> intGridSize(FeasibleSpace space) {
      Optional<BigInteger> min = space.minText().flatMap(ForeignNumbers::pyInt);
      Optional<BigInteger> max = space.maxText().flatMap(ForeignNumbers::pyInt);
      Optional<BigInteger> step = space.stepText().isPresent() ? space.stepText().flatMap(ForeignNumbers::pyInt)
          : Optional.of(BigInteger.ONE);
      if (min.isEmpty() || max.isEmpty() || step.isEmpty() || step.get().signum() == 0) {
        return Optional.empty();
      }
      BigInteger stop = max.get().add(BigInteger.ONE);
      BigInteger s = step.get();
      BigInteger span = s.signum() > 0 ? stop.subtract(min.get()).add(s).subtract(BigInteger.ONE)
          : min.get().subtract(stop).subtract(s).subtract(BigInteger.ONE);
      BigInteger n = span.divide(s.abs());
      return Optional.of(n.signum() < 0 ? BigInteger.ZERO : n);
    }

    /** The length of numpy's {@code arange(min, max + step, step)}, or NaN when it cannot be built. */
    private static double doubleGridLength(FeasibleSpace space) {
      double min = pyFloat(space.minText());
      double max = pyFloat(space.maxText());
      double step = pyFloat(space.stepText());
      return step == 0 ? Double.NaN : Math.ceil((max + step - min) / step);
    }

    /** numpy's {@code arange(min, max + step, step)} trimmed to values <= max, as Katib builds it. */
    private Optional<BigInteger> doubleGridSize(FeasibleSpace space) {
      double min = pyFloat(space.minText());
      double max = pyFloat(space.maxText());
      double step = pyFloat(space.stepText());
      double length = doubleGridLength(space);
      if (!(length >= 1) || length > MAX_GRID_VALUES) {
        return Optional.empty();
      }
      long n = (long) length;
      double delta = (min + step) - min;
      if (min + (n - 1) * delta > max) {
        n--;
      }
      return Optional.of(BigInteger.valueOf(n));
    }

    // ---- goptuna: cmaes, sobol (and tpe, random when configured) ---------------------------------------------

    private void goptuna() {
      if (!Set.of("random", "cmaes", "tpe", "sobol").contains(name)) {
        unsupportedName("goptuna", "random, cmaes, tpe and sobol");
        return;
      }
      if (name.equals("cmaes")) {
        twoContinuousDimensions();
      }
      for (int i = 0; i < settings.size(); i++) {
        String s = settings.get(i).name();
        if (name.equals("sobol")) {
          break;
        }
        if (s.equals("random_state") || (name.equals("tpe") && (s.equals("n_startup_trials")
            || s.equals("n_ei_candidates")))) {
          goAtoiSetting(i);
        } else if (name.equals("cmaes") && s.equals("sigma")) {
          if (ForeignNumbers.goParseFloat(settings.get(i).value()).isEmpty()) {
            add(settingPath(i) + ".value", "sigma must be a number, found \"" + settings.get(i).value() + "\"");
          }
        } else if (name.equals("cmaes") && s.equals("restart_strategy")) {
          oneOf(i, Set.of("ipop", "bipop", "none"));
        }
      }
      unknownTypes();
      for (int i = 0; i < spec.parameters().size(); i++) {
        Parameter p = spec.parameters().get(i);
        FeasibleSpace space = p.feasibleSpace();
        if (isType(p, ParameterType.INT)) {
          goNumber(i, "min", space.minText(), true);
          goNumber(i, "max", space.maxText(), true);
          goNumber(i, "step", space.stepText(), true);
        } else if (isType(p, ParameterType.DOUBLE)) {
          goNumber(i, "min", space.minText(), false);
          goNumber(i, "max", space.maxText(), false);
          goNumber(i, "step", space.stepText(), false);
        }
      }
    }

    private void goNumber(int i, String field, Optional<String> text, boolean integer) {
      if (text.isEmpty() || ForeignNumbers.pyFloat(text.get()).isEmpty()) {
        return;
      }
      boolean ok = integer ? ForeignNumbers.goAtoi(text.get()).isPresent()
          : ForeignNumbers.goParseFloat(text.get()).isPresent();
      if (!ok) {
        add(parameterPath(i) + ".feasibleSpace." + field, name + " (goptuna, in Go) cannot read \"" + text.get()
            + "\" as " + (integer ? "an integer" : "a number") + "; write it " + (integer ? "as a whole number" : "")
            + " without spaces or underscores");
      }
    }

    // ---- skopt: bayesianoptimization -------------------------------------------------------------------------

    private void skopt() {
      if (!name.equals("bayesianoptimization")) {
        unsupportedName("skopt", "bayesianoptimization");
        return;
      }
      for (int i = 0; i < settings.size(); i++) {
        switch (settings.get(i).name()) {
          case "base_estimator":
            oneOf(i, Set.of("GP", "RF", "ET", "GBRT"));
            break;
          case "n_initial_points":
            pyIntSetting(i, "greater than or equal to zero", v -> v.signum() >= 0);
            break;
          case "random_state":
            numpySeedSetting(i, "skopt");
            break;
          case "acq_func":
            oneOf(i, Set.of("gp_hedge", "LCB", "EI", "PI", "EIps", "PIps"));
            break;
          case "acq_optimizer":
            oneOf(i, Set.of("auto", "sampling", "lbfgs"));
            break;
          default:
            unknownSetting(i, "base_estimator, n_initial_points, acq_func, acq_optimizer and random_state");
        }
      }
      skoptCombinations();
      unknownTypes();
      for (int i = 0; i < spec.parameters().size(); i++) {
        Parameter p = spec.parameters().get(i);
        FeasibleSpace space = p.feasibleSpace();
        if (isType(p, ParameterType.INT)) {
          pyIntBound(i, "min", space.minText());
          pyIntBound(i, "max", space.maxText());
          Optional<BigInteger> min = space.minText().flatMap(ForeignNumbers::pyInt);
          Optional<BigInteger> max = space.maxText().flatMap(ForeignNumbers::pyInt);
          if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) >= 0) {
            add(parameterPath(i) + ".feasibleSpace.max", "bayesianoptimization (scikit-optimize) needs min < max,"
                + " found [" + min.get() + ", " + max.get() + "]; widen the range or use random or tpe");
          }
        } else if (isType(p, ParameterType.DOUBLE)) {
          double min = pyFloat(space.minText());
          double max = pyFloat(space.maxText());
          if (min <= 0) {
            add(parameterPath(i) + ".feasibleSpace.min", "bayesianoptimization samples double parameters"
                + " log-uniformly, so min must be > 0, found " + space.minText().orElse("") + "; use random, tpe or"
                + " multivariate-tpe for ranges that reach 0 or below");
          } else if (min >= max) {
            add(parameterPath(i) + ".feasibleSpace.max", "bayesianoptimization (scikit-optimize) needs min < max,"
                + " found [" + space.minText().orElse("") + ", " + space.maxText().orElse("") + "]");
          }
        }
      }
    }

    /**
     * Settings each valid alone that scikit-optimize's {@code Optimizer} fails on together, as Katib's service uses
     * them (the last of a repeated name wins there too).
     */
    private void skoptCombinations() {
      Map<String, Integer> byName = settingIndex();
      Integer acqFunc = byName.get("acq_func");
      Integer acqOptimizer = byName.get("acq_optimizer");
      String estimator = byName.containsKey("base_estimator") ? settings.get(byName.get("base_estimator")).value()
          : "GP";
      boolean perSecond = acqFunc != null && Set.of("EIps", "PIps").contains(settings.get(acqFunc).value());
      if (perSecond) {
        // With every trial in the first request, the service never tells the optimizer anything, and nothing fails.
        int parallel = spec.parallelTrialCount().orElse(3);
        if (spec.maxTrialCount().isEmpty() || spec.maxTrialCount().getAsInt() > parallel) {
          String value = settings.get(acqFunc).value();
          add(settingPath(acqFunc) + ".value", "acq_func " + value + " needs the time each trial took, but Katib's"
              + " skopt service tells the optimizer objective values only, so scikit-optimize raises TypeError"
              + " (\"expected y to be a list of (func_val, t)\") once a trial has succeeded and the experiment fails;"
              + " use " + value.substring(0, 2) + " instead");
        }
      } else if (acqOptimizer != null && settings.get(acqOptimizer).value().equals("lbfgs")) {
        // skopt's has_gradients: tree models have none, nor has a GP over categories alone (its Hamming kernel).
        boolean allCategories = !spec.parameters().isEmpty() && spec.parameters().stream()
            .allMatch(p -> isType(p, ParameterType.CATEGORICAL) || isType(p, ParameterType.DISCRETE));
        String why = Set.of("RF", "ET", "GBRT").contains(estimator) ? "base_estimator " + estimator + " is a tree"
            + " model" : estimator.equals("GP") && allCategories ? "a GP over categorical and discrete parameters"
            + " alone uses a Hamming kernel" : null;
        if (why != null) {
          add(settingPath(acqOptimizer) + ".value", "acq_optimizer lbfgs needs the model's gradients, and " + why
              + " without them: scikit-optimize's Optimizer raises ValueError (\"should run with"
              + " acq_optimizer='sampling'\") at Katib's first GetSuggestions, so no trial is created; use sampling,"
              + " or auto, which picks sampling here");
        }
      }
    }

    // ---- hyperband -------------------------------------------------------------------------------------------

    private void hyperband() {
      Map<String, Integer> byName = settingIndex();
      Integer rl = byName.get("r_l");
      Integer resource = byName.get("resource_name");
      if (rl == null || resource == null) {
        add(SETTINGS, "r_l and resource_name must be set: r_l the maximum budget and resource_name the parameter"
            + " that receives it, for example num-epochs");
      }
      OptionalDouble rlValue = OptionalDouble.empty();
      if (rl != null) {
        OptionalDouble value = ForeignNumbers.pyFloat(settings.get(rl).value());
        if (value.isEmpty() || value.getAsDouble() < 0) {
          add(settingPath(rl) + ".value", "r_l must be a positive float number, found \"" + settings.get(rl).value()
              + "\"");
        } else if (!(value.getAsDouble() > 0) || Double.isInfinite(value.getAsDouble())) {
          add(settingPath(rl) + ".value", "r_l must be a positive, finite number (hyperband takes its logarithm),"
              + " found " + settings.get(rl).value());
        } else {
          rlValue = value;
        }
      }
      BigInteger eta = BigInteger.valueOf(3);
      Integer etaIndex = byName.get("eta");
      boolean etaOk = true;
      // What Katib's check made of the eta written, for the messages below.
      String etaSeen = "3 (the default)";
      if (etaIndex != null) {
        Optional<BigInteger> value = ForeignNumbers.pyIntOfFloat(settings.get(etaIndex).value());
        if (value.isEmpty()) {
          add(settingPath(etaIndex) + ".value", "eta must be a number, found \"" + settings.get(etaIndex).value() + "\"");
          etaOk = false;
        } else if (value.get().equals(BigInteger.ONE)) {
          String raw = settings.get(etaIndex).value();
          // Katib's check reads int(float(eta)), and divides by log(eta); the algorithm itself reads float(eta).
          add(settingPath(etaIndex) + ".value", (ForeignNumbers.pyFloat(raw).getAsDouble() == 1
              ? "eta must not be 1, found " + raw.strip() + ": hyperband divides by log(eta), which is 0 for 1"
              : "eta " + raw.strip() + " becomes 1, since Katib's hyperband service truncates it with"
                  + " int(float(eta)) before it divides by log(eta), which is 0 for 1")
              + "; use a whole number of at least 2, such as 2 or 3");
          etaOk = false;
        } else if (value.get().signum() == 0 && ForeignNumbers.pyFloat(settings.get(etaIndex).value())
            .getAsDouble() > 0) {
          // Validation reads int(eta) = 0 and moves on with 3, but the algorithm itself runs with the float below 1.
          add(settingPath(etaIndex) + ".value", "eta must be at least 2, or 0 or below for the default 3; found "
              + settings.get(etaIndex).value());
          etaOk = false;
        } else if (value.get().signum() > 0) {
          eta = value.get();
        }
        String raw = settings.get(etaIndex).value().strip();
        if (value.isPresent() && value.get().signum() > 0) {
          etaSeen = raw + (ForeignNumbers.pyFloat(raw).getAsDouble() == eta.doubleValue() ? "" : ", which Katib's"
              + " check truncates to " + eta + " with int(float(eta))");
        } else {
          etaSeen = raw + ", which Katib's check replaces with the default 3, as it does every eta below 1";
        }
      }
      if (rlValue.isPresent() && etaOk && rl != null && resource != null) {
        double sMaxDouble = Math.log(rlValue.getAsDouble()) / Math.log(eta.doubleValue());
        long sMax = (long) sMaxDouble;
        double maxParallel = sMax >= 0 ? eta.pow((int) Math.min(sMax, 64)).doubleValue()
            : Math.ceil(Math.pow(eta.doubleValue(), sMax));
        int parallel = spec.parallelTrialCount().orElse(3);
        if (parallel < maxParallel) {
          add("spec.parallelTrialCount", "parallelTrialCount must be not less than " + (long) maxParallel + " ("
              + eta + "^s_max, with s_max = int(log(r_l) / log(" + eta + "))) for hyperband with r_l "
              + settings.get(rl).value() + " and eta " + etaSeen + "; found " + parallel + "; raise it or lower r_l");
        }
      }
      if (resource != null && spec.parameters().stream().noneMatch(p -> p.name().equals(
          settings.get(resource).value()))) {
        add(settingPath(resource) + ".value", "value of resource_name setting must be in parameters: \""
            + settings.get(resource).value() + "\" is not a search parameter");
      }
      unknownTypes();
      for (int i = 0; i < spec.parameters().size(); i++) {
        Parameter p = spec.parameters().get(i);
        if (isType(p, ParameterType.INT)) {
          pyIntBound(i, "min", p.feasibleSpace().minText());
          pyIntBound(i, "max", p.feasibleSpace().maxText());
        } else if (isType(p, ParameterType.DISCRETE)) {
          List<String> list = p.feasibleSpace().list();
          for (int j = 0; j < list.size(); j++) {
            if (ForeignNumbers.pyInt(list.get(j)).isEmpty()) {
              add(parameterPath(i) + ".feasibleSpace.list[" + j + "]", "hyperband needs discrete values that are"
                  + " integers, found \"" + list.get(j) + "\"; make the parameter categorical");
            }
          }
        }
      }
    }

    private Map<String, Integer> settingIndex() {
      Map<String, Integer> byName = new LinkedHashMap<>();
      for (int i = 0; i < settings.size(); i++) {
        byName.put(settings.get(i).name(), i);
      }
      return byName;
    }

    // ---- pbt -------------------------------------------------------------------------------------------------

    private void pbt() {
      Map<String, Integer> byName = settingIndex();
      List<String> missing = new java.util.ArrayList<>();
      for (String required : List.of("suggestion_trial_dir", "n_population", "truncation_threshold")) {
        if (!byName.containsKey(required)) {
          missing.add(required);
        }
      }
      if (!missing.isEmpty()) {
        add(SETTINGS, "Required params missing: " + String.join(", ", missing));
      }
      Integer population = byName.get("n_population");
      if (population != null) {
        pyIntSetting(population, "at least 5", v -> v.compareTo(big(5)) >= 0);
      }
      Integer threshold = byName.get("truncation_threshold");
      if (threshold != null) {
        pyFloatSetting(threshold, "between 0 and 1, inclusive", v -> v >= 0 && v <= 1);
      }
      Integer resample = byName.get("resample_probability");
      if (resample != null) {
        add(settingPath(resample) + ".name", "resample_probability cannot be used with Katib v0.19.0: its PBT"
            + " service compares the setting's text with numbers and fails; remove it to perturb values by 0.8 or"
            + " 1.2 instead");
      }
      unknownTypes();
      for (int i = 0; i < spec.parameters().size(); i++) {
        Parameter p = spec.parameters().get(i);
        if (!numeric(p)) {
          continue;
        }
        FeasibleSpace space = p.feasibleSpace();
        if (isType(p, ParameterType.DOUBLE) && space.stepText().isEmpty()) {
          add(parameterPath(i) + ".feasibleSpace.step", "pbt needs a step for double parameters: it samples from"
              + " min, min+step, ... max");
          continue;
        }
        double min = pyFloat(space.minText());
        double max = pyFloat(space.maxText());
        double step = space.stepText().isPresent() ? pyFloat(space.stepText()) : 1;
        if (Double.isNaN(min) || Double.isNaN(max) || Double.isNaN(step)) {
          continue;
        }
        double count = Math.ceil((max + step / 2 - min) / step);
        if (step == 0 || !(count >= 1)) {
          add(parameterPath(i) + ".feasibleSpace", "pbt finds no value from min " + space.minText().orElse("")
              + " to max " + space.maxText().orElse("") + " in steps of " + (space.stepText().orElse("1"))
              + "; use min <= max and a positive step");
        } else if (count > MAX_GRID_VALUES) {
          add(parameterPath(i) + ".feasibleSpace", "pbt lists every value from min " + space.minText().orElse("")
              + " to max " + space.maxText().orElse("") + " in steps of " + space.stepText().orElse("1") + " (numpy's"
              + " arange), about " + String.format(Locale.ROOT, "%.3g", count) + " values here, more than memory"
              + " holds, so Katib's pbt service fails; narrow the range or use a far larger step");
        }
      }
    }

    // ---- NAS: enas, darts ------------------------------------------------------------------------------------

    private static final Map<String, double[]> ENAS_FLOAT = Map.of(
        "controller_temperature", new double[] {0, Double.POSITIVE_INFINITY},
        "controller_tanh_const", new double[] {0, Double.POSITIVE_INFINITY},
        "controller_entropy_weight", new double[] {0, Double.POSITIVE_INFINITY},
        "controller_baseline_decay", new double[] {0, 1},
        "controller_learning_rate", new double[] {0, 1},
        "controller_skip_target", new double[] {0, 1},
        "controller_skip_weight", new double[] {0, Double.POSITIVE_INFINITY});
    private static final Set<String> ENAS_INT =
        Set.of("controller_hidden_size", "controller_train_steps", "controller_log_every_steps");
    private static final Set<String> ENAS_NONE = Set.of("controller_temperature", "controller_tanh_const",
        "controller_entropy_weight", "controller_skip_weight");

    private void enas() {
      NasConfig nas = spec.nasConfig().orElse(NasConfig.builder().build());
      GraphConfig graph = nas.graphConfig();
      String graphPath = "spec.nasConfig.graphConfig";
      if (graph.inputSizes().isEmpty()) {
        add(graphPath + ".inputSizes", "Missing InputSizes in GraphConfig: enas needs nasConfig.graphConfig");
      }
      if (graph.outputSizes().isEmpty()) {
        add(graphPath + ".outputSizes", "Missing OutputSizes in GraphConfig");
      }
      if (graph.numLayers().orElse(0) == 0) {
        add(graphPath + ".numLayers", "Missing NumLayers in GraphConfig: give a positive number of layers");
      }
      operations(nas);
      for (int i = 0; i < settings.size(); i++) {
        AlgorithmSetting s = settings.get(i);
        if (ENAS_NONE.contains(s.name()) && s.value().equals("None")) {
          continue;
        }
        if (ENAS_INT.contains(s.name())) {
          pyIntSetting(i, "at least 1", v -> v.signum() > 0);
        } else if (ENAS_FLOAT.containsKey(s.name())) {
          double[] range = ENAS_FLOAT.get(s.name());
          pyFloatSetting(i, "in (" + range[0] + ", " + range[1] + "]", v -> !(v <= range[0] || v > range[1]));
        } else {
          unknownSetting(i, String.join(", ", new java.util.TreeSet<>(
              union(ENAS_INT, ENAS_FLOAT.keySet()))));
        }
      }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
      Set<String> all = new java.util.HashSet<>(a);
      all.addAll(b);
      return all;
    }

    private void darts() {
      operations(spec.nasConfig().orElse(NasConfig.builder().build()));
      for (int i = 0; i < settings.size(); i++) {
        String s = settings.get(i).name();
        String value = settings.get(i).value();
        if (s.equals("num_epochs")) {
          pyIntSetting(i, "greater than zero", v -> v.signum() > 0);
        } else if (Set.of("w_lr", "w_lr_min", "alpha_lr", "w_weight_decay", "alpha_weight_decay", "w_momentum",
            "w_grad_clip").contains(s)) {
          pyFloatSetting(i, "greater than or equal to zero", v -> v >= 0);
        } else if (s.equals("batch_size") && !value.equals("None")) {
          pyIntSetting(i, "at least 1, or None", v -> v.signum() > 0);
        } else if (s.equals("num_workers")) {
          pyIntSetting(i, "greater than or equal to zero", v -> v.signum() >= 0);
        } else if (Set.of("init_channels", "print_step", "num_nodes", "stem_multiplier").contains(s)) {
          pyIntSetting(i, "at least 1", v -> v.signum() > 0);
        }
      }
    }

    /** Katib's {@code validate_operations}, shared by ENAS and DARTS. */
    private void operations(NasConfig nas) {
      List<Operation> operations = nas.operations();
      for (int i = 0; i < operations.size(); i++) {
        Operation operation = operations.get(i);
        String path = "spec.nasConfig.operations[" + i + "]";
        if (operation.operationType().isEmpty()) {
          add(path + ".operationType", "Missing operationType in Operation");
        }
        if (operation.parameters().isEmpty()) {
          add(path + ".parameters", "Missing ParameterConfigs in Operation: give each operation its parameters");
        }
        for (int j = 0; j < operation.parameters().size(); j++) {
          Parameter p = operation.parameters().get(j);
          String pPath = path + ".parameters[" + j + "]";
          if (p.name().isEmpty()) {
            add(pPath + ".name", "Missing Name in ParameterConfig");
          }
          ParameterType type = p.parameterType().orElse(ParameterType.UNKNOWN);
          FeasibleSpace space = p.feasibleSpace();
          if (type == ParameterType.UNKNOWN) {
            add(pPath + ".parameterType", "Missing ParameterType in ParameterConfig: use int, double, discrete or"
                + " categorical");
          } else if (type == ParameterType.CATEGORICAL || type == ParameterType.DISCRETE) {
            if (space.list().isEmpty()) {
              add(pPath + ".feasibleSpace.list", "Missing List in ParameterConfig.feasibleSpace");
            }
          } else {
            if (space.minText().isEmpty() && space.maxText().isEmpty()) {
              add(pPath + ".feasibleSpace", "Missing Max and Min in ParameterConfig.feasibleSpace");
            }
            if (type == ParameterType.DOUBLE && (space.stepText().isEmpty()
                || !(ForeignNumbers.pyFloat(space.stepText().get()).orElse(Double.NaN) > 0))) {
              add(pPath + ".feasibleSpace.step", "Step parameter should be > 0 in ParameterConfig.feasibleSpace");
            }
          }
        }
      }
    }

    // ---- medianstop ------------------------------------------------------------------------------------------

    void medianStop() {
      if (!name.equals("medianstop")) {
        add("spec.earlyStopping.algorithmName", "unknown algorithm name " + name + " for the medianstop service");
        return;
      }
      for (int i = 0; i < settings.size(); i++) {
        String path = "spec.earlyStopping.algorithmSettings[" + i + "]";
        AlgorithmSetting s = settings.get(i);
        Optional<BigInteger> value = ForeignNumbers.pyInt(s.value());
        if (s.name().equals("min_trials_required")) {
          if (value.isEmpty() || value.get().signum() <= 0) {
            add(path + ".value", "min_trials_required must be greater than zero (>0), found \"" + s.value() + "\"");
          }
        } else if (s.name().equals("start_step")) {
          if (value.isEmpty() || value.get().signum() <= 0) {
            add(path + ".value", "start_step must be greater or equal than one (>=1), found \"" + s.value() + "\"");
          }
        } else {
          add(path + ".name", "unknown setting " + s.name() + " for algorithm medianstop; the settings are"
              + " min_trials_required and start_step");
        }
      }
    }
  }
}
