package io.github.katib4j.search.internal;

import io.github.katib4j.Problem;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.ObjectiveType;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.search.SearchParameter;
import io.github.katib4j.search.SearchSpace;
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

  AlgorithmContext(String algorithmName, ExperimentSpec spec, SearchSpace space, ObjectiveType objectiveType,
      long engineSeed, List<Problem> problems) {
    this.algorithmName = algorithmName;
    this.spec = spec;
    this.space = space;
    this.objectiveType = objectiveType;
    this.engineSeed = engineSeed;
    this.problems = problems;
    this.settings = new SettingsReader(algorithmName, "spec.algorithm.algorithmSettings", "S-" + algorithmName,
        spec.algorithm().map(a -> a.algorithmSettings()).orElse(List.of()), problems);
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
