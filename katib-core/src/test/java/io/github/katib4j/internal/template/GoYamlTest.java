package io.github.katib4j.internal.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.katib4j.testing.BillionLaughs;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoYamlTest {
  @Test
  void parse_billionLaughs_isRefusedAsGoYamlRefusesIt() {
    String text = BillionLaughs.yaml();

    assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
        assertThatThrownBy(() -> GoYaml.parse(text, GoYaml.GO)).isInstanceOf(IOException.class)
            .hasMessageContaining("document contains excessive aliasing"));
  }

  @Test
  void firstDocument_splitsOnSeparatorLinesAsKubernetesReaderDoes() throws IOException {
    assertThat(GoYaml.firstDocument("---\na: 1\n---\nb: 2\n")).isEqualTo("a: 1\n");
    assertThat(GoYaml.firstDocument("# note\n--- # start\na: 1\n")).isEqualTo("# note\n");
    assertThatThrownBy(() -> GoYaml.firstDocument("a: 1\n--- b\n")).isInstanceOf(IOException.class)
        .hasMessageContaining("invalid Yaml document separator: b");
  }

  @Test
  void parse_keepsTheLastOfRepeatedKeysAndQuotedTextAsStrings() throws IOException {
    assertThat(GoYaml.parse("a: 1\na: 2\nb: \"3\"\nc: !!str 4\n", GoYaml.GO).toString())
        .isEqualTo("{\"a\":2,\"b\":\"3\",\"c\":\"4\"}");
  }
}
