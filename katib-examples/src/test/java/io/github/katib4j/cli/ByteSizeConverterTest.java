package io.github.katib4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class ByteSizeConverterTest {
  private final ByteSizeConverter converter = new ByteSizeConverter();

  @Test
  void convert_bytesAndKubernetesSuffixes() {
    assertThat(converter.convert("1572864")).isEqualTo(1_572_864L);
    assertThat(converter.convert("1536Ki")).isEqualTo(1_572_864L);
    assertThat(converter.convert("1.5Mi")).isEqualTo(1_572_864L);
    assertThat(converter.convert("8M")).isEqualTo(8_000_000L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1.5 MiB", "-1Mi", "1.5x", "0.3Ki"})
  void convert_whatIsNoWholeSize_isRefusedWithTheFormsItTakes(String text) {
    assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining(text.equals("0.3Ki") ? "not a whole number of bytes" : "such as 1572864, 1536Ki or 8Mi");
  }
}
