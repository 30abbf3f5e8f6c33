package io.github.katib4j.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.k8s.ContractExperiments;
import io.github.katib4j.testing.KatibContract.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule K-size: which of Katib's objects outgrows etcd's limit, and what the message advises for it. */
class ClusterChecksSizeTest {
  private static final long ETCD = 3L * 512 * 1024;
  private final List<Problem> errors = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();

  private static Experiment withLargeTemplate(int chars, int maxTrialCount) {
    Experiment base = ContractExperiments.random("big", "team-a", Outcome.SUCCEED);
    return ContractExperiments.withLargeTemplate(base.withSpec(base.spec().withMaxTrialCount(maxTrialCount)), chars);
  }

  private void check(Experiment experiment) {
    new ClusterChecks(null, "kubeflow", ETCD, setting -> "--" + setting).checkSize(experiment, 0, errors, warnings);
  }

  @Test
  void experimentOf750Kilobytes_fitsEveryObjectKatibStores() {
    // The Suggestion holds no trial template, and the Experiment is stored once (no last-applied-configuration).
    Experiment experiment = withLargeTemplate(750_000, 12);
    StatusSize size = StatusSize.of(experiment);

    assertThat(size.suggestionBytes(12)).isLessThan(16 * 1024);
    assertThat(size.experimentBytes(12)).isBetween(750_000L, 800_000L);
    assertThat(size.trialBytes()).isBetween(750_000L, 800_000L);
    check(experiment);
    assertThat(errors).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void templateNearTheLimit_makesEveryTrialTooLarge_andSaysSo() {
    check(withLargeTemplate(1_430_000, 12));

    assertThat(errors).anySatisfy(p -> {
      assertThat(p.path()).isEqualTo("spec.trialTemplate");
      assertThat(p.message()).startsWith("each Trial holds the rendered trial template in spec.runSpec, so every"
          + " Trial is about 14").contains("Katib cannot store its trials").contains("keep large content out of"
          + " the trial template").contains("raise the limit with --objectSizeLimit");
    });
    // The Experiment, with its spec of that size, fills too; the Suggestion does not.
    assertThat(errors).anySatisfy(p -> assertThat(p.message()).contains("the Experiment object lists every trial's"
        + " name").contains("keep large content out of the trial template"));
    assertThat(errors).noneSatisfy(p -> assertThat(p.message()).contains("Suggestion"));
  }

  @Test
  void experimentLargerThanTheApiServerAccepts_getsItsOwnPlainMessage() {
    check(withLargeTemplate(3_500_000, 12));

    assertThat(errors).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("spec.trialTemplate");
      assertThat(p.message()).startsWith("the Experiment itself is about 34").contains("more than the 3 MiB the API"
          + " server accepts in a request: the API server refuses to create it").doesNotContain("objectSizeLimit")
          .doesNotContain("maxTrialCount");
    });
    errors.clear();
    check(withLargeTemplate(2_000_000, 12));
    assertThat(errors).singleElement().satisfies(p -> assertThat(p.message()).contains("more than etcd's 1.5 MiB"
        + " object limit: the API server refuses to create it").contains("raise the limit with --objectSizeLimit"));
  }

  @Test
  void manyTrials_nameTheSuggestion_withAdviceForIt() {
    Experiment base = ContractExperiments.random("a-long-experiment-name-of-forty-chars-x", "team-a",
        Outcome.SUCCEED);
    check(base.withSpec(base.spec().withMaxTrialCount(20_000)));

    assertThat(errors).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("spec.maxTrialCount");
      assertThat(p.message()).startsWith("with maxTrialCount 20000, Katib's Suggestion object keeps every trial's"
          + " name and parameter assignments").contains("kubeflow/katib#1847").contains("split the search into"
          + " several experiments").contains("raise the limit with --objectSizeLimit");
    });
  }
}
