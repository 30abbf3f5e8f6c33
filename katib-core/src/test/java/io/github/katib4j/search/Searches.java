package io.github.katib4j.search;

import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Specs and ask/tell loops shared by the search tests. */
final class Searches {
  private Searches() {}

  static ExperimentSpec spec(Algorithm algorithm, Parameter... parameters) {
    return ExperimentSpec.builder()
        .objective(Objective.minimize("loss"))
        .algorithm(algorithm)
        .addParameters(parameters)
        .build();
  }

  static ExperimentSpec spec(String algorithm, Parameter... parameters) {
    return spec(Algorithm.named(algorithm), parameters);
  }

  /** The mean over seeds 0 to {@code seeds - 1} of the best value {@code algorithm} finds in {@code trials} trials. */
  static double meanBest(String algorithm, Parameter[] space, ToDoubleFunction<Assignment> f, int trials, int seeds) {
    double sum = 0;
    for (int seed = 0; seed < seeds; seed++) {
      sum += best(minimise(Suggesters.create(spec(algorithm, space), seed), f, trials));
    }
    return sum / seeds;
  }

  /** Asks and tells {@code trials} trials one at a time, each succeeding with {@code f}; returns them in order. */
  static List<TrialRecord> minimise(Suggester suggester, ToDoubleFunction<Assignment> f, int trials) {
    List<TrialRecord> done = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      List<Proposal> proposals = suggester.ask(1);
      if (proposals.isEmpty()) {
        break;
      }
      done.add(succeed(suggester, proposals.get(0), "t" + t, f.applyAsDouble(proposals.get(0).assignment())));
    }
    return done;
  }

  /** Tells the suggester the trial made from {@code proposal} succeeded with {@code value}; returns its record. */
  static TrialRecord succeed(Suggester suggester, Proposal proposal, String name, double value) {
    TrialRecord record = proposal.toTrial(name).withState(TrialState.SUCCEEDED).withObjectiveValue(value);
    suggester.tell(record);
    return record;
  }

  static double best(List<TrialRecord> trials) {
    return trials.stream().mapToDouble(t -> t.objectiveValue().getAsDouble()).min().orElseThrow();
  }

  /** Branin-Hoo on x1 in [-5, 10], x2 in [0, 15]; minimum 0.397887. */
  static double branin(Assignment a) {
    double x1 = a.asDouble("x1");
    double x2 = a.asDouble("x2");
    double u = x2 - 5.1 / (4 * Math.PI * Math.PI) * x1 * x1 + 5 / Math.PI * x1 - 6;
    return u * u + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
  }

  static Parameter[] braninSpace() {
    return new Parameter[] {Parameter.doubleRange("x1", -5, 10), Parameter.doubleRange("x2", 0, 15)};
  }
}
