package io.github.katib4j.search.internal;

import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.ObjectiveType;
import io.github.katib4j.internal.validation.AlgorithmRules;
import io.github.katib4j.search.SearchSpace;
import io.github.katib4j.search.Suggester;
import io.github.katib4j.validation.KatibConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The search algorithms katib4j runs, by Katib name; adding one is one line in {@link #LOCAL}. */
public final class Algorithms {
  private static final Map<String, Function<AlgorithmContext, ? extends Suggester>> LOCAL = local();

  private static final String NAS = " is a neural architecture search, which runs only on a Katib cluster"
      + " (its controller trains a network inside the suggestion service); submit the experiment to Katib";

  /** Katib's algorithm names that katib4j does not run, with the reason. */
  private static final Map<String, String> ELSEWHERE = Map.of("enas", NAS, "darts", NAS);

  private Algorithms() {}

  private static Map<String, Function<AlgorithmContext, ? extends Suggester>> local() {
    Map<String, Function<AlgorithmContext, ? extends Suggester>> local = new LinkedHashMap<>();
    local.put("random", RandomSuggester::create);
    local.put("grid", GridSuggester::create);
    local.put("sobol", SobolSuggester::create);
    local.put("tpe", TpeSuggester::hyperopt);
    local.put("multivariate-tpe", TpeSuggester::multivariate);
    local.put("cmaes", CmaEsSuggester::create);
    local.put("bayesianoptimization", BayesianSuggester::create);
    local.put("hyperband", HyperbandSuggester::create);
    local.put("pbt", PbtSuggester::create);
    return Collections.unmodifiableMap(local);
  }

  /** The names katib4j runs locally, in a stable order. */
  public static Set<String> names() {
    return LOCAL.keySet();
  }

  /** The suggester for {@code spec}, or every problem Katib's suggestion service would report. */
  public static Suggester create(ExperimentSpec spec, long seed) {
    List<Problem> problems = new ArrayList<>();
    Suggester suggester = build(spec, seed, problems);
    if (!problems.isEmpty()) {
      String name = spec.algorithm().map(a -> a.algorithmName()).orElse("");
      throw new KatibValidationException("Algorithm " + (name.isEmpty() ? "(none)" : name), problems);
    }
    return suggester;
  }

  /** Every problem {@link #create} would report; empty when it would succeed. */
  public static List<Problem> validate(ExperimentSpec spec) {
    List<Problem> problems = new ArrayList<>();
    build(spec, 0, problems);
    return problems;
  }

  private static Suggester build(ExperimentSpec spec, long seed, List<Problem> problems) {
    String name = spec.algorithm().map(a -> a.algorithmName()).orElse("");
    if (name.isEmpty()) {
      problems.add(Problem.of("spec.algorithm.algorithmName", "A2", "an experiment needs an algorithm; use one of "
          + String.join(", ", names())));
      return null;
    }
    Function<AlgorithmContext, ? extends Suggester> factory = LOCAL.get(name);
    if (factory == null) {
      String reason = ELSEWHERE.getOrDefault(name, " is not a Katib algorithm katib4j knows; use one of "
          + String.join(", ", names()));
      problems.add(Problem.of("spec.algorithm.algorithmName", "A3", "algorithm " + name + reason));
      return null;
    }
    ObjectiveType objectiveType = objectiveType(spec, problems);
    SearchSpace space = space(spec, problems);
    // Katib's own checks of the algorithm's service (rules S-<algorithm>), shared with the validator.
    problems.addAll(AlgorithmRules.suggestion(spec, KatibConfig.defaults()));
    if (space == null || objectiveType == null) {
      return null;
    }
    AlgorithmContext context = new AlgorithmContext(name, spec, space, objectiveType, seed, problems);
    Suggester suggester = factory.apply(context);
    return problems.isEmpty() ? suggester : null;
  }

  /** The objective's type, or a problem (Katib's rules O1 and O2). */
  static ObjectiveType objectiveType(ExperimentSpec spec, List<Problem> problems) {
    if (spec.objective().isEmpty()) {
      problems.add(Problem.of("spec.objective", "O1", "an experiment needs an objective"));
      return null;
    }
    Objective objective = spec.objective().get();
    if (objective.type().isEmpty()) {
      problems.add(Problem.of("spec.objective.type", "O2", "the objective needs type minimize or maximize"));
      return null;
    }
    return objective.type().get();
  }

  /**
   * The search space the algorithm of {@code spec} proposes in and reads trials' assignments with: the experiment's
   * parameters, except that {@code hyperband}'s resource parameter takes its budget whatever its type
   * ({@link HyperbandSuggester#parameters}).
   *
   * @throws KatibValidationException as {@link SearchSpace#of(List)}
   */
  public static SearchSpace space(ExperimentSpec spec) {
    String name = spec.algorithm().map(a -> a.algorithmName()).orElse("");
    return SearchSpace.of(name.equals("hyperband") ? HyperbandSuggester.parameters(spec) : spec.parameters());
  }

  private static SearchSpace space(ExperimentSpec spec, List<Problem> problems) {
    try {
      return space(spec);
    } catch (KatibValidationException e) {
      problems.addAll(e.problems());
      return null;
    }
  }
}
