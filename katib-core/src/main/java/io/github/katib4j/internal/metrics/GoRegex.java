package io.github.katib4j.internal.metrics;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.github.katib4j.KatibException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Go regular expression, compiled and run by RE2/J, Google's Java port of Go's {@code regexp} package: Go's syntax
 * and semantics, and matching in time linear in the input, as Katib's collectors match (java.util.regex backtracks,
 * which took seconds on one long output line and overflowed the stack on another). Adds Go's
 * {@code FindAllStringSubmatch}, which RE2/J does not offer.
 */
public final class GoRegex {
  private static final String PREFIX = "error parsing regexp: ";
  private static final String NESTS_TOO_DEEPLY = "expression nests too deeply";

  /** Compiled expressions by source: every trial of an experiment compiles the same filters, twice. */
  private static final Map<String, GoRegex> COMPILED = new ConcurrentHashMap<>();

  private final String source;
  private final Pattern pattern;

  private GoRegex(String source, Pattern pattern) {
    this.source = source;
    this.pattern = pattern;
  }

  /**
   * Compiles a Go regular expression.
   *
   * @throws KatibException when Go would not compile it either
   */
  public static GoRegex compile(String goRegex) {
    GoRegex cached = COMPILED.get(goRegex);
    if (cached != null) {
      return cached;
    }
    GoRegex compiled;
    try {
      compiled = new GoRegex(goRegex, parse(goRegex));
    } catch (PatternSyntaxException e) {
      throw new KatibException("metrics filter `" + goRegex + "` is not a valid Go regular expression ("
          + explain(e) + "); write it in Go's RE2 syntax, with group 1 matching the metric name and group 2 its value");
    }
    if (COMPILED.size() >= 256) {
      COMPILED.clear();
    }
    COMPILED.put(goRegex, compiled);
    return compiled;
  }

  /** Why Go's {@code regexp.Compile} refuses {@code goRegex}, in Go's words, or empty when Go compiles it. */
  public static Optional<String> syntaxError(String goRegex) {
    try {
      parse(goRegex);
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of(explain(e));
    }
  }

