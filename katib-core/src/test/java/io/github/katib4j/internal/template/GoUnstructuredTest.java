package io.github.katib4j.internal.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class GoUnstructuredTest {
  @Test
  void decode_jsonThatGoCannotReadAfterLeadingWhiteSpace_fallsBackToYamlWithoutThatWhiteSpace() throws IOException {
    // A raw tab inside a string is invalid JSON but valid YAML; Go's decoder drops the leading tab before YAML.
    assertThat(GoUnstructured.decode("\t{\"kind\": \"Job\", \"a\": \"x\ty\"}").get("a").getAsString())
        .isEqualTo("x\ty");
    assertThat(GoUnstructured.decode(" \u00a0\n{\"kind\": \"Job\", \"a\": \"x\ty\"}").get("kind").getAsString())
        .isEqualTo("Job");
  }

  @Test
  void decode_objectWithoutKindOrWithAnUnparsableApiVersion_isMissingItsKindAsInGo() {
    assertThatThrownBy(() -> GoUnstructured.decode("{\"apiVersion\": \"a/b/c\", \"kind\": \"Job\"}"))
        .isInstanceOf(IOException.class).hasMessageContaining("Object 'Kind' is missing");
    assertThatThrownBy(() -> GoUnstructured.decode("kind: 5\n"))
        .isInstanceOf(IOException.class).hasMessageContaining("Object 'Kind' is missing");
  }
}
