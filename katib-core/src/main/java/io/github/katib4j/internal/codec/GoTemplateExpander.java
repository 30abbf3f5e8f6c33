package io.github.katib4j.internal.codec;

import io.github.katib4j.KatibException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands the Go {@code text/template} subset that Katib's v1alpha3 trial templates used, turning each hyperparameter
 * into a v1beta1 placeholder. Supported: {@code {{.Trial}}}, {@code {{.NameSpace}}}, {@code {{.Experiment}}},
 * {@code {{with .HyperParameters}}}, {@code {{range .}}} or {@code {{range .HyperParameters}}} with {@code {{.Name}}}
 * and {@code {{.Value}}} inside, {@code {{end}}}, comments, and the {@code {{-}} / {@code -}}} whitespace trimming.
 * Anything else is reported with its line, since guessing would change what the trial runs.
 */
final class GoTemplateExpander {
  private static final Pattern ACTION = Pattern.compile("\\{\\{(-\\s)?(.*?)(\\s-)?}}", Pattern.DOTALL);

  /** A hyperparameter as the v1alpha3 template saw it: its name and the text that replaces its value. */
  static final class HyperParameter {
    final String name;
    final String value;

    HyperParameter(String name, String value) {
      this.name = name;
      this.value = value;
    }
  }

  /** Stands for each hyperparameter while a range body is only scanned for its end. */
  private static final HyperParameter PLACEHOLDER_HYPERPARAMETER = new HyperParameter("", "");

  private final Map<String, String> variables;
  private final List<HyperParameter> hyperParameters;
  private final Set<String> unsupported = new LinkedHashSet<>();
  private final String source;
  private final String sourceName;
  private final int firstLine;

  /**
   * @param variables replacements for {@code .Trial}, {@code .NameSpace} and {@code .Experiment}
   * @param hyperParameters what {@code .HyperParameters} ranges over, in order
   * @param firstLine the file line of the template's first line, or 0 when unknown
   */
  GoTemplateExpander(Map<String, String> variables, List<HyperParameter> hyperParameters, String sourceName,
      int firstLine) {
    this.variables = variables;
    this.hyperParameters = hyperParameters;
    this.source = sourceName + " (trialTemplate.goTemplate.rawTemplate)";
    this.sourceName = sourceName;
    this.firstLine = firstLine;
  }

  String expand(String template) {
    List<Token> tokens = tokenize(template);
    StringBuilder out = new StringBuilder();
    int end = render(tokens, 0, out, null, false);
    while (end < tokens.size()) {
      unsupported.add(describe(tokens.get(end), "{{end}} without a matching {{with}} or {{range}}"));
      end = render(tokens, end + 1, out, null, false);
    }
    if (!unsupported.isEmpty()) {
      throw new KatibException(source + ": the v1alpha3 rawTemplate uses Go template constructs katib4j cannot convert"
          + " faithfully; convert these by hand:\n  - " + String.join("\n  - ", unsupported));
    }
    return out.toString();
  }

  /** Renders tokens from {@code start} until a matching {@code end}; returns that {@code end}'s index. */
  private int render(List<Token> tokens, int start, StringBuilder out, HyperParameter dot, boolean dotIsList) {
    int i = start;
    while (i < tokens.size()) {
      Token token = tokens.get(i);
      if (token.text != null) {
        out.append(token.text);
        i++;
        continue;
      }
      String action = token.action;
      if (action.equals("end")) {
        return i;
      }
      if (action.equals("with .HyperParameters")) {
        // {{with}} renders its body only when the list is not empty.
        StringBuilder target = hyperParameters.isEmpty() ? new StringBuilder() : out;
        i = render(tokens, i + 1, target, dot, true) + 1;
      } else if (action.equals("range .HyperParameters") || (dotIsList && action.equals("range ."))) {
        int close = render(tokens, i + 1, new StringBuilder(), PLACEHOLDER_HYPERPARAMETER, false);
        for (HyperParameter hp : hyperParameters) {
          render(tokens, i + 1, out, hp, false);
        }
        i = close + 1;
      } else {
        out.append(resolve(token, dot));
        i++;
      }
    }
    return i;
  }

  private String resolve(Token token, HyperParameter dot) {
    String action = token.action;
    if (action.startsWith("/*")) {
      return "";
    }
    if (dot != null && action.equals(".Name")) {
      return dot.name;
    }
    if (dot != null && action.equals(".Value")) {
      return dot.value;
    }
    if (variables.containsKey(action)) {
      return variables.get(action);
    }
    unsupported.add(describe(token, "{{" + action + "}}"));
    return "";
  }

  private String describe(Token token, String what) {
    String fileLine = firstLine > 0 ? " (" + sourceName + " line " + (firstLine + token.line - 1) + ")" : "";
    return "rawTemplate line " + token.line + fileLine + ": " + what;
  }

  /** Splits text and actions, applying the trim markers to the neighbouring text. */
  private static List<Token> tokenize(String template) {
    List<Token> tokens = new ArrayList<>();
    Matcher m = ACTION.matcher(template);
    int last = 0;
    boolean trimNext = false;
    while (m.find()) {
      String text = template.substring(last, m.start());
      if (trimNext) {
        text = stripLeading(text);
      }
      if (m.group(1) != null) {
        text = stripTrailing(text);
      }
      tokens.add(Token.text(text));
      tokens.add(Token.action(m.group(2).trim(), lineOf(template, m.start())));
      trimNext = m.group(3) != null;
      last = m.end();
    }
    String rest = template.substring(last);
    tokens.add(Token.text(trimNext ? stripLeading(rest) : rest));
    return tokens;
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static String stripLeading(String text) {
    int i = 0;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return text.substring(i);
  }

  private static String stripTrailing(String text) {
    int i = text.length();
    while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
      i--;
    }
    return text.substring(0, i);
  }

  private static final class Token {
    final String text;
    final String action;
    final int line;

    private Token(String text, String action, int line) {
      this.text = text;
      this.action = action;
      this.line = line;
    }

    static Token text(String text) {
      return new Token(text, null, 0);
    }

    static Token action(String action, int line) {
      return new Token(null, action, line);
    }
  }
}
