package io.github.katib4j.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.katib4j.KatibException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoRegexTest {
  @Test
  void syntaxError_isEmptyForWhatGoCompiles() {
    assertThat(GoRegex.syntaxError("(\\p{L}+)=(\\d+)")).isEmpty();
    assertThat(GoRegex.syntaxError("(?U)(a+)(?P<v>b)")).isEmpty();
    assertThat(GoRegex.syntaxError("x{2}|[}{]")).isEmpty();
  }

  @Test
  void syntaxError_saysWhyGoRefuses() {
    assertThat(GoRegex.syntaxError("(?<=a)(b)")).hasValueSatisfying(why -> assertThat(why).contains("lookaround"));
    assertThat(GoRegex.syntaxError("(a)\\1")).hasValueSatisfying(why -> assertThat(why).contains("back-reference"));
    assertThat(GoRegex.syntaxError("a**")).hasValueSatisfying(why -> assertThat(why).contains("nested repetition"));
    assertThat(GoRegex.syntaxError("(a*+)")).hasValueSatisfying(why -> assertThat(why).contains("possessive"));
    assertThat(GoRegex.syntaxError("(a")).hasValue("missing closing ): `(a`");
  }

  @Test
  void syntaxError_appliesGosLimitsThatRe2jLacks() {
    assertThat(GoRegex.syntaxError("((a{100}){100}){100}")).hasValue("invalid repeat count: `{100}`");
    assertThat(GoRegex.syntaxError("(".repeat(20_000) + "a" + ")".repeat(20_000)))
        .hasValueSatisfying(why -> assertThat(why).startsWith("expression nests too deeply: `((("));
  }

  @Test
  void syntaxError_captureGroupsNestedPastGosLimit_areRefusedWhateverStackRe2jFinds() {
    // Go 1.22: 999 nested capture groups compile, 1000 do not; non-capturing groups make no level of their own.
    assertThat(GoRegex.syntaxError(nested("(", 999))).isEmpty();
    assertThat(GoRegex.syntaxError(nested("(", 1000)))
        .hasValueSatisfying(why -> assertThat(why).startsWith("expression nests too deeply: `((("));
    assertThat(GoRegex.syntaxError(nested("(?:", 1000))).isEmpty();
  }

  private static String nested(String open, int depth) {
    return open.repeat(depth) + "a" + ")".repeat(depth);
  }

  @Test
  void ungreedyFlag_swapsGreedinessAsInGo() {
    assertThat(GoRegex.compile("(?U)(\\w+)=(\\d+)").findAllSubmatch("loss=123").get(0)).containsExactly("loss=1",
        "loss", "1");
  }

  @Test
  void findAll_longLineMentioningTheMetric_takesLinearTime() {
    String line = "loss" + "a".repeat(80_000);
    String megabytes = "loss " + "x".repeat(5_000_000);

    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      assertThat(GoRegex.compile(TextMetricsParser.DEFAULT_FILTER).findAllSubmatch(line)).isEmpty();
      assertThat(GoRegex.compile(TextMetricsParser.DEFAULT_FILTER).findAllSubmatch(megabytes)).isEmpty();
      assertThat(GoRegex.compile("(\\w+\\s\\w+)\\s:\\s((-?\\d+)(\\.\\d+)?)")
          .findAllSubmatch("loss " + "a b : ".repeat(100_000))).isEmpty();
      assertThat(GoRegex.compile("(.*)=(.*)x").findAllSubmatch("loss" + "=".repeat(100_000))).isEmpty();
    });
  }

  @Test
  void findAll_nestedRepetitionOnALongLine_neitherOverflowsTheStackNorBacktracks() {
    String line = "loss " + "a ".repeat(20_000) + "end";

    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      assertThat(GoRegex.compile("((?:\\S+\\s*)+)=\\s*(\\S+)").findAllSubmatch(line)).isEmpty();
      assertThat(GoRegex.compile("((?:\\S+\\s*)+)=\\s*(\\S+)").findAllSubmatch(line + "= 0.5").get(0)[2])
          .isEqualTo("0.5");
    });
  }

  @Test
  void whitespace_excludesVerticalTabAsGoDoes() {
    assertThat(GoRegex.compile("(a)\\s(b)").findAllSubmatch("a\u000bb")).isEmpty();
    assertThat(GoRegex.compile("(a)[\\s,](b)").findAllSubmatch("a\u000bb")).isEmpty();
    assertThat(GoRegex.compile("(a)\\S(b)").findAllSubmatch("a\u000bb")).hasSize(1);
  }

  @Test
  void wordClassWithBarAndDash_meansWordCharactersBarOrDash() {
    List<String[]> matches = GoRegex.compile("([\\w|-]+)=(\\d)").findAllSubmatch("a|b-c=1 é=2");

    assertThat(matches).hasSize(1);
    assertThat(matches.get(0)[1]).isEqualTo("a|b-c");
  }

  @Test
  void wordBoundary_isAsciiAsInGo() {
    assertThat(GoRegex.compile("\\b(x)(1)").findAllSubmatch("éx1")).hasSize(1);
  }

  @Test
  void dot_matchesCarriageReturn() {
    assertThat(GoRegex.compile("(v)=(.*)").findAllSubmatch("v=1\r").get(0)[2]).isEqualTo("1\r");
  }

  @Test
  void characterClass_bracketAndAmpersandAreLiterals() {
    assertThat(GoRegex.compile("([a[&&b]+)").findAllSubmatch("[&&a")).hasSize(1);
    assertThat(GoRegex.compile("([[:alpha:]]+)([[:digit:]])").findAllSubmatch("ab1").get(0)[1]).isEqualTo("ab");
  }

  @Test
  void braceThatIsNoRepetition_isALiteral() {
    assertThat(GoRegex.compile("(a{,2})(b)").findAllSubmatch("a{,2}b")).hasSize(1);
    assertThat(GoRegex.compile("(a{2})(b)").findAllSubmatch("aab")).hasSize(1);
  }

  @Test
  void namedGroupsAndScripts_translate() {
    assertThat(GoRegex.compile("(?P<name>\\p{Greek}+)=(?P<v>\\d)").findAllSubmatch("αβ=1").get(0))
        .containsExactly("αβ=1", "αβ", "1");
  }

  @Test
  void findAll_emptyMatchRightAfterAMatch_isSkippedLikeGo() {
    assertThat(GoRegex.compile("a*").findAllSubmatch("baaac")).extracting(m -> m[0]).containsExactly("", "aaa", "");
    assertThat(GoRegex.compile("x*").findAllSubmatch("éa")).hasSize(3);
    assertThat(GoRegex.compile("a|").findAllSubmatch("aab")).extracting(m -> m[0]).containsExactly("a", "a", "");
  }

  @Test
  void javaOnlySyntax_isRejected() {
    for (String regex : List.of("(a)(?=b)", "(a)(b)\\1", "(a*+)(b)", "(a)(?>b)", "(a)\\h(b)", "(a)(b){1001}")) {
      assertThatThrownBy(() -> GoRegex.compile(regex)).as(regex).isInstanceOf(KatibException.class);
    }
  }
}
