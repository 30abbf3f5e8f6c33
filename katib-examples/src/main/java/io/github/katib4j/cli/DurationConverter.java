package io.github.katib4j.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people write them: {@code 90s}, {@code 30m}, {@code 2h}, {@code 1h30m}, or ISO-8601 {@code PT30M};
 * more than zero, whichever form.
 */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern PARTS = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  @Override
  public Duration convert(String text) {
    Duration total = parse(text);
    if (total.isZero() || total.isNegative()) {
      throw new TypeConversionException("must be more than zero, found \"" + text + "\"");
    }
    return total;
  }

  private static Duration parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.matches("[-+]?p.*")) {
      try {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw new TypeConversionException("not a duration: \"" + text + "\"; write it like 90s, 30m, 2h, 1h30m or "
            + "PT30M");
      }
    }
    Matcher m = PARTS.matcher(value);
    Duration total = Duration.ZERO;
    int end = 0;
    try {
      while (m.find() && m.start() == end) {
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
          case "ms":
            total = total.plusMillis(n);
            break;
          case "s":
            total = total.plusSeconds(n);
            break;
          case "m":
            total = total.plusMinutes(n);
            break;
          case "h":
            total = total.plusHours(n);
            break;
          default:
            total = total.plusDays(n);
        }
        end = m.end();
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw new TypeConversionException("too long: \"" + text + "\"");
    }
    if (end == 0 || end != value.length()) {
      throw new TypeConversionException("not a duration: \"" + text + "\"; write it like 90s, 30m, 2h or 1h30m");
    }
    return total;
  }
}
