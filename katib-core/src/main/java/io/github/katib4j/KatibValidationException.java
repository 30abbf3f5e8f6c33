package io.github.katib4j;

import io.github.katib4j.internal.MissingAttributes;
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

  /**
   * For the builders of katib4j's values, whose {@code build()} calls it with the message Immutables generates for
   * required attributes left unset ({@code Cannot build ParameterAssignment, some of required attributes are not set
   * [name, value]}): says instead what the type needs and how to set it ({@code ParameterAssignment needs name, value;
   * set them on its builder with .name(...), .value(...) before build()}), with a problem per attribute (rule
   * {@code schema}). A message of another form is kept as it is, with no problems.
   */
  public KatibValidationException(String message) {
    this(MissingAttributes.of(message));
  }

  private KatibValidationException(MissingAttributes missing) {
    super(missing.message());
    this.problems = missing.problems();
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
