package io.github.katib4j.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Problems found after reading, located in the text they were read from. */
class KatibCodecLocateTest {
  private static final String TEXT = String.join("\n",
      "apiVersion: kubeflow.org/v1beta1",
      "kind: Experiment",
      "metadata:",
      "  name: located",
      "spec:",
      "  maxTrialCount: 2",
      "  parallelTrialCount: 3",
      "  parameters:",
      "    - name: lr",
      "      parameterType: double",
      "");

  @Test
  void locate_fieldInTheText_getsItsLineAndColumn() {
    List<Problem> located = KatibCodec.create().locate(TEXT, "e.yaml", List.of(
        Problem.of("spec.parallelTrialCount", "V6", "should be less than or equal to spec.maxTrialCount (2)")));

    assertThat(located).singleElement().hasToString("e.yaml:7:3: spec.parallelTrialCount: should be less than or "
        + "equal to spec.maxTrialCount (2) [V6]");
  }

  @Test
  void locate_fieldMissingFromTheText_getsItsNearestEnclosingField() {
    List<Problem> located = KatibCodec.create().locate(TEXT, "e.yaml", List.of(
        Problem.of("spec.parameters[0].feasibleSpace", "V10", "is required")));

    assertThat(located).singleElement().satisfies(p -> {
      assertThat(p.position().orElseThrow().line()).isEqualTo(9);
      assertThat(p.path()).isEqualTo("spec.parameters[0].feasibleSpace");
    });
  }

  @Test
  void locate_problemAlreadyLocated_keepsItsPosition() {
    Problem first = KatibCodec.create().locate(TEXT, "e.yaml", List.of(Problem.of("spec.maxTrialCount", "V3", "x")))
        .get(0);

    assertThat(KatibCodec.create().locate(TEXT, "other.yaml", List.of(first))).containsExactly(first);
  }
}
