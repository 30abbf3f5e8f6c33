package io.github.katib4j;

import java.util.List;
import java.util.stream.Collectors;

/** An object Katib would reject, or that would certainly fail once running; lists every problem found. */
public class KatibValidationException extends KatibException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public KatibValidationException(String subject, List<Problem> problems) {
    super(describe(subject, problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in field order. */
  public List<Problem> problems() {
    return problems;
  }

  static String describe(String subject, List<Problem> problems) {
    return subject + " has " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n"
        + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
  }
}
