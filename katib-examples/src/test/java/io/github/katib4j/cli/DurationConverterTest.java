package io.github.katib4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @Test
  void convert_bothForms_giveTheSameDuration() {
    assertThat(converter.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(converter.convert("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
    assertThat(converter.convert("300000d")).isEqualTo(Duration.ofDays(300_000));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "0h0m", "PT0S", "PT-5S", "-PT5S"})
  void convert_zeroOrNegativeInEitherForm_isRefusedAsNotMoreThanZero(String text) {
    assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
        .hasMessage("must be more than zero, found \"" + text + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999d", "106751991167301d"})
  void convert_moreThanADurationHolds_saysTooLong(String text) {
    assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
        .hasMessage("too long: \"" + text + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "5 minutes", "PTX"})
  void convert_text_isNotADuration(String text) {
    assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
        .hasMessageStartingWith("not a duration: \"" + text + "\"");
  }
}
