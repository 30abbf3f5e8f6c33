package io.github.katib4j.internal.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.katib4j.testing.BillionLaughs;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoYamlTest {
  private static String plain(String text) throws IOException {
    return GoYaml.resolvePlain(text).toString();
  }

  @Test
  void resolvePlain_typesScalarsAsGoYamlV2Does() throws IOException {
    assertThat(plain("y")).isEqualTo("true");
    assertThat(plain("Off")).isEqualTo("false");
    assertThat(plain("~")).isEqualTo("null");
    assertThat(plain("010")).isEqualTo("8");
    assertThat(plain("0x1F")).isEqualTo("31");
    assertThat(plain("0b101")).isEqualTo("5");
    assertThat(plain("1_000")).isEqualTo("1000");
    assertThat(plain("08")).isEqualTo("8");
    assertThat(plain("1e3")).isEqualTo("1000");
    assertThat(plain(".5")).isEqualTo("0.5");
    assertThat(plain("+12")).isEqualTo("12");
    assertThat(plain("2001-12-14")).isEqualTo("\"2001-12-14\"");
    assertThat(plain("1.2.3")).isEqualTo("\"1.2.3\"");
    assertThat(plain("--lr=0.1")).isEqualTo("\"--lr=0.1\"");
    assertThatThrownBy(() -> plain(".nan")).isInstanceOf(IOException.class);
  }

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
