package io.github.katib4j.search.internal;

import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.ObjectiveType;
import io.github.katib4j.search.Assignment;
import io.github.katib4j.search.Proposal;
import io.github.katib4j.search.SearchSpace;
import io.github.katib4j.search.Suggester;
import io.github.katib4j.search.TrialRecord;
import io.github.katib4j.search.TrialState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The history every suggester keeps: trials in the order they were first proposed or told, each with its latest
 * record, and proposals not yet told. Subclasses propose one trial at a time from that history and a random stream
 * keyed by the seed and the new trial's ordinal, which makes proposals reproducible after a replay.
 */
public abstract class HistorySuggester implements Suggester {
  private final String algorithmName;
  private final SearchSpace space;
  private final ObjectiveType objectiveType;
  private final long seed;
  private final List<Entry> entries = new ArrayList<>();
  private final List<Entry> view = Collections.unmodifiableList(entries);
  private final Map<String, Entry> byName = new HashMap<>();
  private final List<Entry> pending = new LinkedList<>();
  private final Set<Assignment> known = new HashSet<>();
  private final List<String> notes;
  private int request;

  protected HistorySuggester(AlgorithmContext context, long seed) {
    this.algorithmName = context.algorithmName();
    this.space = context.space();
    this.objectiveType = context.objectiveType();
    this.seed = seed;
    this.notes = context.notes();
  }

  @Override
  public final List<String> notes() {
    return notes;
  }

  @Override
  public final String algorithmName() {
    return algorithmName;
  }

  @Override
  public final SearchSpace searchSpace() {
    return space;
  }

  @Override
  public final void tell(TrialRecord trial) {
    Objects.requireNonNull(trial, "trial");
    Entry entry = byName.get(trial.name());
    if (entry == null) {
      // A proposal's own assignment is found without parsing it again, which would cost more than the rest of a tell.
      entry = claimPending(trial.assignment(), trial.labels());
      if (entry == null) {
        Assignment assignment = space.assignment(trial.assignment().toMap());
        entry = claimPending(assignment, trial.labels());
        if (entry == null) {
          entry = new Entry(entries.size(), assignment, trial.labels());
          entries.add(entry);
          known.add(assignment);
        }
      }
      byName.put(trial.name(), entry);
    } else if (!entry.assignment.equals(trial.assignment())) {
      Assignment assignment = space.assignment(trial.assignment().toMap());
      if (!entry.assignment.equals(assignment)) {
        throw new KatibException("trial " + trial.name() + " was told with assignment " + entry.assignment
            + " and now with " + assignment + "; a trial's assignment cannot change");
      }
    }
    entry.record = trial;
    entry.loss = trial.hasResult() ? loss(trial.objectiveValue().getAsDouble()) : Double.NaN;
    told(entry);
  }

  @Override
  public final List<Proposal> ask(int count) {
    if (count < 0) {
      throw new KatibException("ask(count) takes how many proposals are wanted, 0 or more; got " + count);
    }
    List<Proposal> proposals = new ArrayList<>();
    request = count;
    while (proposals.size() < count && !isExhausted()) {
      int ordinal = entries.size();
      Proposal proposal = propose(ordinal, Rng.of(seed, ordinal));
      if (proposal == null) {
        break;
      }
      Entry entry = new Entry(ordinal, proposal.assignment(), proposal.labels());
      entries.add(entry);
      known.add(entry.assignment);
      pending.add(entry);
      told(entry);
      proposals.add(proposal);
    }
    return proposals;
  }

  @Override
  public boolean isExhausted() {
    return false;
  }

  /** The next proposal for the trial with this ordinal, or null when the algorithm has nothing to propose now. */
  protected abstract Proposal propose(int ordinal, Rng rng);

  /** Called when an entry is proposed or its record changes; subclasses update their caches here. */
  protected void told(Entry entry) {}

  /** Every trial and pending proposal, by ordinal. */
  protected final List<Entry> entries() {
    return view;
  }

  protected final long seed() {
    return seed;
  }

  /**
   * The number of trials the current {@link #ask} asked for, which is Katib's {@code current_request_number}: the
   * engine asks for all the trials it adds at once, as Katib's controller requests them of its service.
   */
  protected final int requestSize() {
    return request;
  }

  /** Whether a trial or a pending proposal already has this assignment. */
  protected final boolean isKnown(Assignment assignment) {
    return known.contains(assignment);
  }

  /**
   * {@code proposal}, or when a trial already has it (likely only in a small discrete space) an unseen draw from
   * {@link #prior}, if 100 draws find one.
   */
  protected final Assignment unseen(Assignment proposal, Rng rng) {
    for (int attempt = 0; attempt < 100 && known.contains(proposal); attempt++) {
      proposal = prior(rng);
    }
    return proposal;
  }

  /**
   * A random draw from the search space as the algorithm's Katib service maps it: by default each parameter's own
   * distribution, as hyperopt maps them ({@link PriorSampler}).
   */
  protected Assignment prior(Rng rng) {
    return PriorSampler.sample(space, rng);
  }

  /** The value to minimise for an objective value. */
  protected final double loss(double objectiveValue) {
    return objectiveType == ObjectiveType.MAXIMIZE ? -objectiveValue : objectiveValue;
  }

  private Entry claimPending(Assignment assignment, Map<String, String> labels) {
    for (Iterator<Entry> it = pending.iterator(); it.hasNext(); ) {
      Entry candidate = it.next();
      if (candidate.assignment.equals(assignment) && candidate.labels.equals(labels)) {
        it.remove();
        return candidate;
      }
    }
    return null;
  }

  /** One trial, or a proposal that has not been told yet (which counts as running). */
  public static final class Entry {
    private final int ordinal;
    private final Assignment assignment;
    private final Map<String, String> labels;
    private TrialRecord record;
    private double loss = Double.NaN;

    Entry(int ordinal, Assignment assignment, Map<String, String> labels) {
      this.ordinal = ordinal;
      this.assignment = assignment;
      this.labels = Map.copyOf(labels);
    }

    /** The position in the history, from 0. */
    public int ordinal() {
      return ordinal;
    }

    public Assignment assignment() {
      return assignment;
    }

    public Map<String, String> labels() {
      return labels;
    }

    /** The trial's name, or null while the proposal has not been told. */
    public String name() {
      return record == null ? null : record.name();
    }

    public TrialState state() {
      return record == null ? TrialState.RUNNING : record.state();
    }

    /** Whether the trial finished with an objective value to learn from. */
    public boolean hasResult() {
      return !Double.isNaN(loss);
    }

    /** The objective value as a loss (negated when maximizing); NaN without a result. */
    public double loss() {
      return loss;
    }

    /** The latest record, or null while the proposal has not been told. */
    public TrialRecord record() {
      return record;
    }

    @Override
    public String toString() {
      return "#" + ordinal + " " + assignment + " " + state() + (hasResult() ? " loss=" + loss : "");
    }
  }
}
