package io.github.katib4j.internal.metrics;

import io.github.katib4j.KatibException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Go (RE2) regular expression run with {@link java.util.regex}, translated where the two read the same text
 * differently, and Go's {@code FindAllStringSubmatch}.
 *
 * <p>Translated: {@code \s} (Go's has no vertical tab), {@code \v}, {@code \b}/{@code \B} (ASCII word characters
 * in Go),
 * octal escapes, {@code [[:alpha:]]} classes, {@code \p{Greek}} script names, named groups {@code (?P<n>)}, a
 * {@code {} that is not a repetition (a literal in Go), and {@code [}, {@code &} inside a class (literals in Go, nested
 * classes and intersections in Java). {@code .} matches {@code \r} as in Go ({@link Pattern#UNIX_LINES}) and
 * {@code (?i)} folds Unicode case. Rejected, as Go rejects them: lookaround, atomic groups, possessive quantifiers,
 * back-references, and {@code (?U)} (Go's ungreedy flag, which Java would read as something else). {@code \w},
 * {@code \d} and {@code [\w|-]} mean the same in both and are kept.
 */
public final class GoRegex {
  private static final String SPACE = "\\t\\n\\f\\r ";
  private static final String WORD = "[0-9A-Za-z_]";
  private static final Pattern REPEAT = Pattern.compile("\\{(\\d+)(,(\\d*))?}");
  private static final int FLAGS = Pattern.UNIX_LINES | Pattern.UNICODE_CASE;
  private static final Set<String> CATEGORIES = Set.of("C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu",
      "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk",
      "Sm", "So", "Z", "Zl", "Zp", "Zs");
  private static final Map<String, String> POSIX = Map.ofEntries(Map.entry("alnum", "Alnum"),
      Map.entry("alpha", "Alpha"), Map.entry("ascii", "ASCII"), Map.entry("blank", "Blank"),
      Map.entry("cntrl", "Cntrl"), Map.entry("digit", "Digit"), Map.entry("graph", "Graph"),
      Map.entry("lower", "Lower"), Map.entry("print", "Print"), Map.entry("punct", "Punct"),
      Map.entry("space", "Space"), Map.entry("upper", "Upper"), Map.entry("xdigit", "XDigit"));

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
   * @throws KatibException when Go would not compile it either, or it uses a Go feature katib4j does not translate
   */
  public static GoRegex compile(String goRegex) {
    GoRegex cached = COMPILED.get(goRegex);
    if (cached != null) {
      return cached;
    }
    GoRegex compiled;
    try {
      String java = new Translator(goRegex, false).translate();
      compiled = new GoRegex(goRegex, Pattern.compile(java, FLAGS));
    } catch (NotGo e) {
      throw invalid(goRegex, e.getMessage());
    } catch (PatternSyntaxException e) {
      throw invalid(goRegex, e.getDescription());
    }
    if (COMPILED.size() >= 256) {
      COMPILED.clear();
    }
    COMPILED.put(goRegex, compiled);
    return compiled;
  }

  /** Why Go's {@code regexp.Compile} refuses {@code goRegex}, or empty when Go compiles it. */
  public static Optional<String> syntaxError(String goRegex) {
    try {
      Pattern.compile(new Translator(goRegex, true).translate(), FLAGS);
      return Optional.empty();
    } catch (NotGo e) {
      return Optional.of(e.getMessage());
    } catch (PatternSyntaxException e) {
      return Optional.of(e.getDescription() + " near offset " + e.getIndex());
    }
  }

  /** The Go source text. */
  public String source() {
    return source;
  }

  /** The number of capture groups. */
  public int groupCount() {
    return pattern.matcher("").groupCount();
  }

  /**
   * Go's {@code FindAllStringSubmatch(text, -1)}: successive non-overlapping matches, each as the whole match followed
   * by every group ({@code ""} for a group that did not take part); an empty match right after a previous match is
   * skipped, as Go does.
   */
  public List<String[]> findAllSubmatch(String text) {
    List<String[]> matches = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    int pos = 0;
    int previousEnd = -1;
    while (pos <= text.length() && m.find(pos)) {
      boolean accept = true;
      if (m.end() == m.start()) {
        if (m.start() == previousEnd) {
          accept = false;
        }
        pos = m.end() < text.length() ? m.end() + Character.charCount(text.codePointAt(m.end())) : m.end() + 1;
      } else {
        pos = m.end();
      }
      previousEnd = m.end();
      if (accept) {
        String[] groups = new String[m.groupCount() + 1];
        for (int g = 0; g <= m.groupCount(); g++) {
          groups[g] = m.group(g) == null ? "" : m.group(g);
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

  private static KatibException invalid(String regex, String why) {
    return new KatibException("metrics filter `" + regex + "` is not a valid Go regular expression (" + why
        + "); write it in Go's RE2 syntax, with group 1 matching the metric name and group 2 its value");
  }

  /** What Go's parser would say about the expression being translated. */
  private static final class NotGo extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotGo(String why) {
      super(why, null, false, false);
    }
  }

  private static final class Translator {
    private static final int NONE = 0;
    private static final int REPEATED = 1;
    private static final int LAZY = 2;

    private final String in;
    private final boolean syntaxOnly;
    private final StringBuilder out = new StringBuilder();
    private int i;
    private int repetition = NONE;

    /** With {@code syntaxOnly}, translates Go syntax katib4j cannot run, too, as long as Go accepts it. */
    Translator(String in, boolean syntaxOnly) {
      this.in = in;
      this.syntaxOnly = syntaxOnly;
    }

    String translate() {
      while (i < in.length()) {
        char c = in.charAt(i);
        switch (c) {
          case '\\':
            escape(false);
            repetition = NONE;
            break;
          case '[':
            characterClass();
            repetition = NONE;
            break;
          case '(':
            group();
            repetition = NONE;
            break;
          case '*':
          case '+':
          case '?':
            if (c == '?' && repetition == REPEATED) {
              repetition = LAZY;
            } else {
              checkNotRepeated();
              repetition = REPEATED;
            }
            out.append(c);
            i++;
            break;
          case '{':
            if (repeat()) {
              repetition = REPEATED;
            } else {
              repetition = NONE;
            }
            break;
          default:
            out.append(c);
            i++;
            repetition = NONE;
        }
      }
      return out.toString();
    }

    /** Go rejects a repetition of a repetition ({@code a**}, and Java's possessive {@code a*+}). */
    private void checkNotRepeated() {
      if (repetition != NONE) {
        throw new NotGo("invalid nested repetition operator at offset " + i);
      }
    }

    private boolean repeat() {
      Matcher m = REPEAT.matcher(in).region(i, in.length());
      if (!m.lookingAt()) {
        out.append("\\{");
        i++;
        return false;
      }
      int min = Integer.parseInt(m.group(1).length() > 5 ? "99999" : m.group(1));
      int max = m.group(3) == null || m.group(3).isEmpty() ? min
          : Integer.parseInt(m.group(3).length() > 5 ? "99999" : m.group(3));
      if (min > 1000 || max > 1000 || m.group(3) != null && !m.group(3).isEmpty() && max < min) {
        throw new NotGo("invalid repeat count " + m.group());
      }
      checkNotRepeated();
      out.append(m.group());
      i = m.end();
      return true;
    }

    private void group() {
      if (!in.startsWith("(?", i)) {
        out.append('(');
        i++;
        return;
      }
      if (in.startsWith("(?P<", i) || in.startsWith("(?<", i) && !in.startsWith("(?<=", i)
          && !in.startsWith("(?<!", i)) {
        int close = in.indexOf('>', i);
        if (close < 0) {
          throw new NotGo("unterminated group name at offset " + i);
        }
        out.append('(');
        i = close + 1;
        return;
      }
      int j = i + 2;
      while (j < in.length() && "imsU-".indexOf(in.charAt(j)) >= 0) {
        j++;
      }
      if (j == i + 2 || j == in.length() || in.charAt(j) != ')' && in.charAt(j) != ':') {
        if (j == i + 2 && j < in.length() && in.charAt(j) == ':') {
          out.append("(?:");
          i = j + 1;
          return;
        }
        throw new NotGo("Go supports no lookaround, atomic group or comment `" + in.substring(i,
            Math.min(in.length(), i + 4)) + "` (offset " + i + ")");
      }
      String flags = in.substring(i + 2, j);
      if (syntaxOnly) {
        flags = flags.replace("U", "");
      } else if (flags.indexOf('U') >= 0) {
        throw new NotGo("katib4j does not support Go's (?U) ungreedy flag; use lazy quantifiers such as *? instead");
      }
      out.append("(?").append(flags).append(in.charAt(j));
      i = j + 1;
    }

    private void characterClass() {
      out.append('[');
      i++;
      if (i < in.length() && in.charAt(i) == '^') {
        out.append('^');
        i++;
      }
      if (i < in.length() && in.charAt(i) == ']') {
        out.append("\\]");
        i++;
      }
      while (i < in.length() && in.charAt(i) != ']') {
        char c = in.charAt(i);
        if (c == '\\') {
          escape(true);
        } else if (c == '[' && in.startsWith("[:", i)) {
          posixClass();
        } else if (c == '[' || c == '&') {
          out.append('\\').append(c);
          i++;
        } else {
          out.append(c);
          i++;
        }
      }
      if (i == in.length()) {
        throw new NotGo("missing closing ]");
      }
      out.append(']');
      i++;
    }

    private void posixClass() {
      int close = in.indexOf(":]", i + 2);
      if (close < 0) {
        out.append("\\[");
        i++;
        return;
      }
      String name = in.substring(i + 2, close);
      boolean negated = name.startsWith("^");
      String bare = negated ? name.substring(1) : name;
      String javaName = POSIX.get(bare);
      if (bare.equals("word")) {
        out.append(negated ? "\\W" : "\\w");
      } else if (javaName != null) {
        out.append(negated ? "\\P{" : "\\p{").append(javaName).append('}');
      } else {
        throw new NotGo("invalid character class [:" + name + ":]");
      }
      i = close + 2;
    }

    private void escape(boolean inClass) {
      if (i + 1 >= in.length()) {
        throw new NotGo("trailing backslash at end of expression");
      }
      char c = in.charAt(i + 1);
      i += 2;
      switch (c) {
        case 'd':
        case 'D':
        case 'w':
        case 'W':
        case 'a':
        case 'f':
        case 'n':
        case 'r':
        case 't':
          out.append('\\').append(c);
          return;
        case 's':
          out.append(inClass ? SPACE : "[" + SPACE + "]");
          return;
        case 'S':
          out.append("[^" + SPACE + "]");
          return;
        case 'v':
          out.append("\\x0B");
          return;
        case 'A':
        case 'z':
          outsideClassOnly(c, inClass);
          out.append('\\').append(c);
          return;
        case 'b':
          outsideClassOnly(c, inClass);
          out.append("(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))");
          return;
        case 'B':
          outsideClassOnly(c, inClass);
          out.append("(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))");
          return;
        case 'p':
        case 'P':
          unicodeClass(c == 'P');
          return;
        case 'x':
          hex();
          return;
        case 'Q':
          quoted();
          return;
        default:
      }
      if (c >= '0' && c <= '7') {
        octal(c);
      } else if (c < 0x80 && !Character.isLetterOrDigit(c)) {
        out.append('\\').append(c);
      } else {
        throw new NotGo("invalid escape sequence \\" + c);
      }
    }

    private void outsideClassOnly(char c, boolean inClass) {
      if (inClass) {
        throw new NotGo("invalid escape sequence \\" + c + " inside a character class");
      }
    }

    private void octal(char first) {
      boolean more = i < in.length() && in.charAt(i) >= '0' && in.charAt(i) <= '7';
      if (first != '0' && !more) {
        throw new NotGo("back-reference \\" + first + " (Go has none)");
      }
      int value = first - '0';
      for (int n = 1; n < 3 && i < in.length() && in.charAt(i) >= '0' && in.charAt(i) <= '7'; n++) {
        value = value * 8 + in.charAt(i) - '0';
        i++;
      }
      out.append(String.format("\\x{%x}", value));
    }

    private void hex() {
      if (i < in.length() && in.charAt(i) == '{') {
        int close = in.indexOf('}', i);
        if (close < 0) {
          throw new NotGo("unterminated \\x{");
        }
        out.append("\\x").append(in, i, close + 1);
        i = close + 1;
      } else if (i + 2 <= in.length()) {
        out.append("\\x").append(in, i, i + 2);
        i += 2;
      } else {
        throw new NotGo("invalid escape sequence \\x");
      }
    }

    private void quoted() {
      int end = in.indexOf("\\E", i);
      String literal = end < 0 ? in.substring(i) : in.substring(i, end);
      out.append(Pattern.quote(literal));
      i = end < 0 ? in.length() : end + 2;
    }

    private void unicodeClass(boolean negated) {
      String name;
      if (i < in.length() && in.charAt(i) == '{') {
        int close = in.indexOf('}', i);
        if (close < 0) {
          throw new NotGo("unterminated \\p{");
        }
        name = in.substring(i + 1, close);
        i = close + 1;
      } else if (i < in.length()) {
        name = String.valueOf(in.charAt(i));
        i++;
      } else {
        throw new NotGo("invalid character class range \\p");
      }
      if (name.startsWith("^")) {
        negated = !negated;
        name = name.substring(1);
      }
      if (name.equals("Any")) {
        out.append(negated ? "[^\\x{0}-\\x{10FFFF}]" : "[\\x{0}-\\x{10FFFF}]");
      } else {
        out.append(negated ? "\\P{" : "\\p{").append(CATEGORIES.contains(name) ? name : "Is" + name).append('}');
      }
    }
  }
}
