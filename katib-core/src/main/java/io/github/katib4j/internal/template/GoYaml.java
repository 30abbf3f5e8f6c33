package io.github.katib4j.internal.template;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.internal.codec.GoValues;
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
  public static final Scalars GO =
      (text, plain, tag) -> plain ? GoValues.resolvePlain(text) : GoValues.tagged(text, tag);

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
    return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, GoValues.plainResolver());
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
      boolean plain = GoValues.PLAIN.equals(node.getTag());
      return scalars.convert(node.getValue(), plain, plain ? null : node.getTag());
    }

    /**
     * go-yaml v2's order: entries apply as they come, a merge key ({@code <<}) where it stands, so a later entry,
     * merged or not, replaces an earlier one; of a list of merged mappings, the earlier ones win.
     */
    private JsonObject mapping(MappingNode node, int depth) throws IOException {
      JsonObject object = new JsonObject();
      for (NodeTuple tuple : node.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (keyNode instanceof ScalarNode && GoValues.isMergeKey((ScalarNode) keyNode)) {
          Node merge = tuple.getValueNode();
          List<Node> sources = merge instanceof SequenceNode ? ((SequenceNode) merge).getValue() : List.of(merge);
          for (int i = sources.size() - 1; i >= 0; i--) {
            JsonElement merged = convert(sources.get(i), depth + 1);
            if (!merged.isJsonObject()) {
              throw new IOException("map merge requires map or sequence of maps as the value");
            }
            merged.getAsJsonObject().entrySet().forEach(entry -> object.add(entry.getKey(), entry.getValue()));
          }
          continue;
        }
        object.add(key(keyNode), convert(tuple.getValueNode(), depth + 1));
      }
      return object;
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
