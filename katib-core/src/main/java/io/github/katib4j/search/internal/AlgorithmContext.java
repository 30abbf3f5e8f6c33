package io.github.katib4j.search.internal;

import io.github.katib4j.Problem;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.ObjectiveType;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.internal.Numbers;
import io.github.katib4j.search.SearchParameter;
import io.github.katib4j.search.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** What an algorithm's factory gets: the spec, its checked search space, its settings, and where problems go. */
public final class AlgorithmContext {
  private final String algorithmName;
  private final ExperimentSpec spec;
  private final SearchSpace space;
  private final ObjectiveType objectiveType;
  private final long engineSeed;
  private final List<Problem> problems;
  private final SettingsReader settings;
  private final List<String> notes = new ArrayList<>();

  AlgorithmContext(String algorithmName, ExperimentSpec spec, SearchSpace space, ObjectiveType objectiveType,
      long engineSeed, List<Problem> problems) {
    this.algorithmName = algorithmName;
    this.spec = spec;
    this.space = space;
    this.objectiveType = objectiveType;
    this.engineSeed = engineSeed;
    this.problems = problems;
    this.settings = new SettingsReader(spec.algorithm().map(a -> a.algorithmSettings()).orElse(List.of()));
  }

  public String algorithmName() {
    return algorithmName;
  }

  public ExperimentSpec spec() {
    return spec;
  }

  public SearchSpace space() {
    return space;
  }

  public ObjectiveType objectiveType() {
    return objectiveType;
  }

  public SettingsReader settings() {
    return settings;
  }

  /** The {@code random_state} setting where the algorithm has one and it is set, else the engine's seed. */
  public long seed(OptionalLong randomState) {
    return randomState.isPresent() ? randomState.getAsLong() : engineSeed;
  }

  /** Whether no problem has been found so far. */
  public boolean isValid() {
    return problems.isEmpty();
  }

  /**
   * Notes each log-distributed range that starts at 0 or below, for the algorithms that honour distributions where
   * Katib's service ignores them ({@code sobol}, {@code cmaes}, {@code hyperband}, {@code pbt}): such a range has no
   * logarithm, so they search it uniformly, as Katib does ({@link PriorSampler#distribution}).
   */
  public void noteUniformLogRanges() {
    for (SearchParameter p : space.parameters()) {
      if (p.isNumeric() && p.isLog() && PriorSampler.distribution(p) != p.distribution()) {
        notes.add("parameter " + p.name() + " has distribution " + p.distribution() + " but min "
            + Numbers.format(p.min()) + ", which has no logarithm, so "
            + algorithmName + " searches it uniformly, as Katib's " + algorithmName + " service searches every range;"
            + " give it min > 0 to search it on a log scale");
      }
    }
  }

  /**
   * Notes a {@code random_state} setting of an algorithm whose Katib service has no such setting ({@code hyperband},
   * {@code pbt}): the service accepts it and draws unseeded values, so the search here is seeded with the seed it was
   * given, and a user who set random_state to repeat a search would otherwise believe it did.
   */
  public void noteIgnoredRandomState() {
    if (settings.raw("random_state").isPresent()) {
      notes.add("random_state is not a setting of Katib's " + algorithmName + " service, which ignores it (its"
          + " values are drawn unseeded), and so does katib4j: this search is seeded with the engine's seed instead;"
          + " set it with LocalKatib.builder().seed(N) or katib run --seed N");
    }
  }

  /** Adds a note for the user; see {@link io.github.katib4j.search.Suggester#notes()}. */
  public void note(String note) {
    notes.add(note);
  }

  /** The notes for the user added so far; see {@link io.github.katib4j.search.Suggester#notes()}. */
  List<String> notes() {
    return List.copyOf(notes);
  }

  /**
   * Adds a problem with rule {@code K-local}: what katib4j's search cannot run although Katib's service can, such as
   * more dimensions than the embedded direction numbers of {@code sobol} cover.
   */
  public void localProblem(String path, String message) {
    problems.add(Problem.of(path, "K-local", message));
  }

  /** Adds a problem about the experiment as a whole. */
  public void problem(String path, String message) {
    problems.add(Problem.of(path, "S-" + algorithmName, message));
  }

  /** Adds a problem about parameter {@code parameter} at {@code field} (such as {@code feasibleSpace.step}). */
  public void problem(SearchParameter parameter, String field, String message) {
    List<Parameter> parameters = spec.parameters();
    int index = 0;
    while (index < parameters.size() && !parameters.get(index).name().equals(parameter.name())) {
      index++;
    }
    String path = "spec.parameters[" + index + "]" + (field.isEmpty() ? "" : "." + field);
    problems.add(Problem.of(path, "S-" + algorithmName, message));
  }
}
