package io.github.katib4j.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.internal.metrics.FloatText.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Compares number text with what Python and numpy 1.26 printed (tfevents/generate.py, float-text.json). */
class FloatTextTest {
  private static final JsonObject PYTHON = load();

  private static JsonObject load() {
    try (InputStream in = FloatTextTest.class.getResourceAsStream("/tfevents/float-text.json")) {
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void python_float64AndWidenedFloat32_matchesRepr() {
    int checked = 0;
    for (String group : new String[] {"float64", "float32"}) {
      for (JsonElement e : PYTHON.getAsJsonArray(group)) {
        JsonObject c = e.getAsJsonObject();
        assertThat(FloatText.python(c.get("value").getAsDouble())).as("repr of %s", c.get("value"))
            .isEqualTo(c.get("python").getAsString());
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(400);
  }

  @Test
  void numpy_eachPrecision_matchesNumpy1Str() {
    check("float64", Precision.FLOAT64);
    check("float32", Precision.FLOAT32);
    check("float16", Precision.FLOAT16);
  }

  @Test
  void numpy_float32OneTenThousandth_usesExponentLikeNumpy() {
    assertThat(FloatText.numpy((float) 0.0001, Precision.FLOAT32)).isEqualTo("1e-04");
    assertThat(FloatText.numpy(0.0001, Precision.FLOAT64)).isEqualTo("0.0001");
    assertThat(FloatText.numpy(12345678.0, Precision.FLOAT32)).isEqualTo("12345678.0");
  }

  @Test
  void specials_printAsPythonDoes() {
    assertThat(FloatText.python(Double.NaN)).isEqualTo("nan");
    assertThat(FloatText.python(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    assertThat(FloatText.python(-0.0)).isEqualTo("-0.0");
    assertThat(FloatText.numpy(0.0, Precision.FLOAT32)).isEqualTo("0.0");
  }

  @Test
  void halfBits_roundTripThroughToHalf() {
    for (int bits = 0; bits < 0x7c00; bits++) {
      double value = FloatText.halfBitsToDouble(bits);
      assertThat(FloatText.toHalf(value)).isEqualTo(value);
    }
    assertThat(FloatText.toHalf(0.1)).isEqualTo(FloatText.halfBitsToDouble(0x2e66));
  }

  private static void check(String group, Precision precision) {
    for (JsonElement e : PYTHON.getAsJsonArray(group)) {
      JsonObject c = e.getAsJsonObject();
      assertThat(FloatText.numpy(c.get("value").getAsDouble(), precision)).as("%s str of %s", group, c.get("value"))
          .isEqualTo(c.get("numpy").getAsString());
    }
  }
}
