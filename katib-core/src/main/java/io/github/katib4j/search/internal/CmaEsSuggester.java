package io.github.katib4j.search.internal;

import io.github.katib4j.experiment.Distribution;
import io.github.katib4j.search.Assignment;
import io.github.katib4j.search.ParameterValue;
import io.github.katib4j.search.Proposal;
import io.github.katib4j.search.SearchParameter;
import io.github.katib4j.search.TrialState;
import io.github.katib4j.search.internal.cmaes.Candidate;
import io.github.katib4j.search.internal.cmaes.CmaEs;
import io.github.katib4j.search.internal.cmaes.RestartStrategy;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Katib's {@code cmaes} (goptuna's CMA-ES sampler): CMA-ES over the {@code int} and {@code double} parameters, with
 * Katib's settings {@code random_state}, {@code sigma} (the initial step size in the parameters' own units) and
 * {@code restart_strategy} ({@code ipop}, {@code bipop} or {@code none}); {@code categorical} and {@code discrete}
 * parameters are drawn uniformly for each trial, as goptuna's independent sampler does.
 *
 * <p>Each numeric parameter is one coordinate of [0, 1]: a range with a step (ints always step) has one level per
 * value, which CMA-ES with margin handles as discrete; a continuous range maps linearly, or on a log scale for
 * {@code logUniform} and {@code logNormal} (Katib's goptuna service ignores distributions; here they are honoured, as
 * {@code sobol} does, except for a range from 0 or below, which has no logarithm and is searched linearly, with a
 * note). Succeeded trials feed CMA-ES their objective value;
 * failed and early-stopped ones count as failures, as goptuna ignores pruned trials.
 *
 * <p>Replay: every proposal carries the label {@value #CANDIDATE} ({@code <generation>-<index>}) naming the CMA-ES
 * candidate it evaluates, and results reach CMA-ES in trial order, up to the first trial still running that belongs to
 * the current generation. The CMA-ES state is therefore a function of the trials and their labels alone, which the
 * engine's journal holds, so a restart continues exactly. The price: a trial that runs far longer than the others
 * holds back the generation's update until it ends; meanwhile new trials are further draws from the current
 * generation, as parallel trials are. Trials without the label (added by hand) do not reach CMA-ES.
 */
public final class CmaEsSuggester extends HistorySuggester {
  /** The label naming the CMA-ES candidate a trial evaluates, as {@code <generation>-<index>}. */
  public static final String CANDIDATE = "cmaes.katib4j.github.io/candidate";

  private static final Pattern CANDIDATE_VALUE = Pattern.compile("(\\d{1,9})-(\\d{1,9})");
  /** Ranges with more values than this are searched as continuous and rounded to their step. */
  private static final long MAX_LEVELS = 1 << 20;
  private static final int DUPLICATE_RETRIES = 20;

  private final List<SearchParameter> numeric = new ArrayList<>();
  private final List<SearchParameter> lists = new ArrayList<>();
  private final int[] levels;
  private final double sigma0;
  private final RestartStrategy restartStrategy;

  /** Each trial's candidate id, by ordinal; -1 for a trial without the label. */
  private final List<Long> ids = new ArrayList<>();
  private CmaEs cmaes;
  /** Trials [0, cursor) have been fed to CMA-ES; those whose result CMA-ES took are marked, with what it took. */
  private int cursor;
  private final BitSet consequential = new BitSet();
  private final List<TrialState> fedStates = new ArrayList<>();
  private final List<Double> fedLosses = new ArrayList<>();
  private boolean stale;

  private CmaEsSuggester(AlgorithmContext context, long seed, OptionalDouble sigma, RestartStrategy restartStrategy) {
    super(context, seed);
    for (SearchParameter p : context.space().parameters()) {
      (p.isNumeric() ? numeric : lists).add(p);
    }
    this.levels = new int[numeric.size()];
    double smallestRange = Double.POSITIVE_INFINITY;
    for (int i = 0; i < levels.length; i++) {
      SearchParameter p = numeric.get(i);
      long cardinality = p.step().isPresent() ? p.cardinality() : 0;
      levels[i] = cardinality > 0 && cardinality <= MAX_LEVELS ? (int) cardinality : 0;
      if (p.max() > p.min()) {
        smallestRange = Math.min(smallestRange, p.max() - p.min());
      }
    }
    // goptuna's default sigma is a sixth of the smallest range, in the parameters' units; CMA-ES here works on
    // [0, 1] coordinates, where that default is 1/6, so a sigma setting is scaled by the same range.
    this.sigma0 = sigma.isPresent() && sigma.getAsDouble() > 0 && Double.isFinite(smallestRange)
        ? sigma.getAsDouble() / smallestRange : 1.0 / 6.0;
    this.restartStrategy = restartStrategy;
    this.cmaes = fresh();
  }

  /** Katib's {@code cmaes}; notes the log distributions from 0 or below, which it searches uniformly. */
  public static CmaEsSuggester create(AlgorithmContext context) {
    context.noteUniformLogRanges();
    if (!context.isValid()) {
      return null;
    }
    SettingsReader settings = context.settings();
    String restart = settings.raw("restart_strategy").orElse("none");
    RestartStrategy strategy = restart.equals("ipop") ? RestartStrategy.IPOP
        : restart.equals("bipop") ? RestartStrategy.BIPOP : RestartStrategy.NONE;
    return new CmaEsSuggester(context, context.seed(settings.goInt("random_state")), settings.goFloat("sigma"),
        strategy);
  }

  private CmaEs fresh() {
    return CmaEs.builder(levels.length).levels(levels).seed(seed()).sigma0(sigma0).restartStrategy(restartStrategy)
        .build();
  }

  @Override
  protected void told(Entry entry) {
    int ordinal = entry.ordinal();
    if (ordinal == ids.size()) {
      ids.add(candidateId(entry));
    }
    if (ordinal < cursor && consequential.get(ordinal) && (entry.state() != fedStates.get(ordinal)
        || Double.compare(entry.loss(), fedLosses.get(ordinal)) != 0)) {
      // A trial CMA-ES has learnt from was told again with another outcome: relearn from the start.
      stale = true;
    }
  }

  @Override
  protected Proposal propose(int ordinal, Rng rng) {
    feed();
    int generation = cmaes.generation();
    BitSet used = new BitSet();
    for (long id : ids) {
      if (id >= 0 && (int) (id >>> 32) == generation) {
        used.set((int) id);
      }
    }
    int index = used.nextClearBit(0);
    Assignment assignment = assignment(cmaes.candidate(index), rng);
    for (int retry = 0; retry < DUPLICATE_RETRIES && isKnown(assignment); retry++) {
      // A discrete space can map distinct candidates to one assignment; try the generation's next candidates.
      index = used.nextClearBit(index + 1);
      assignment = assignment(cmaes.candidate(index), rng);
    }
    if (isKnown(assignment)) {
      return Proposal.builder().assignment(unseen(assignment, rng)).build();
    }
    return Proposal.builder().assignment(assignment).labels(Map.of(CANDIDATE, generation + "-" + index)).build();
  }

  /** Tells CMA-ES the outcomes of the trials after the cursor, in trial order, up to one it must wait for. */
  private void feed() {
    if (stale) {
      cmaes = fresh();
      cursor = 0;
      consequential.clear();
      fedStates.clear();
      fedLosses.clear();
      stale = false;
    }
    List<Entry> entries = entries();
    while (cursor < entries.size()) {
      Entry e = entries.get(cursor);
      long id = ids.get(cursor);
      boolean current = id >= 0 && (int) (id >>> 32) >= cmaes.generation();
      if (current && (int) (id >>> 32) > cmaes.generation()) {
        // A label from a generation CMA-ES has not reached can only have been written by hand.
        id = -1;
        current = false;
      }
      if (current && e.state() == TrialState.RUNNING) {
        break;
      }
      boolean took = false;
      if (current) {
        took = e.state() == TrialState.SUCCEEDED && e.hasResult() ? cmaes.tell(id, e.loss()) : cmaes.tellFailure(id);
      }
      consequential.set(cursor, took);
      fedStates.add(e.state());
      fedLosses.add(e.loss());
      cursor++;
    }
  }

  /** The trial's candidate id from its label, or -1 when it has none. */
  private static long candidateId(Entry entry) {
    String label = entry.labels().get(CANDIDATE);
    if (label == null) {
      return -1;
    }
    Matcher m = CANDIDATE_VALUE.matcher(label);
    return m.matches() ? Candidate.id(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : -1;
  }

  private Assignment assignment(Candidate candidate, Rng rng) {
    double[] x = candidate.x();
    List<ParameterValue> values = new ArrayList<>();
    for (int i = 0; i < levels.length; i++) {
      SearchParameter p = numeric.get(i);
      if (levels[i] > 0) {
        values.add(p.gridPoint(candidate.level(i, levels[i])));
      } else {
        values.add(PriorSampler.quantise(p, continuous(p, x[i])));
      }
    }
    for (SearchParameter p : lists) {
      values.add(p.choice(rng.nextInt(p.values().size())));
    }
    Assignment unordered = Assignment.of(values);
    List<ParameterValue> ordered = new ArrayList<>();
    for (SearchParameter p : searchSpace().parameters()) {
      ordered.add(unordered.get(p.name()));
    }
    return Assignment.of(ordered);
  }

  /** The value of coordinate {@code u} in [0, 1]: linear in the range, or in its logarithm for log distributions. */
  private static double continuous(SearchParameter p, double u) {
    double min = p.min();
    double max = p.max();
    double v = PriorSampler.distribution(p) == Distribution.LOG_UNIFORM
        || PriorSampler.distribution(p) == Distribution.LOG_NORMAL
        ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
    return Math.min(max, Math.max(min, v));
  }
}
