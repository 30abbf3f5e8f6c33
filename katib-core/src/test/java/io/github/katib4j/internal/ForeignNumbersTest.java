package io.github.katib4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForeignNumbersTest {
  /** Answers of Go 1.24's strconv.ParseFloat(s, 64), run on this machine; "error" where it returned one. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1_000|1000", "1.5_0|1.5", "1_23.50_0_0e+1_2|1.235e14", "0x_1p0|1", "+Inf|Infinity", "+infinity|Infinity",
      "_1|error", "1__0|error", "+nan|error", "-nan|error", "1e999|error", "0x1|error"})
  void goParseFloat_answersAsGoDoes(String text, String go) {
    OptionalDouble expected = go.equals("error") ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(go));

    assertThat(ForeignNumbers.goParseFloat(text)).as(text).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"1_000|1000", "+nan|NaN", "' 2.5 '|2.5", "1__0|error"})
  void pyFloat_answersAsPythonDoes(String text, String python) {
    OptionalDouble expected = python.equals("error") ? OptionalDouble.empty()
        : OptionalDouble.of(Double.parseDouble(python));

    assertThat(ForeignNumbers.pyFloat(text)).as(text).isEqualTo(expected);
  }
}
