package io.github.katib4j;

import io.github.katib4j.experiment.Condition;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Thrown while waiting for an experiment that ended Failed; carries Katib's reason and message. */
public class ExperimentFailedException extends KatibException {
  private static final long serialVersionUID = 1L;

  private final transient Experiment experiment;
  private final String conditionReason;
  private final String conditionMessage;
  private final String detail;

  public ExperimentFailedException(Experiment experiment, String conditionReason, String conditionMessage) {
    this(experiment, conditionReason, conditionMessage, null);
  }

  /**
   * With {@code detail} (may be null): what is known beyond Katib's condition, such as why the suggestion failed,
   * which the experiment's condition does not say.
   */
  public ExperimentFailedException(Experiment experiment, String conditionReason, String conditionMessage,
      String detail) {
    super("Experiment " + ExperimentRef.of(experiment) + " failed: " + conditionReason + ": " + conditionMessage
        + (detail == null ? "" : " (" + detail + ")"));
    this.experiment = experiment;
    this.conditionReason = conditionReason;
    this.conditionMessage = conditionMessage;
    this.detail = detail;
  }

  /** The experiment as last seen, with its status. */
  public Experiment experiment() {
    return experiment;
  }

  /** The Failed condition's reason, such as {@code ExperimentFailed}. */
  public String conditionReason() {
    return conditionReason;
  }

  /** The Failed condition's message, such as "Experiment has failed because max failed count has reached". */
  public String conditionMessage() {
    return conditionMessage;
  }

  /**
   * Why, beyond the condition, when known: for "Suggestion has failed", the reason the suggestion gave (on a cluster
   * the Suggestion's Failed condition, such as "Validation failed: ..."; locally the algorithm's error); for "max
   * failed count has reached", what the last trial to fail said (see {@link #trialFailures}).
   */
  public Optional<String> detail() {
    return Optional.ofNullable(detail);
  }

  /**
   * What the failed trials among {@code trials} say, for the detail of an experiment that failed because of them: "3
   * trials failed; the last, NAME: MESSAGE" with the last one's Failed or MetricsUnavailable condition (Katib's
   * condition, "max failed count has reached", names none of them). Empty when none failed.
   */
  public static Optional<String> trialFailures(List<Trial> trials) {
    return trialFailures(trials, trial -> Optional.empty());
  }

  /**
   * As {@link #trialFailures(List)}, with what is known about the last failed trial beyond its condition ({@code
   * more}, such as the local engine's exit code and output of a process trial, whose condition carries only the Job's
   * "Job has reached the specified backoff limit") in parentheses after its condition's message.
   */
  public static Optional<String> trialFailures(List<Trial> trials, Function<? super Trial, Optional<String>> more) {
    int failed = 0;
    Trial last = null;
    Instant lastEnd = Instant.MIN;
    for (Trial trial : trials) {
      if (trial.status().flatMap(TrialStatus::failure).isPresent()) {
        failed++;
        Instant end = trial.status().flatMap(TrialStatus::completionTime).orElse(Instant.MIN);
        if (!end.isBefore(lastEnd)) {
          last = trial;
          lastEnd = end;
        }
      }
    }
    if (last == null) {
      return Optional.empty();
    }
    Condition why = last.status().flatMap(TrialStatus::failure).orElseThrow();
    return Optional.of((failed == 1 ? "1 trial failed: " : failed + " trials failed; the last, ") + last.name() + ": "
        + why.message() + more.apply(last).map(detail -> " (" + detail + ")").orElse(""));
  }
}
