package io.github.katib4j.internal.metrics;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Go's {@code time.Parse(time.RFC3339Nano, s)} and the other time conversions Katib's collectors do, reproduced so
 * that the same text gives the same instant or the same rejection.
 */
public final class GoTime {
  /** Go's zero {@code time.Time}, {@code 0001-01-01T00:00:00Z}: what Katib records when a line has no timestamp. */
  public static final Instant ZERO = Instant.parse("0001-01-01T00:00:00Z");

  private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private GoTime() {}

  /**
   * The instant Go reads from {@code text} with layout {@code RFC3339Nano}, or null where Go returns an error. Go's
   * fallback parser is laxer than RFC 3339: a one-digit hour, a comma before the fraction, any number of fraction
   * digits (truncated to nanoseconds) and offsets up to {@code +24:00} or {@code +23:60} pass.
   */
  public static Instant parseRfc3339Nano(String text) {
    Cursor c = new Cursor(text);
    int year = c.fixedDigits(4);
    c.literal('-');
    int month = c.fixedDigits(2);
    c.literal('-');
    int day = c.fixedDigits(2);
    c.literal('T');
    int hour = c.oneOrTwoDigits();
    c.literal(':');
    int minute = c.fixedDigits(2);
    c.literal(':');
    int second = c.fixedDigits(2);
    if (!c.ok) {
      return null;
    }
    int nanos = 0;
    if (c.remaining() >= 2 && (c.peek(0) == '.' || c.peek(0) == ',') && isDigit(c.peek(1))) {
      c.pos++;
      int start = c.pos;
      while (c.pos < text.length() && isDigit(text.charAt(c.pos))) {
        c.pos++;
      }
      String digits = text.substring(start, Math.min(c.pos, start + 9));
      nanos = Integer.parseInt((digits + "000000000").substring(0, 9));
    }
    int offsetSeconds;
    if (c.remaining() >= 1 && c.peek(0) == 'Z') {
      c.pos++;
      offsetSeconds = 0;
    } else {
      if (c.remaining() < 6 || c.peek(3) != ':') {
        return null;
      }
      char sign = c.peek(0);
      c.pos++;
      int offsetHours = c.fixedDigits(2);
      c.pos++;
      int offsetMinutes = c.fixedDigits(2);
      if (!c.ok || sign != '+' && sign != '-' || offsetHours > 24 || offsetMinutes > 60) {
        return null;
      }
      offsetSeconds = (sign == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
    }
    if (!c.ok || c.pos != text.length() || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59
        || day < 1 || day > daysIn(month, year)) {
      return null;
    }
    return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC)
        .minusSeconds(offsetSeconds);
  }

  /**
   * The timestamp Katib's File collector derives from a JSON number of Unix seconds: Go formats the float64 in plain
   * decimal and reads the digits after the point as a count of <em>nanoseconds</em>, so {@code 1638455270.5} becomes
   * {@code 1638455270} s + 5 ns. Null where Go fails (the integer part does not fit an int64).
   */
  public static Instant fromJsonSeconds(double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      return null;
    }
    String plain = FloatText.shortest(seconds).toPlainString();
    int point = plain.indexOf('.');
    String whole = point < 0 ? plain : plain.substring(0, point);
    try {
      long sec = Long.parseLong(whole);
      long nanos = point < 0 ? 0 : Long.parseLong(plain.substring(point + 1));
      return Instant.ofEpochSecond(sec, nanos);
    } catch (NumberFormatException | java.time.DateTimeException e) {
      return null;
    }
  }

  /** Katib's DB keeps {@code DATETIME(6)}: the instant truncated to microseconds, as read back by the controller. */
  public static Instant toDatabasePrecision(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  private static int daysIn(int month, int year) {
    if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) {
      return 29;
    }
    return DAYS_IN_MONTH[month - 1];
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static final class Cursor {
    private final String text;
    private int pos;
    private boolean ok = true;

    Cursor(String text) {
      this.text = text;
    }

    int remaining() {
      return text.length() - pos;
    }

    char peek(int ahead) {
      return text.charAt(pos + ahead);
    }

    void literal(char expected) {
      if (ok && pos < text.length() && text.charAt(pos) == expected) {
        pos++;
      } else {
        ok = false;
      }
    }

    int fixedDigits(int count) {
      if (!ok || remaining() < count) {
        ok = false;
        return 0;
      }
      int value = 0;
      for (int i = 0; i < count; i++) {
        char ch = text.charAt(pos + i);
        if (!isDigit(ch)) {
          ok = false;
          return 0;
        }
        value = value * 10 + (ch - '0');
      }
      pos += count;
      return value;
    }

    int oneOrTwoDigits() {
      if (!ok || remaining() < 1 || !isDigit(peek(0))) {
        ok = false;
        return 0;
      }
      if (remaining() >= 2 && isDigit(peek(1))) {
        return fixedDigits(2);
      }
      return fixedDigits(1);
    }
  }
}
