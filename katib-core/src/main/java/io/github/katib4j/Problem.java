package io.github.katib4j;

import io.github.katib4j.internal.ControlCharacters;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing wrong with an object: where (the field path, such as {@code spec.parameters[1].feasibleSpace.max}, and
 * where known the line and column in the source), which rule found it, and a message that says how to fix it.
 *
 * <p>Rule ids are Katib's where Katib has the rule (for example {@code V6}, {@code P6}, {@code T13}, see
 * {@code docs/validation-rules.md}); katib4j's own checks for things Katib lets through but that certainly fail later
 * start with {@code K-}; problems found while reading (a wrong JSON type, an unknown field) have the rule
 * {@code schema}.
 */
public final class Problem {
  private final String path;
  private final String rule;
  private final String message;
  private final SourcePosition position;

  private Problem(String path, String rule, String message, SourcePosition position) {
    this.path = Objects.requireNonNull(path, "path");
    this.rule = Objects.requireNonNull(rule, "rule");
    this.message = Objects.requireNonNull(message, "message");
    this.position = position;
  }

  /**
   * A problem; control characters in {@code message} (such as a NUL or a line break inside a value it quotes) are
   * written as JSON writes them ({@code &#92;n}, {@code &#92;u0000}), so a problem always prints as one line of text.
   */
  public static Problem of(String path, String rule, String message) {
    return new Problem(path, rule, ControlCharacters.oneLine(Objects.requireNonNull(message, "message")), null);
  }

  /** The field path, such as {@code spec.parameters[1].feasibleSpace.max}; empty for the object as a whole. */
  public String path() {
    return path;
  }

  /** The id of the rule that found the problem. */
  public String rule() {
    return rule;
  }

  public String message() {
    return message;
  }

  /** Where in the source text the field is, when the object was read from text. */
  public Optional<SourcePosition> position() {
    return Optional.ofNullable(position);
  }

  /** A copy located at {@code position}. */
  public Problem at(SourcePosition position) {
    return new Problem(path, rule, message, position);
  }

  /** {@code [position: ]path: message [rule]}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (position != null) {
      text.append(position).append(": ");
    }
    if (!path.isEmpty()) {
      text.append(path).append(": ");
    }
    return text.append(message).append(" [").append(rule).append(']').toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Problem)) {
      return false;
    }
    Problem other = (Problem) o;
    return path.equals(other.path) && rule.equals(other.rule) && message.equals(other.message)
        && Objects.equals(position, other.position);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, rule, message, position);
  }
}
