package io.github.katib4j.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class GoValuesTest {
  private static String plain(String text) throws IOException {
    return GoValues.resolvePlain(text).toString();
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
  void formatFloat_writesWhatGosEncoderWrites() {
    assertThat(GoValues.formatFloat(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(GoValues.formatFloat(1e21)).isEqualTo("1e+21");
    assertThat(GoValues.formatFloat(1e20)).isEqualTo("100000000000000000000");
    assertThat(GoValues.formatFloat(1e-6)).isEqualTo("0.000001");
    assertThat(GoValues.formatFloat(1e-7)).isEqualTo("1e-7");
    assertThat(GoValues.formatFloat(-2.5e-10)).isEqualTo("-2.5e-10");
    assertThat(GoValues.formatFloat(5e-324)).isEqualTo("5e-324");
    assertThat(GoValues.formatFloat(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
    assertThat(GoValues.formatFloat(123456789.0)).isEqualTo("123456789");
    assertThat(GoValues.formatFloat(-0.0)).isEqualTo("-0");
  }

  @Test
  void yamlNumber_writesWhatGoYamlWritesForANumberItReadFromJson() {
    // strconv.FormatFloat(f, 'g', -1, 64): an exponent below -4 or from 6 on, with at least two digits.
    assertThat(GoValues.yamlNumber("1e-7")).isEqualTo("1e-07");
    assertThat(GoValues.yamlNumber("0.0000001")).isEqualTo("1e-07");
    assertThat(GoValues.yamlNumber("1.0E-7")).isEqualTo("1e-07");
    assertThat(GoValues.yamlNumber("0.0001")).isEqualTo("0.0001");
    assertThat(GoValues.yamlNumber("0.00001")).isEqualTo("1e-05");
    assertThat(GoValues.yamlNumber("0.001")).isEqualTo("0.001");
    assertThat(GoValues.yamlNumber("123456.5")).isEqualTo("123456.5");
    assertThat(GoValues.yamlNumber("1234567.5")).isEqualTo("1.2345675e+06");
    assertThat(GoValues.yamlNumber("1e+21")).isEqualTo("1e+21");
    assertThat(GoValues.yamlNumber("-2.5e-10")).isEqualTo("-2.5e-10");
    assertThat(GoValues.yamlNumber("1.0")).isEqualTo("1");
    assertThat(GoValues.yamlNumber("0.30000000000000004")).isEqualTo("0.30000000000000004");
    // Integers stay as they are while they fit an int64 or a uint64; beyond, they are float64s.
    assertThat(GoValues.yamlNumber("12")).isEqualTo("12");
    assertThat(GoValues.yamlNumber("-9223372036854775808")).isEqualTo("-9223372036854775808");
    assertThat(GoValues.yamlNumber("12345678901234567000")).isEqualTo("12345678901234567000");
    assertThat(GoValues.yamlNumber("123456789012345680000")).isEqualTo("1.2345678901234568e+20");
    assertThat(GoValues.yamlNumber("-0")).isEqualTo("0");
  }

  @Test
  void yamlKeyLess_isGoYamlsOrder_digitRunsByValue_lettersAfterOtherCharacters() {
    java.util.List<String> keys = new java.util.ArrayList<>(java.util.List.of("a10", "aB", "a_b", "a9", "b", "A",
        "a", "a-b", "a09"));
    keys.sort((x, y) -> GoValues.yamlKeyLess(x, y) ? -1 : GoValues.yamlKeyLess(y, x) ? 1 : 0);

    assertThat(keys).containsExactly("A", "a", "a-b", "a_b", "a9", "a09", "a10", "aB", "b");
  }

  @Test
  void numberText_keepsInt64sAndTurnsTheRestIntoFloat64s() {
    assertThat(GoValues.numberText("9223372036854775807")).isEqualTo("9223372036854775807");
    assertThat(GoValues.numberText("9223372036854775808")).isEqualTo("9223372036854776000");
    assertThat(GoValues.numberText("1.0")).isEqualTo("1");
    assertThat(GoValues.numberText("1E3")).isEqualTo("1000");
    assertThat(GoValues.numberText("-0")).isEqualTo("0");
  }
}
