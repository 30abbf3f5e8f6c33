package io.github.katib4j.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Katib's two-groups test of a metrics filter (M13), scanned instead of matched with a backtracking regex. */
class TwoGroupsTest {
  /** Katib's pattern, run with Go's meaning of {@code .} (anything but {@code \n}) and MatchString's (unanchored). */
  private static final Pattern KATIB = Pattern.compile(".*\\(.*\\).*\\(.*\\).*", Pattern.UNIX_LINES);
  private static final char[] ALPHABET = {'(', ')', '\n', '\r', 'a'};

  @Test
  void hasTwoGroups_agreesWithKatibsPatternOnEveryShortString() {
    int checked = 0;
    for (int length = 0; length <= 8; length++) {
      int count = (int) Math.pow(ALPHABET.length, length);
      for (int n = 0; n < count; n++) {
        StringBuilder text = new StringBuilder();
        for (int k = 0, rest = n; k < length; k++, rest /= ALPHABET.length) {
          text.append(ALPHABET[rest % ALPHABET.length]);
        }
        String format = text.toString();
        assertThat(ExperimentRules.hasTwoGroups(format)).as("%s", format.replace("\n", "\\n").replace("\r", "\\r"))
            .isEqualTo(KATIB.matcher(format).find());
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(400_000);
  }

  @Test
  void hasTwoGroups_readsKatibsOwnFilters() {
    assertThat(ExperimentRules.hasTwoGroups("([\\w|-]+)\\s*=\\s*([+-]?\\d*(\\.\\d+)?([Ee][+-]?\\d+)?)")).isTrue();
    assertThat(ExperimentRules.hasTwoGroups("{metricName: ([\\w|-]+), metricValue: ([+-]?\\d*(\\.\\d+)?)}")).isTrue();
    assertThat(ExperimentRules.hasTwoGroups("(\\w+)=\n(\\d+)")).isFalse();
    assertThat(ExperimentRules.hasTwoGroups("{metric: (\\w+)}")).isFalse();
  }

  @Test
  @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void hasTwoGroups_takesLinearTimeOnAFilterOfManyParentheses() {
    assertThat(ExperimentRules.hasTwoGroups("\\(".repeat(1_000_000))).isFalse();
    assertThat(ExperimentRules.hasTwoGroups("(".repeat(500_000) + ")(" + ")".repeat(500_000))).isTrue();
  }
}
