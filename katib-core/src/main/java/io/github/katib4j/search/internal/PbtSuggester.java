package io.github.katib4j.search.internal;

import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.ParameterType;
import io.github.katib4j.search.Assignment;
import io.github.katib4j.search.ParameterValue;
import io.github.katib4j.search.Proposal;
import io.github.katib4j.search.SearchParameter;
import io.github.katib4j.search.TrialState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Katib's {@code pbt} (population based training): generation 0 is {@code n_population} random trials; each later
 * generation is bred from the finished trials of the one before, and every bred trial continues from its parent's
 * checkpoint directory ({@link Proposal#checkpointParent()}, labels {@value #GENERATION} and {@value #PARENT}).
 *
 * <p>Breeding follows Katib's service: trials below the {@code truncation_threshold} quantile of the objective are
 * replaced ("exploit") by the hyperparameters of a random trial at or above the {@code 1 - truncation_threshold}
 * quantile; the others are "explored": each value multiplied by 0.8 or 1.2 (clipped to the bounds; list values move
 * to a neighbouring item). Katib v0.19.0's service fails on {@code resample_probability}, so it is rejected (rule
 * {@code S-pbt}) rather than honoured. Unlike Katib's service, an exploiting trial also takes the better trial's
 * checkpoint (as in the PBT paper; Katib keeps the weaker trial's own), and a failed trial's place is bred afresh
 * rather than retried with the same values.
 *
 * <p>Random trials are drawn from each parameter's distribution and step (Katib's service draws uniformly from the
 * steps); a log distribution of a range from 0 or below, which has no logarithm, is drawn uniformly, with a note.
 *
 * <p>A generation starts once the previous one has {@code n_population} finished trials; until then free slots get
 * extra members of the current generation (random ones in generation 0), as Katib's service spawns them.
 */
public final class PbtSuggester extends HistorySuggester {
  /** The label holding a trial's generation. */
  public static final String GENERATION = "pbt.suggestion.katib.kubeflow.org/generation";

  /** The label holding the name of the trial whose checkpoint a trial continues from. */
  public static final String PARENT = "pbt.suggestion.katib.kubeflow.org/parent";

  private final int population;
  private final double truncation;

  private PbtSuggester(AlgorithmContext context, long seed, int population, double truncation) {
    super(context, seed);
    this.population = population;
    this.truncation = truncation;
  }

  /** Katib's {@code pbt} with its settings {@code n_population} and {@code truncation_threshold}. */
  public static PbtSuggester create(AlgorithmContext context) {
    context.noteIgnoredRandomState();
    context.noteUniformLogRanges();
    if (!context.isValid()) {
      return null;
    }
    SettingsReader settings = context.settings();
    long population = settings.pyInt("n_population").orElse(5);
    double truncation = settings.pyFloat("truncation_threshold").orElse(0);
    return new PbtSuggester(context, context.seed(OptionalLong.empty()), (int) Math.min(population, 1_000_000),
        truncation);
  }

  @Override
  protected Proposal propose(int ordinal, Rng rng) {
    int current = 0;
    for (Entry e : entries()) {
      current = Math.max(current, generation(e));
    }
    int generation = current;
    if (members(current, false) >= population && finished(current).size() >= population) {
      generation = current + 1;
    }
    if (generation == 0) {
      return Proposal.builder().assignment(PriorSampler.sample(searchSpace(), rng))
          .labels(Map.of(GENERATION, "0")).build();
    }
    return breed(generation, finished(generation - 1), members(generation, true), rng);
  }

  private Proposal breed(int generation, List<Entry> pool, int slot, Rng rng) {
    if (pool.isEmpty()) {
      // Only trials told by hand, with a generation label but no finished ancestors, lead here.
      return Proposal.builder().assignment(PriorSampler.sample(searchSpace(), rng))
          .labels(Map.of(GENERATION, Integer.toString(generation))).build();
    }
    double[] scores = pool.stream().mapToDouble(e -> -e.loss()).toArray();
    double lower = quantile(scores, truncation);
    double upperBound = quantile(scores, 1 - truncation);
    List<Entry> weak = new ArrayList<>();
    List<Entry> others = new ArrayList<>();
    List<Entry> strong = new ArrayList<>();
    for (int i = 0; i < pool.size(); i++) {
      (scores[i] < lower ? weak : others).add(pool.get(i));
      if (scores[i] >= upperBound) {
        strong.add(pool.get(i));
      }
    }
    Rng order = Rng.of(seed(), 0x706274L, generation);
    shuffle(weak, order);
    shuffle(others, order);
    int exploiting = Math.min(weak.size(), (int) (population * truncation));
    int position = slot % population;
    Entry parent;
    Assignment assignment;
    if (position < exploiting) {
      if (strong.isEmpty()) {
        // Katib's service fails here too, on random.choice of an empty list.
        throw new KatibException("no trial is at or above the " + (1 - truncation) + " quantile of the objective to "
            + "copy from, because an objective value is infinite or NaN (the quantile is then NaN); Katib's pbt "
            + "service fails alike (IndexError: Cannot choose from an empty sequence). Let the trial report a finite "
            + "value, or fail it instead");
      }
      parent = strong.get(rng.nextInt(strong.size()));
      assignment = parent.assignment();
    } else {
      parent = others.get((position - exploiting) % others.size());
      assignment = explore(parent.assignment(), rng);
    }
    return Proposal.builder()
        .assignment(assignment)
        .labels(Map.of(GENERATION, Integer.toString(generation), PARENT, parent.name()))
        .checkpointParent(parent.name())
        .build();
  }

  private Assignment explore(Assignment source, Rng rng) {
    List<ParameterValue> values = new ArrayList<>();
    for (SearchParameter p : searchSpace().parameters()) {
      values.add(perturb(p, source.get(p.name()), rng));
    }
    return Assignment.of(values);
  }

  private static ParameterValue perturb(SearchParameter p, ParameterValue value, Rng rng) {
    boolean up = rng.nextDouble() < 0.5;
    if (!p.isNumeric()) {
      int size = p.values().size();
      int index = value.index().orElseThrow() + (up ? 1 : -1);
      // Katib's service wraps past the end to the first item and, through Python's negative indexing, before the
      // start to the last.
      return p.choice(index >= size ? 0 : (index < 0 ? size - 1 : index));
    }
    double factor = up ? 1.2 : 0.8;
    double perturbed = p.type() == ParameterType.INT
        ? (double) (long) (value.asLong() * factor)
        : value.asDouble() * factor;
    return p.number(Math.max(p.min(), Math.min(p.max(), perturbed)));
  }

  /** The trials of a generation: all of them, or only those running or with a result (not failed). */
  private int members(int generation, boolean countFailed) {
    int count = 0;
    for (Entry e : entries()) {
      if (generation(e) == generation && (countFailed || e.state() == TrialState.RUNNING || e.hasResult())) {
        count++;
      }
    }
    return count;
  }

  private List<Entry> finished(int generation) {
    List<Entry> finished = new ArrayList<>();
    for (Entry e : entries()) {
      if (generation(e) == generation && e.hasResult() && e.name() != null) {
        finished.add(e);
      }
    }
    finished.sort(Comparator.comparingInt(Entry::ordinal));
    return finished;
  }

  private static int generation(Entry e) {
    String label = e.labels().get(GENERATION);
    if (label == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(label.trim()));
    } catch (NumberFormatException ex) {
      return 0;
    }
  }

  /** numpy's default (linear) quantile. */
  static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
  }

  private static void shuffle(List<Entry> entries, Rng rng) {
    for (int i = entries.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      Entry t = entries.get(i);
      entries.set(i, entries.get(j));
      entries.set(j, t);
    }
  }
}
