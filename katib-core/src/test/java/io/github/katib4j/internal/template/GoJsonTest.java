package io.github.katib4j.internal.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class GoJsonTest {
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
