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
      compiled = new GoRegex(goRegex, Pattern.compile(goRegex));
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
      Pattern.compile(goRegex);
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of(explain(e));
    }
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
}
