package io.github.katib4j.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathsTest {
  @Test
  void member_plainNamesAreFields_anythingElseAMapEntry() {
    assertThat(Paths.member("spec", "template")).isEqualTo("spec.template");
    assertThat(Paths.member("", "spec")).isEqualTo("spec");
    assertThat(Paths.member("spec", "_x$-1")).isEqualTo("spec._x$-1");
    assertThat(Paths.member("spec", "$ref")).isEqualTo("spec.$ref");

    assertThat(Paths.member("metadata.labels", "app.kubernetes.io/name"))
        .isEqualTo("metadata.labels[app.kubernetes.io/name]");
    assertThat(Paths.member("data", "1st")).isEqualTo("data[1st]");
    assertThat(Paths.member("data", "-x")).isEqualTo("data[-x]");
    assertThat(Paths.member("data", "a b")).isEqualTo("data[a b]");
    assertThat(Paths.member("data", "é")).isEqualTo("data[é]");
    assertThat(Paths.member("data", "")).isEqualTo("data[]");
  }
}
