package io.github.katib4j.internal.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class GoJsonTest {
  @Test
  void formatFloat_writesWhatGosEncoderWrites() {
    assertThat(GoJson.formatFloat(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(GoJson.formatFloat(1e21)).isEqualTo("1e+21");
    assertThat(GoJson.formatFloat(1e20)).isEqualTo("100000000000000000000");
    assertThat(GoJson.formatFloat(1e-6)).isEqualTo("0.000001");
    assertThat(GoJson.formatFloat(1e-7)).isEqualTo("1e-7");
    assertThat(GoJson.formatFloat(-2.5e-10)).isEqualTo("-2.5e-10");
    assertThat(GoJson.formatFloat(5e-324)).isEqualTo("5e-324");
    assertThat(GoJson.formatFloat(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
    assertThat(GoJson.formatFloat(123456789.0)).isEqualTo("123456789");
    assertThat(GoJson.formatFloat(-0.0)).isEqualTo("-0");
  }

  @Test
  void numberText_keepsInt64sAndTurnsTheRestIntoFloat64s() {
    assertThat(GoJson.numberText("9223372036854775807")).isEqualTo("9223372036854775807");
    assertThat(GoJson.numberText("9223372036854775808")).isEqualTo("9223372036854776000");
    assertThat(GoJson.numberText("1.0")).isEqualTo("1");
    assertThat(GoJson.numberText("1E3")).isEqualTo("1000");
    assertThat(GoJson.numberText("-0")).isEqualTo("0");
  }

  @Test
  void encode_sortsKeysByUtf8AndEscapesLikeGo() {
    String json = "{\"\uff01\":1,\"\ud83d\ude00\":2,\"b\":\"<a&b>\\u2028\\u0001\\b\\f\",\"a\":[true,null,1.50]}";

    assertThat(GoJson.encode(JsonParser.parseString(json))).isEqualTo(
        "{\"a\":[true,null,1.5],\"b\":\"\\u003ca\\u0026b\\u003e\\u2028\\u0001\\b\\f\",\"\uff01\":1,"
            + "\"\ud83d\ude00\":2}\n");
  }

  @Test
  void decodeFirstValue_ignoresTrailingTextAndRejectsBrokenJson() throws IOException {
    assertThat(GoJson.decodeFirstValue("{\"a\":1} trailing, not JSON").toString()).isEqualTo("{\"a\":1}");
    assertThat(GoJson.decodeFirstValue("{\"a\":1,\"a\":2}").toString()).isEqualTo("{\"a\":2}");
    assertThatThrownBy(() -> GoJson.decodeFirstValue("{\"a\":\"x\ny\"}")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> GoJson.decodeFirstValue("{\"a\":\"\\d\"}")).isInstanceOf(IOException.class);
  }
}