  /**
   * RE2/J's compilation, plus two limits Go's parser has and RE2/J lacks: repetitions whose nested counts multiply to
   * more than 1000 ({@code (a{100}){100}}: "invalid repeat count"), and capture groups nested so deep that Go's parse
   * tree is over 1000 levels ("expression nests too deeply"), which RE2/J compiles or not depending on how much stack
   * its recursion finds. Go's tree also counts other operators, so an expression nesting other operators between 1000
   * levels and RE2/J's own limit compiles here.
   */
  private static Pattern parse(String goRegex) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(goRegex);
    } catch (StackOverflowError e) {
      throw new PatternSyntaxException(NESTS_TOO_DEEPLY, goRegex);
    }
    PatternSyntaxException refused = GoLimits.firstRefusal(goRegex);
    if (refused != null) {
      throw refused;
    }
    return pattern;
  }

  /** Go's error text, with a hint where the expression uses another dialect's syntax that Go has no form of. */
  private static String explain(PatternSyntaxException e) {
    String message = e.getMessage().startsWith(PREFIX) ? e.getMessage().substring(PREFIX.length()) : e.getMessage();
    String near = e.getPattern() == null ? "" : e.getPattern();
    String hint = null;
    if (near.startsWith("(?=") || near.startsWith("(?!") || near.startsWith("(?<=") || near.startsWith("(?<!")) {
      hint = "Go has no lookaround";
    } else if (near.startsWith("(?>")) {
      hint = "Go has no atomic groups";
    } else if (near.matches("\\\\[1-9].*")) {
      hint = "Go has no back-references";
    } else if (near.matches("[*+?}][+]")) {
      hint = "Go has no possessive quantifiers";
    }
    return hint == null ? message : message + "; " + hint;
  }

  /** The Go source text. */
  public String source() {
    return source;
  }

  /** The number of capture groups. */
  public int groupCount() {
    return pattern.groupCount();
  }

  /**
   * Go's {@code FindAllStringSubmatch(text, -1)}: successive non-overlapping matches, each as the whole match followed
   * by every group ({@code ""} for a group that did not take part); an empty match right after a previous match is
   * skipped, as Go's {@code allMatches} does.
   */
  public List<String[]> findAllSubmatch(String text) {
    List<String[]> matches = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    int end = text.length();
    int pos = 0;
    int previousMatchEnd = -1;
    while (pos <= end && m.find(pos)) {
      boolean accept = true;
      if (m.end() == pos) {
        // An empty match at pos: Go reports it unless it touches the previous match, then moves one character on.
        if (m.start() == previousMatchEnd) {
          accept = false;
        }
        pos = pos < end ? pos + Character.charCount(text.codePointAt(pos)) : end + 1;
      } else {
        pos = m.end();
      }
      previousMatchEnd = m.end();
      if (accept) {
        String[] groups = new String[m.groupCount() + 1];
        for (int g = 0; g <= m.groupCount(); g++) {
          String group = m.group(g);
          groups[g] = group == null ? "" : group;
        }
        matches.add(groups);
      }
    }
    return matches;
  }

  @Override
  public String toString() {
    return source;
  }

  /**
   * Go's {@code repeatIsValid}, over an expression RE2/J has already parsed: along any chain of nested
   * {@code {n,m}} repetitions (counting {@code m}, or {@code n} when there is no upper bound), the counts must not
   * multiply to more than 1000, checked at each repetition with a count of 2 or more. {@code *}, {@code +} and
   * {@code ?} do not count, and a repetition {@code {0}} makes whatever it repeats irrelevant.
   */
  private static final class GoLimits {
    private static final java.util.regex.Pattern REPEAT = java.util.regex.Pattern.compile(
        "\\{(0|[1-9]\\d*)(,(0|[1-9]\\d*)?)?}");
    private static final int LIMIT = 1000;
    /** Go's {@code maxHeight}: a parse tree of capture groups nested n deep is n + 1 levels high. */
    private static final int MAX_HEIGHT = 1000;

    private final String in;
    private int i;

    private int captureDepth;

    private GoLimits(String in) {
      this.in = in;
    }

    /** Go's refusal of an expression RE2/J compiled: a repetition's nested counts, or its nesting; else null. */
    static PatternSyntaxException firstRefusal(String regex) {
      if (regex.indexOf('{') < 0 && regex.chars().filter(c -> c == '(').count() < MAX_HEIGHT) {
        return null;
      }
      return new GoLimits(regex).scan();
    }

    private PatternSyntaxException scan() {
      // Per open group: the largest product of counts in it so far, and that of its last item (a repetition applies to
      // it), or -1 when there is no item to repeat.
      java.util.ArrayDeque<long[]> groups = new java.util.ArrayDeque<>();
      java.util.ArrayDeque<Boolean> capturing = new java.util.ArrayDeque<>();
      long[] group = {1, -1};
      while (i < in.length()) {
        char c = in.charAt(i);
        if (c == '{') {
          java.util.regex.Matcher m = REPEAT.matcher(in).region(i, in.length());
          if (m.lookingAt() && group[1] >= 0) {
            long min = Long.parseLong(m.group(1));
            long max = m.group(2) == null ? min : m.group(3) == null ? -1 : Long.parseLong(m.group(3));
            long count = max >= 0 ? max : min;
            group[1] = max == 0 ? 1 : group[1] * Math.max(count, 1);
            if ((min >= 2 || max >= 2) && group[1] > LIMIT) {
              return new PatternSyntaxException("invalid repeat count", m.group());
            }
            i = m.end();
            continue;
          }
        }
        if (c == '*' || c == '+' || c == '?') {
          i++;
          continue;
        }
        group[0] = Math.max(group[0], group[1]);
        group[1] = -1;
        if (c == '(') {
          int close = in.indexOf(')', i);
          if (in.startsWith("(?", i) && close > 0 && in.substring(i + 2, close).matches("[imsU-]*")) {
            i = close + 1;
          } else {
            groups.push(group);
            group = new long[] {1, -1};
            boolean named = in.startsWith("(?P<", i) || in.startsWith("(?<", i);
            boolean captures = named || !in.startsWith("(?", i);
            capturing.push(captures);
            if (captures && ++captureDepth + 1 > MAX_HEIGHT) {
              return new PatternSyntaxException(NESTS_TOO_DEEPLY, in);
            }
            i = in.startsWith("(?", i) ? in.indexOf(named ? '>' : ':', i) + 1 : i + 1;
          }
        } else if (c == ')') {
          long inside = Math.max(group[0], group[1]);
          group = groups.pop();
          if (capturing.pop()) {
            captureDepth--;
          }
          group[1] = inside;
          i++;
        } else if (c == '|') {
          i++;
        } else {
          if (c == '\\') {
            escape();
          } else if (c == '[') {
            characterClass();
          } else {
            i++;
          }
          group[1] = 1;
        }
      }
      return null;
    }

    private void escape() {
      char next = in.charAt(i + 1);
      if (next == 'Q') {
        int end = in.indexOf("\\E", i + 2);
        i = end < 0 ? in.length() : end + 2;
      } else if ((next == 'x' || next == 'p' || next == 'P') && i + 2 < in.length() && in.charAt(i + 2) == '{') {
        i = in.indexOf('}', i) + 1;
      } else {
        i += 2;
      }
    }

    private void characterClass() {
      i++;
      if (in.startsWith("^", i)) {
        i++;
      }
      if (in.startsWith("]", i)) {
        i++;
      }
      while (in.charAt(i) != ']') {
        if (in.charAt(i) == '\\') {
          escape();
        } else if (in.startsWith("[:", i) && in.indexOf(":]", i + 2) > 0) {
          i = in.indexOf(":]", i + 2) + 2;
        } else {
          i++;
        }
      }
      i++;
    }
  }
}
