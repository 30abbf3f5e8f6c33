package io.github.katib4j.internal.validation;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Whether Go's {@code regexp.Compile} (RE2 syntax) accepts a pattern, as Katib's rule M13 and its metrics
 * collector require. Java's syntax is a superset in the ways that matter here: RE2 has no look-around, no
 * back-references, no possessive quantifiers or atomic groups, and no repetition count above 1000; it spells
 * named groups {@code (?P<name>...)} as well as {@code (?<name>...)}.
 */
final class GoRegexp {
  private static final Pattern UNSUPPORTED = Pattern.compile(
      "\\(\\?(=|!|<=|<!|>)|\\\\[1-9GZRhHXkK]|[*+?}]\\+");
  private static final Pattern REPEAT = Pattern.compile("\\{(\\d+)(,(\\d*))?}");
  private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?P?<([A-Za-z0-9_]+)>");

  private GoRegexp() {}

  /** Why Go would not compile {@code regex}, or empty when it would. */
  static Optional<String> compileError(String regex) {
    String stripped = regex.replace("\\\\", "");
    Matcher unsupported = UNSUPPORTED.matcher(stripped);
    if (unsupported.find()) {
      return Optional.of("Go's regexp syntax (RE2) has no \"" + unsupported.group() + "\"");
    }
    Matcher repeat = REPEAT.matcher(stripped);
    while (repeat.find()) {
      if (tooLarge(repeat.group(1)) || (repeat.group(3) != null && tooLarge(repeat.group(3)))) {
        return Optional.of("Go's regexp syntax allows at most 1000 repetitions, found " + repeat.group());
      }
    }
    StringBuilder javaSyntax = new StringBuilder();
    Matcher named = NAMED_GROUP.matcher(literalBraces(regex));
    int group = 0;
    while (named.find()) {
      named.appendReplacement(javaSyntax, "(?<g" + group++ + ">");
    }
    named.appendTail(javaSyntax);
    try {
      Pattern.compile(javaSyntax.toString());
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of(e.getDescription() + " near index " + e.getIndex());
    }
  }

  /** RE2 reads a {@code {} that does not start a repetition such as {@code {2,3}} as itself; Java rejects it. */
  private static String literalBraces(String regex) {
    StringBuilder out = new StringBuilder(regex.length() + 8);
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\' && i + 1 < regex.length()) {
        out.append(c).append(regex.charAt(++i));
        continue;
      }
      if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == '{') {
        Matcher repeat = REPEAT.matcher(regex).region(i, regex.length());
        if (repeat.lookingAt()) {
          out.append(repeat.group());
          i = repeat.end() - 1;
          continue;
        }
        out.append('\\');
      } else if (c == '}') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static boolean tooLarge(String digits) {
    return !digits.isEmpty() && (digits.length() > 4 || Integer.parseInt(digits) > 1000);
  }
}
