package io.github.katib4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibException;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void format_writesPlainDecimalText_withoutExponentOrTrailingZeros() {
    assertThat(Numbers.format(3)).isEqualTo("3");
    assertThat(Numbers.format(-0.0)).isEqualTo("0");
    assertThat(Numbers.format(0.5)).isEqualTo("0.5");
    assertThat(Numbers.format(-2.25)).isEqualTo("-2.25");
    assertThat(Numbers.format(1e-7)).isEqualTo("0.0000001");
    assertThat(Numbers.format(1.5e20)).isEqualTo("150000000000000000000");
    assertThat(Numbers.format(12345678.9)).isEqualTo("12345678.9");
  }

  @Test
  void format_isBigDecimalsPlainText_acrossMagnitudes() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      double value = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-12, 22));
      String expected = value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
          : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
      assertThat(Numbers.format(value)).as("%s", value).isEqualTo(expected);
    }
  }

  @Test
  void format_rejectsWhatKatibCannotWrite() {
    assertThatThrownBy(() -> Numbers.format(Double.NaN)).isExactlyInstanceOf(KatibException.class)
        .hasMessage("a number is NaN, which Katib cannot represent: it keeps numbers as decimal text, which has no"
            + " NaN or infinity; use a finite number");
  }
}
