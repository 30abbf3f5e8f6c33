package io.github.katib4j.internal.template;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.internal.codec.JsonTrees;
import io.github.katib4j.internal.codec.YamlTrees;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML as Katib's Go controller reads it ({@code k8s.io/apimachinery}'s YAML reader, {@code sigs.k8s.io/yaml} and
 * go-yaml v2): only the first document counts, a repeated key keeps its last value, and plain scalars are typed by
 * go-yaml v2's rules ({@code y}, {@code on} are booleans, {@code 010} is octal, {@code 1e3} is a float).
 * SnakeYAML parses; the typing is go-yaml's (which keeps timestamps as strings when decoding into an interface).
 */
public final class GoYaml {
  /** Stands for "a plain scalar, not yet typed" so that go-yaml's typing rules apply instead of SnakeYAML's. */
  private static final Tag PLAIN = new Tag("tag:katib4j.github.io,2024:plain");

  private static final Set<String> TRUE = Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On",
      "ON");
  private static final Set<String> FALSE = Set.of("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off",
      "Off", "OFF");
  private static final Set<String> NULL = Set.of("", "~", "null", "Null", "NULL");
  private static final Set<String> NOT_A_NUMBER = Set.of(".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf",
      "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF");
  private static final Pattern YAML_STYLE_FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final String SEPARATOR = "---";

  private GoYaml() {}

  /** Decides how a scalar becomes JSON; {@link #GO} is go-yaml's typing. */
  @FunctionalInterface
  public interface Scalars {
    /**
     * The JSON value of a scalar.
     *
     * @param text the scalar's text
     * @param plain whether it was written without quotes or tag, so that its type comes from its text
     * @param tag the explicit tag, for tagged scalars
     */
    JsonElement convert(String text, boolean plain, Tag tag) throws IOException;
  }

  /** go-yaml v2's typing of scalars. */
  public static final Scalars GO = (text, plain, tag) -> plain ? resolvePlain(text) : tagged(text, tag);

  /**
   * The first document of {@code text} as the YAML reader of {@code k8s.io/apimachinery} splits it: lines starting
   * with {@code ---} separate documents; text after the separator other than a comment is an error.
   *
   * @throws IOException when a separator line is malformed or there is no document
   */
  public static String firstDocument(String text) throws IOException {
    StringBuilder buffer = new StringBuilder();
    int start = 0;
    while (start < text.length()) {
      int newline = text.indexOf('\n', start);
      int end = newline < 0 ? text.length() : newline + 1;
      String line = text.substring(start, end);
      start = end;
      if (line.startsWith(SEPARATOR)) {
        String rest = line.substring(SEPARATOR.length()).strip();
        if (!rest.isEmpty() && rest.charAt(0) != '#') {
          throw new IOException("invalid Yaml document separator: " + rest);
        }
        if (buffer.length() > 0) {
          return buffer.toString();
        }
        continue;
      }
      buffer.append(line);
    }
    if (buffer.length() == 0) {
      throw new IOException("EOF: the text holds no YAML document");
    }
    return buffer.toString();
  }

  /**
   * Parses one YAML document into a JSON tree, turning scalars into values with {@code scalars}.
   *
   * @throws IOException when the text is not YAML or holds something JSON cannot (a mapping as a key, NaN)
   */
  public static JsonElement parse(String document, Scalars scalars) throws IOException {
    Node node;
    try {
      node = yaml().compose(new StringReader(document));
    } catch (YAMLException e) {
      throw new IOException(firstLine(e.getMessage()), e);
    }
    if (node == null) {
      return JsonNull.INSTANCE;
    }
    return new Converter(scalars).convert(node, 0);
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true);
    options.setMaxAliasesForCollections(100);
    options.setNestingDepthLimit(500);
    options.setCodePointLimit(64 * 1024 * 1024);
    DumperOptions dumper = new DumperOptions();
    return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new PlainResolver());
  }

  /** Marks every plain scalar as untyped; quoted scalars stay strings and explicit tags stay as written. */
  private static final class PlainResolver extends Resolver {
    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      if (kind == NodeId.scalar && implicit) {
        return PLAIN;
      }
      return super.resolve(kind, value, implicit);
    }
  }

  /** go-yaml v2's {@code resolve} for an untagged plain scalar, as JSON after {@code sigs.k8s.io/yaml}. */
  static JsonElement resolvePlain(String text) throws IOException {
    if (TRUE.contains(text)) {
      return new JsonPrimitive(true);
    }
    if (FALSE.contains(text)) {
      return new JsonPrimitive(false);
    }
    if (NULL.contains(text)) {
      return JsonNull.INSTANCE;
    }
    if (NOT_A_NUMBER.contains(text)) {
      throw new IOException("json: unsupported value: " + text + " (YAML's NaN or infinity has no JSON form)");
    }
    char first = text.charAt(0);
    if (first == '.') {
      if (YAML_STYLE_FLOAT.matcher(text).matches()) {
        return floatValue(Double.parseDouble(text));
      }
      return new JsonPrimitive(text);
    }
    if (first != '+' && first != '-' && (first < '0' || first > '9')) {
      return new JsonPrimitive(text);
    }
    String plain = text.replace("_", "");
    BigInteger integer = parseGoInteger(plain);
    if (integer != null && integer.bitLength() < 64) {
      return JsonTrees.number(integer.toString());
    }
    if (integer != null && integer.signum() > 0 && integer.bitLength() == 64) {
      // uint64: encoding/json writes it exactly, and the Unstructured decoder then reads it as a float64.
      return floatValue(integer.doubleValue());
    }
    if (YAML_STYLE_FLOAT.matcher(plain).matches()) {
      return floatValue(Double.parseDouble(plain));
    }
    return new JsonPrimitive(text);
  }

  private static JsonElement floatValue(double value) throws IOException {
    if (Double.isInfinite(value)) {
      throw new IOException("json: unsupported value: +Inf (the number is out of float64's range)");
    }
    // sigs.k8s.io/yaml writes the float with encoding/json, and the Unstructured decoder reads the text back.
    return JsonTrees.number(GoJson.numberText(GoJson.formatFloat(value)));
  }

  /** Go's {@code strconv.ParseInt(s, 0, 64)} without the range check: sign, then 0x, 0o, 0b, 0 (octal) or decimal. */
  private static BigInteger parseGoInteger(String text) {
    String digits = text;
    boolean negative = false;
    if (digits.startsWith("+") || digits.startsWith("-")) {
      negative = digits.charAt(0) == '-';
      digits = digits.substring(1);
    }
    int radix = 10;
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      char prefix = Character.toLowerCase(digits.charAt(1));
      if (prefix == 'x' || prefix == 'o' || prefix == 'b') {
        radix = prefix == 'x' ? 16 : prefix == 'o' ? 8 : 2;
        digits = digits.substring(2);
      } else {
        radix = 8;
        digits = digits.substring(1);
      }
    }
    int base = radix;
    if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, base) >= 0)) {
      return null;
    }
    BigInteger value = new BigInteger(digits, radix);
    return negative ? value.negate() : value;
  }

  private static JsonElement tagged(String text, Tag tag) throws IOException {
    if (tag == null || Tag.STR.equals(tag) || Tag.BINARY.equals(tag)) {
      return new JsonPrimitive(text);
    }
    if (Tag.NULL.equals(tag)) {
      return JsonNull.INSTANCE;
    }
    if (Tag.BOOL.equals(tag) || Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
      JsonElement value = resolvePlain(text);
      boolean fits = Tag.BOOL.equals(tag) ? value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()
          : value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
      if (!fits) {
        throw new IOException("cannot decode `" + text + "` as a " + tag);
      }
      return value;
    }
    return new JsonPrimitive(text);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "not valid YAML";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** A composed node graph to JSON, with go-yaml's merge keys and last-wins duplicate keys. */
  private static final class Converter {
    private final Scalars scalars;
    private final Map<Node, Boolean> onPath = new IdentityHashMap<>();
    private int values;

    Converter(Scalars scalars) {
      this.scalars = scalars;
    }

    JsonElement convert(Node node, int depth) throws IOException {
      if (++values > YamlTrees.MAX_VALUES) {
        // go-yaml's own words for what it refuses likewise.
        throw new IOException("document contains excessive aliasing");
      }
      if (depth > 500 || onPath.containsKey(node)) {
        throw new IOException("the document nests too deeply or refers to itself through an alias");
      }
      onPath.put(node, Boolean.TRUE);
      try {
        if (node instanceof MappingNode) {
          return mapping((MappingNode) node, depth);
        }
        if (node instanceof SequenceNode) {
          JsonArray array = new JsonArray();
          for (Node item : ((SequenceNode) node).getValue()) {
            array.add(convert(item, depth + 1));
          }
          return array;
        }
        return scalar((ScalarNode) node);
      } finally {
        onPath.remove(node);
      }
    }

    private JsonElement scalar(ScalarNode node) throws IOException {
      boolean plain = PLAIN.equals(node.getTag());
      return scalars.convert(node.getValue(), plain, plain ? null : node.getTag());
    }

    private JsonObject mapping(MappingNode node, int depth) throws IOException {
      JsonObject object = new JsonObject();
      List<Node> merges = new ArrayList<>();
      for (NodeTuple tuple : node.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (keyNode instanceof ScalarNode && isMergeKey((ScalarNode) keyNode)) {
          merges.add(tuple.getValueNode());
          continue;
        }
        object.add(key(keyNode), convert(tuple.getValueNode(), depth + 1));
      }
      // go-yaml applies merges where "<<" appears; explicit keys given later override. Katib templates rarely merge,
      // so explicit keys simply win here.
      for (Node merge : merges) {
        List<Node> sources = merge instanceof SequenceNode ? ((SequenceNode) merge).getValue() : List.of(merge);
        for (Node source : sources) {
          JsonElement merged = convert(source, depth + 1);
          if (!merged.isJsonObject()) {
            throw new IOException("map merge requires map or sequence of maps as the value");
          }
          for (Map.Entry<String, JsonElement> entry : merged.getAsJsonObject().entrySet()) {
            if (!object.has(entry.getKey())) {
              object.add(entry.getKey(), entry.getValue());
            }
          }
        }
      }
      return object;
    }

    private boolean isMergeKey(ScalarNode key) {
      return (PLAIN.equals(key.getTag()) || Tag.MERGE.equals(key.getTag())) && key.getValue().equals("<<");
    }

    /** {@code sigs.k8s.io/yaml} turns typed keys into strings: {@code 1: x} has the key {@code "1"}. */
    private String key(Node keyNode) throws IOException {
      if (!(keyNode instanceof ScalarNode)) {
        throw new IOException("unsupported map key: a list or a mapping cannot be a JSON key");
      }
      JsonElement value = scalar((ScalarNode) keyNode);
      if (value.isJsonNull()) {
        throw new IOException("unsupported map key of type: <nil>");
      }
      return value.getAsJsonPrimitive().getAsString();
    }
  }
}
