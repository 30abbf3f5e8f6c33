package io.github.katib4j.cli;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Sizes as Kubernetes writes quantities: {@code 1572864}, {@code 1536Ki}, {@code 1.5Mi}, {@code 8M}; whole bytes. */
final class ByteSizeConverter implements ITypeConverter<Long> {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|k|M|G)?");
  private static final Map<String, Long> UNITS = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30,
      "k", 1000L, "M", 1000_000L, "G", 1000_000_000L);

  @Override
  public Long convert(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new TypeConversionException("not a size: \"" + text + "\"; write bytes, or a number with Ki, Mi, Gi, k, M"
          + " or G, such as 1572864, 1536Ki or 8Mi");
    }
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(m.group(2) == null ? 1
        : UNITS.get(m.group(2))));
    try {
      return bytes.longValueExact();
    } catch (ArithmeticException e) {
      throw new TypeConversionException("not a whole number of bytes: \"" + text + "\"");
    }
  }
}
