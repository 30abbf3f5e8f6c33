package io.github.katib4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemTest {
  @Test
  void of_messageWithControlCharacters_escapesThemSoTheProblemIsOneLine() {
    Problem problem = Problem.of("spec.x", "K-number", "min is \"0\u0000\n\t\r\u007f\u0085\u2028\", not a number");

    assertThat(problem.message()).isEqualTo("min is \"0\\u0000\\n\\t\\r\\u007f\\u0085\\u2028\", not a number");
    assertThat(problem.toString()).doesNotContain("\n").doesNotContain("\u0000");
    assertThat(Problem.of("", "V1", "plain é ✓").message()).isEqualTo("plain é ✓");
  }
}
