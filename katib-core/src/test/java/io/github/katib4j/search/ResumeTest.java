package io.github.katib4j.search;

import static io.github.katib4j.search.Searches.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract the local engine's journal relies on, for every algorithm. */
class ResumeTest {
  private static final Parameter[] SPACE = {
    Parameter.doubleRange("lr", 0.001, 0.1).step(0.001), Parameter.intRange("epochs", 1, 27),
    Parameter.categorical("opt", "sgd", "adam", "rmsprop")};

  static Stream<ExperimentSpec> specs() {
    return Stream.of(
        spec("random", SPACE),
        spec("grid", SPACE),
        spec("sobol", SPACE),
        spec("tpe", SPACE),
        spec("multivariate-tpe", SPACE),
        spec(Algorithm.hyperband("epochs", 27), SPACE).withParallelTrialCount(27),
        spec(Algorithm.pbt().setting("suggestion_trial_dir", "/ckpt").setting("n_population", "6")
            .setting("truncation_threshold", "0.3"), SPACE));
  }

  private static double objective(Assignment a) {
    return Math.abs(a.asDouble("lr") - 0.03) * 100 + Math.abs(a.asLong("epochs") - 9) + a.get("opt").index()
        .orElseThrow();
  }

  /**
   * Runs trials three at a time, finishing the two oldest running ones after each batch, so that results arrive out
   * of creation order and some trials are still running at the end; returns each trial's latest record by name.
   */
  private static Map<String, TrialRecord> run(Suggester suggester, int trials) {
    Map<String, TrialRecord> journal = new LinkedHashMap<>();
    Deque<TrialRecord> running = new ArrayDeque<>();
    int created = 0;
    while (created < trials && !suggester.isExhausted()) {
      List<Proposal> batch = suggester.ask(3);
      for (Proposal p : batch) {
        TrialRecord record = p.toTrial("trial-" + created++);
        suggester.tell(record);
        journal.put(record.name(), record);
        running.add(record);
      }
      int finish = batch.isEmpty() ? running.size() : Math.min(2, running.size());
      for (int i = 0; i < finish; i++) {
        TrialRecord done = running.removeFirst();
        done = done.name().hashCode() % 7 == 0 ? done.withState(TrialState.FAILED)
            : done.withState(TrialState.SUCCEEDED).withObjectiveValue(objective(done.assignment()));
        suggester.tell(done);
        journal.put(done.name(), done);
      }
    }
    return journal;
  }

  @ParameterizedTest
  @MethodSource("specs")
  void ask_afterReplayingTheJournal_proposesWhatTheRunningSuggesterWould(ExperimentSpec spec) {
    Suggester live = Suggesters.create(spec, 42);
    Map<String, TrialRecord> journal = run(live, 40);

    Suggester restarted = Suggesters.create(spec, 42);
    restarted.tellAll(journal.values());

    assertThat(restarted.isExhausted()).isEqualTo(live.isExhausted());
    List<Proposal> expected = live.ask(3);
    assertThat(restarted.ask(3)).isEqualTo(expected);
    if (!expected.isEmpty()) {
      assertThat(restarted.ask(2)).isEqualTo(live.ask(2));
    }
  }

  @ParameterizedTest
  @MethodSource("specs")
  void ask_severalBeforeAnyTell_proposesNoDuplicates(ExperimentSpec spec) {
    Suggester suggester = Suggesters.create(spec, 7);
    run(suggester, 20);

    List<Proposal> batch = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      batch.addAll(suggester.ask(1));
    }

    Set<Assignment> distinct = new HashSet<>();
    batch.forEach(p -> distinct.add(p.assignment()));
    if (!spec.algorithm().orElseThrow().algorithmName().equals("pbt")) {
      // PBT's exploit step copies a strong trial's values on purpose; its labels and parents tell them apart.
      assertThat(distinct).hasSameSizeAs(batch);
    }
  }
}
