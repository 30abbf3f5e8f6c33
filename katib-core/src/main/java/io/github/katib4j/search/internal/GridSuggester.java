package io.github.katib4j.search.internal;

import io.github.katib4j.search.Assignment;
import io.github.katib4j.search.ParameterValue;
import io.github.katib4j.search.Proposal;
import io.github.katib4j.search.SearchParameter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Katib's {@code grid} (Optuna's {@code GridSampler}): every combination of the parameters' values exactly once, in
 * a seeded random order, then the end of the search.
 *
 * <p>Combinations are numbered as Optuna does ({@code itertools.product} over the parameters sorted by name, the last
 * varying fastest) and visited in the order of a pseudo-random permutation of those numbers keyed by the seed, which
 * needs no memory for the grid itself. Values step from {@code min} in decimal arithmetic, so {@code max} is reached
 * when it lies on the grid (numpy's {@code arange}, which Katib uses, can miss it by rounding).
 */
public final class GridSuggester extends HistorySuggester {
  private static final long MAX_COMBINATIONS = 1L << 62;

  private final List<SearchParameter> sorted;
  private final long[] sizes;
  private final long combinations;
  private final Permutation order;
  private final Set<Long> used = new HashSet<>();
  private long cursor;

  private GridSuggester(AlgorithmContext context, long seed, List<SearchParameter> sorted, long[] sizes,
      long combinations) {
    super(context, seed);
    this.sorted = sorted;
    this.sizes = sizes;
    this.combinations = combinations;
    this.order = new Permutation(combinations, seed);
  }

  /**
   * Katib's {@code grid}, visiting the combinations in an order seeded with {@code random_state} when set; adds a
   * problem when the grid has more than 2^62 combinations, which this numbering cannot hold.
   */
  public static GridSuggester create(AlgorithmContext context) {
    if (!context.isValid()) {
      return null;
    }
    List<SearchParameter> sorted = new ArrayList<>(context.space().parameters());
    sorted.sort(Comparator.comparing(SearchParameter::name));
    long[] sizes = new long[sorted.size()];
    long combinations = 1;
    boolean overflow = false;
    for (int i = 0; i < sorted.size(); i++) {
      sizes[i] = sorted.get(i).cardinality();
      try {
        combinations = Math.multiplyExact(combinations, sizes[i]);
      } catch (ArithmeticException e) {
        overflow = true;
      }
    }
    if (overflow || combinations > MAX_COMBINATIONS) {
      context.problem("spec.parameters", "the grid has more than 2^62 combinations; use larger steps or fewer"
          + " values");
      return null;
    }
    return new GridSuggester(context, context.seed(context.settings().pyInt("random_state")), sorted, sizes,
        combinations);
  }

  /** The number of combinations. */
  public long combinations() {
    return combinations;
  }

  @Override
  public boolean isExhausted() {
    return used.size() >= combinations;
  }

  @Override
  public boolean ignoresResults() {
    return true;
  }

  @Override
  protected Proposal propose(int ordinal, Rng rng) {
    while (cursor < combinations) {
      long id = order.apply(cursor++);
      if (!used.contains(id)) {
        return Proposal.builder().assignment(combination(id)).build();
      }
    }
    return null;
  }

  @Override
  protected void told(Entry entry) {
    long id = gridId(entry.assignment());
    if (id >= 0) {
      used.add(id);
    }
  }

  private Assignment combination(long id) {
    ParameterValue[] values = new ParameterValue[sorted.size()];
    long rest = id;
    for (int i = sorted.size() - 1; i >= 0; i--) {
      values[i] = sorted.get(i).gridPoint(rest % sizes[i]);
      rest /= sizes[i];
    }
    List<ParameterValue> inSpaceOrder = new ArrayList<>();
    for (SearchParameter p : searchSpace().parameters()) {
      inSpaceOrder.add(values[sorted.indexOf(p)]);
    }
    return Assignment.of(inSpaceOrder);
  }

  /** The combination's number, or -1 when the assignment is not on the grid (a trial added by hand). */
  private long gridId(Assignment assignment) {
    long id = 0;
    for (int i = 0; i < sorted.size(); i++) {
      SearchParameter p = sorted.get(i);
      ParameterValue value = assignment.get(p.name());
      long k;
      if (p.isNumeric()) {
        k = Math.round((value.asDouble() - p.min()) / p.step().getAsDouble());
        if (k < 0 || k >= sizes[i]
            || new BigDecimal(value.text()).compareTo(new BigDecimal(p.gridPoint(k).text())) != 0) {
          return -1;
        }
      } else {
        k = value.index().orElseThrow();
      }
      id = id * sizes[i] + k;
    }
    return id;
  }

  /**
   * A pseudo-random permutation of [0, n): a four-round Feistel network on the smallest even number of bits that
   * covers n, walking the cycle until it lands inside the range.
   */
  static final class Permutation {
    private final long n;
    private final int halfBits;
    private final long mask;
    private final long[] keys = new long[4];

    Permutation(long n, long seed) {
      this.n = n;
      int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1)));
      this.halfBits = (bits + 1) / 2;
      this.mask = (1L << halfBits) - 1;
      Rng rng = Rng.of(seed, 0x67726964L);
      for (int i = 0; i < keys.length; i++) {
        keys[i] = rng.nextLong();
      }
    }

    long apply(long index) {
      long x = index;
      do {
        x = encrypt(x);
      } while (x >= n);
      return x;
    }

    private long encrypt(long x) {
      long left = x >>> halfBits;
      long right = x & mask;
      for (long key : keys) {
        long next = left ^ (Rng.mix(right ^ key) & mask);
        left = right;
        right = next;
      }
      return (left << halfBits) | right;
    }
  }
}
