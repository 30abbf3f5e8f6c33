package io.github.katib4j.search.internal;

import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterType;
import io.github.katib4j.search.Assignment;
import io.github.katib4j.search.ParameterValue;
import io.github.katib4j.search.Proposal;
import io.github.katib4j.search.SearchParameter;
import io.github.katib4j.search.TrialState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Katib's {@code hyperband}: brackets {@code s = s_max .. 0}, each starting {@code n} random trials with budget
 * {@code r} in the {@code resource_name} parameter and promoting the best {@code ceil(n_i / eta)} of each rung, with
 * {@code eta} times the budget, once the whole rung has finished.
 *
 * <p>The arithmetic is Katib's: {@code s_max = int(log(r_l) / log(eta))},
 * {@code n = ceil((s_max + 1) * eta^s / (s + 1))}, {@code r = r_l * eta^-s}, budgets truncated with {@code int()},
 * rung {@code i} keeping {@code ceil(ceil(n * eta^-(i-1)) / eta)} trials. Katib's service replaces {@code n} by the
 * number of trials the controller happens to request and stalls when a trial of a rung fails; here {@code n} follows
 * the formula and a rung promotes only trials with results (a failed trial's place is not refilled). A bracket's first
 * rung needs no results, so it is proposed while the last rung of the bracket before still runs. Random trials are
 * drawn from each parameter's distribution and step (Katib's service draws uniformly and ignores both); a log
 * distribution of a range from 0 or below, which has no logarithm, is drawn uniformly, with a note.
 */
public final class HyperbandSuggester extends HistorySuggester {
  private final double eta;
  private final double rL;
  private final int sMax;
  private final SearchParameter resource;

  private HyperbandSuggester(AlgorithmContext context, long seed, double eta, double rL, int sMax,
      SearchParameter resource) {
    super(context, seed);
    this.eta = eta;
    this.rL = rL;
    this.sMax = sMax;
    this.resource = resource;
  }

  /**
   * The parameters of {@code spec} as hyperband searches them: a {@code categorical} or {@code discrete} resource
   * parameter becomes an {@code int} range from 0 to {@code r_l}. Katib's hyperband service writes the budget
   * ({@code str(int(r))}) into the resource parameter whatever its type, and Katib creates the trials with it, so
   * such a parameter takes whole numbers that need not be among its items.
   */
  static List<Parameter> parameters(ExperimentSpec spec) {
    SettingsReader settings = new SettingsReader(spec.algorithm().map(a -> a.algorithmSettings()).orElse(List.of()));
    Optional<String> resource = settings.raw("resource_name");
    long maxBudget = (long) Math.max(0, Math.min(Long.MAX_VALUE, settings.pyFloat("r_l").orElse(0)));
    List<Parameter> parameters = new ArrayList<>();
    for (Parameter p : spec.parameters()) {
      boolean listed = p.parameterType().filter(t -> t == ParameterType.CATEGORICAL || t == ParameterType.DISCRETE)
          .isPresent();
      parameters.add(listed && resource.isPresent() && p.name().equals(resource.get())
          ? Parameter.intRange(p.name(), 0, maxBudget) : p);
    }
    return parameters;
  }

  /** Katib's {@code hyperband} with its settings {@code r_l}, {@code resource_name} and {@code eta}. */
  public static HyperbandSuggester create(AlgorithmContext context) {
    SettingsReader settings = context.settings();
    SearchParameter resource = settings.raw("resource_name").flatMap(context.space()::find).orElse(null);
    Optional<Parameter> written = settings.raw("resource_name").flatMap(name -> context.spec().parameters().stream()
        .filter(p -> p.name().equals(name)).findFirst());
    written.flatMap(Parameter::parameterType)
        .filter(t -> t == ParameterType.CATEGORICAL || t == ParameterType.DISCRETE)
        .ifPresent(type -> context.note("parameter " + written.get().name() + " is " + type + ", yet hyperband gives"
            + " it the budget of each trial (a whole number, not one of its items), as Katib's hyperband service"
            + " does"));
    context.noteIgnoredRandomState();
    context.noteUniformLogRanges();
    if (!context.isValid() || resource == null) {
      return null;
    }
    double rL = settings.pyFloat("r_l").orElseThrow();
    double eta = settings.pyFloat("eta").orElse(3);
    if (eta <= 0) {
      eta = 3;
    }
    int sMax = (int) (StrictMath.log(rL) / StrictMath.log(eta));
    return new HyperbandSuggester(context, context.seed(OptionalLong.empty()), eta, rL, sMax, resource);
  }

  @Override
  public boolean isExhausted() {
    return walk(entries().size(), null) == Step.END;
  }

  @Override
  protected Proposal propose(int ordinal, Rng rng) {
    Proposal[] result = new Proposal[1];
    Step step = walk(ordinal, (assignment, budget) -> result[0] = Proposal.builder()
        .assignment(withBudget(assignment == null ? PriorSampler.sample(searchSpace(), rng) : assignment, budget))
        .build());
    return step == Step.PROPOSE ? result[0] : null;
  }

  /** The budget of rung {@code i} of bracket {@code s}, as Katib computes it. */
  long budget(int s, int i) {
    double r = rL * Math.pow(eta, -s);
    return (long) (r * Math.pow(eta, i));
  }

  /** The number of trials bracket {@code s} starts with. */
  int bracketSize(int s) {
    return (int) Math.ceil((sMax + 1) * (Math.pow(eta, s) / (s + 1)));
  }

  private enum Step { PROPOSE, WAIT, END }

  private interface Emit {
    /** A trial with this assignment (null for a random one) and budget. */
    void trial(Assignment assignment, long budget);
  }

  /**
   * Walks the brackets and rungs over the trials by ordinal to find what trial {@code ordinal} is: a random trial
   * of a first rung, the promotion of a trial of the previous rung, nothing yet (that rung is still running), or
   * past the end.
   */
  private Step walk(int ordinal, Emit emit) {
    List<Entry> entries = entries();
    int position = 0;
    for (int s = sMax; s >= 0; s--) {
      int n = bracketSize(s);
      if (ordinal < position + n) {
        if (emit != null) {
          emit.trial(null, budget(s, 0));
        }
        return Step.PROPOSE;
      }
      int previousStart = position;
      int previousSize = n;
      position += n;
      for (int i = 1; i <= s; i++) {
        int planned = (int) Math.ceil(Math.ceil(n * Math.pow(eta, -(i - 1))) / eta);
        List<Entry> previous = entries.subList(previousStart, Math.min(entries.size(), previousStart + previousSize));
        if (previous.stream().anyMatch(e -> e.state() == TrialState.RUNNING)) {
          return Step.WAIT;
        }
        List<Entry> ranked = new ArrayList<>();
        previous.stream().filter(Entry::hasResult).forEach(ranked::add);
        ranked.sort(Comparator.comparingDouble(Entry::loss).thenComparingInt(Entry::ordinal));
        int size = Math.min(planned, ranked.size());
        if (ordinal < position + size) {
          if (emit != null) {
            emit.trial(ranked.get(ordinal - position).assignment(), budget(s, i));
          }
          return Step.PROPOSE;
        }
        previousStart = position;
        previousSize = size;
        position += size;
      }
    }
    return Step.END;
  }

  private Assignment withBudget(Assignment assignment, long budget) {
    List<ParameterValue> values = new ArrayList<>();
    for (ParameterValue v : assignment) {
      values.add(v.name().equals(resource.name()) ? resource.number(budget) : v);
    }
    return Assignment.of(values);
  }
}
