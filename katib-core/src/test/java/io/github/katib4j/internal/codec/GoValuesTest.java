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
  void numberText_keepsInt64sAndTurnsTheRestIntoFloat64s() {
    assertThat(GoValues.numberText("9223372036854775807")).isEqualTo("9223372036854775807");
    assertThat(GoValues.numberText("9223372036854775808")).isEqualTo("9223372036854776000");
    assertThat(GoValues.numberText("1.0")).isEqualTo("1");
    assertThat(GoValues.numberText("1E3")).isEqualTo("1000");
    assertThat(GoValues.numberText("-0")).isEqualTo("0");
  }
}
