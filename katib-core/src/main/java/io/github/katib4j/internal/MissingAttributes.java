package io.github.katib4j.internal;

import io.github.katib4j.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a value's builder was built without, from the message Immutables' generated {@code build()} passes to the
 * style's {@code throwForInvalidImmutableState}:
 * {@code Cannot build X, some of required attributes are not set [a, b]}.
 */
public final class MissingAttributes {
  private static final Pattern IMMUTABLES = Pattern.compile(
      "Cannot build (\\w+), some of required attributes are not set \\[(.*)\\]");

  private final String message;
  private final List<Problem> problems;

  private MissingAttributes(String message, List<Problem> problems) {
    this.message = message;
    this.problems = problems;
  }

  /** Says what the type needs and how to set it; a message of another form is kept as it is, with no problems. */
  public static MissingAttributes of(String message) {
    Matcher m = IMMUTABLES.matcher(message == null ? "" : message);
    if (!m.matches()) {
      return new MissingAttributes(message, List.of());
    }
    List<String> names = Arrays.stream(m.group(2).split(",")).map(String::trim).filter(n -> !n.isEmpty())
        .collect(Collectors.toList());
    List<Problem> problems = new ArrayList<>();
    for (String name : names) {
      problems.add(Problem.of(name, "schema", "is required; set it with ." + name + "(...)"));
    }
    String setters = names.stream().map(n -> "." + n + "(...)").collect(Collectors.joining(", "));
    boolean one = names.size() == 1;
    return new MissingAttributes(m.group(1) + " needs " + String.join(", ", names) + "; set " + (one ? "it" : "them")
        + " on its builder with " + setters + " before build()", List.copyOf(problems));
  }

  public String message() {
    return message;
  }

  public List<Problem> problems() {
    return problems;
  }
}
