package io.github.katib4j.search;

import java.util.List;

/**
 * One search algorithm, asked for trials and told what became of them; made by {@link Suggesters#create}.
 *
 * <p>The engine tells the suggester about every trial it creates (first {@link TrialState#RUNNING}, then each later
 * state); telling a trial again replaces what was told before. A told trial that has the assignment and labels of a
 * proposal not yet told takes that proposal's place; any other told trial (after a restart, or added by hand) joins
 * the history as it is.
 *
 * <p>Proposals are a deterministic function of the seed, the trials told (in the order they were first told), the
 * proposals asked and not yet told, and how many trials each ask requests (which {@code tpe} reads as Katib's hyperopt
 * service reads its request's size); an engine that replays its journal into a new suggester after a restart, telling
 * every trial in creation order, then gets exactly what the old one would have proposed. A suggester is not
 * thread-safe.
 */
public interface Suggester {
  /** Katib's name of the algorithm, such as {@code tpe}. */
  String algorithmName();

  SearchSpace searchSpace();

  /** Records the current state of a trial. */
  void tell(TrialRecord trial);

  /** Records the current states of these trials, in order. */
  default void tellAll(Iterable<TrialRecord> trials) {
    trials.forEach(this::tell);
  }

  /**
   * Up to {@code count} new trials, distinct from the trials known and from each other where the algorithm can ensure
   * it; fewer when the algorithm must first see results (Hyperband between rungs) or has run out
   * ({@link #isExhausted()}).
   */
  List<Proposal> ask(int count);

  /**
   * Whether the algorithm will propose nothing more, such as a grid whose every combination has been proposed or a
   * Hyperband whose last bracket has been proposed; the engine ends the experiment once running trials finish, as
   * Katib does with {@code ExperimentSuggestionEndReached}.
   */
  boolean isExhausted();

  /**
   * What the algorithm searches differently from what the experiment says, for the user to read once when it starts,
   * such as a log distribution it searches uniformly; empty when it searches as written.
   */
  default List<String> notes() {
    return List.of();
  }

  /**
   * Whether proposals never depend on trials' results, only on the seed and the assignments known (random, grid,
   * Sobol). An engine may then ask for a trial's proposal while the trials before it still run, and get what it would
   * have got after they ended: the local engine sets up the next process trial while the current one runs.
   */
  default boolean ignoresResults() {
    return false;
  }
}
