package io.github.katib4j.internal.codec;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.katib4j.KatibParseException;
import io.github.katib4j.Problem;
import io.github.katib4j.SourcePosition;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads JSON and YAML into Gson trees, remembering where every field starts.
 *
 * <p>YAML is read as kubectl reads it ({@link GoValues}: {@code y}, {@code on} are booleans, {@code 0o17} is 15 and
 * {@code 12.0} is 12), but more strictly where it would lose data: a duplicate key is an error, not a silent
 * overwrite. JSON numbers keep their text, so {@code 1.0} is written back as {@code 1.0}.
 */
public final class YamlTrees {
  static final int MAX_DEPTH = 500;

  /**
   * The most values a document may expand to. Aliases let a few lines stand for billions of values (the "billion
   * laughs"); no Kubernetes object holds this many, as the API server takes requests of at most 3 MiB.
   */
  public static final int MAX_VALUES = 1_000_000;

  private YamlTrees() {}

  /**
   * Every document in {@code text}, JSON or YAML (a JSON text is one document).
   *
   * @param source a file name or description, for messages
   * @throws KatibParseException with line and column when the text is not JSON or YAML
   */
  public static List<ParsedDocument> parseAll(String text, String source) {
    if (JsonDocuments.looksLikeJson(text)) {
      return List.of(JsonDocuments.parse(text, source));
    }
    List<ParsedDocument> documents = new ArrayList<>();
    try {
      for (Node node : newYaml().composeAll(new StringReader(text))) {
        // An empty document (between two "---", or after a last one) holds nothing, as kubectl reads it.
        if (node == null || isNull(node)) {
          continue;
        }
        documents.add(convertDocument(node, source));
      }
    } catch (MarkedYAMLException e) {
      throw syntaxError(source, e);
    } catch (YAMLException e) {
      throw new KatibParseException(source, List.of(Problem.of("", "syntax", "not valid YAML: " + e.getMessage())),
          true);
    }
    if (documents.size() > 1) {
      List<ParsedDocument> named = new ArrayList<>();
      for (int i = 0; i < documents.size(); i++) {
        ParsedDocument d = documents.get(i);
        named.add(new ParsedDocument(d.root(), d.sourceMap(), source + " (document " + (i + 1) + ")"));
      }
      return named;
    }
    return documents;
  }

  private static boolean isNull(Node node) {
    try {
      return node instanceof ScalarNode && GoValues.scalar((ScalarNode) node).isJsonNull();
    } catch (IOException e) {
      return false;
    }
  }

  /** The single JSON or YAML value in {@code text}. */
  public static JsonElement parseSingle(String text, String source) {
    return parseSingleDocument(text, source).root();
  }

  /** The single document in {@code text}, with its source map. */
  public static ParsedDocument parseSingleDocument(String text, String source) {
    List<ParsedDocument> documents = parseAll(text, source);
    if (documents.size() != 1) {
      throw new KatibParseException(source, List.of(Problem.of("", "syntax",
          "expected exactly one document, found " + documents.size()
              + "; split the text or read it as a list")), true);
    }
    return documents.get(0);
  }

  public static KatibParseException notAnObject(JsonElement element, String source) {
    return new KatibParseException(source,
        List.of(Problem.of("", "schema", "expected an object, found " + describe(element))), false);
  }

  /** How a JSON value is called in messages: {@code a string ("abc")}, {@code a number (3)}, {@code a list}. */
  public static String describe(JsonElement element) {
    if (element == null || element.isJsonNull()) {
      return "null";
    }
    if (element.isJsonObject()) {
      return "an object";
    }
    if (element.isJsonArray()) {
      return "a list";
    }
    JsonPrimitive p = element.getAsJsonPrimitive();
    String text = JsonTrees.compact(p);
    if (text.length() > 60) {
      text = text.substring(0, 57) + "...";
    }
    if (p.isBoolean()) {
      return "a boolean (" + text + ")";
    }
    return (p.isNumber() ? "a number (" : "a string (") + text + ")";
  }

  private static Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // detected ourselves, with the position of the second key
    options.setCodePointLimit(64 * 1024 * 1024);
    options.setMaxAliasesForCollections(100);
    options.setNestingDepthLimit(MAX_DEPTH);
    DumperOptions dumper = new DumperOptions();
    return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, GoValues.plainResolver());
  }

  private static KatibParseException syntaxError(String source, MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
    String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
    Problem problem = Problem.of("", "syntax", "not valid YAML: " + what + context);
    if (mark != null) {
      problem = problem.at(position(source, mark));
    }
    return new KatibParseException(source, List.of(problem), true);
  }

  private static SourcePosition position(String source, Mark mark) {
    return SourcePosition.of(source, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static ParsedDocument convertDocument(Node node, String source) {
    Converter converter = new Converter(source);
    JsonElement root = converter.convert(node, "", 0);
    if (!converter.problems.isEmpty()) {
      throw new KatibParseException(source, converter.problems, true);
    }
    return new ParsedDocument(root, converter.positions.build(), source);
  }

  /** Turns a composed YAML node graph into a Gson tree. */
  private static final class Converter {
    private final String source;
    private final SourceMap.Builder positions = SourceMap.builder();
    private final List<Problem> problems = new ArrayList<>();
    private final Map<Node, Boolean> onPath = new IdentityHashMap<>();
    private int values;

    Converter(String source) {
      this.source = source;
    }

    JsonElement convert(Node node, String path, int depth) {
      if (++values > MAX_VALUES) {
        throw new KatibParseException(source, List.of(Problem.of(path, "syntax", "the document expands to more than "
            + MAX_VALUES + " values, most likely through aliases (*name) that repeat anchored lists or mappings; no"
            + " Kubernetes object holds that many").at(position(source, node.getStartMark()))), true);
      }
      positions.put(path, position(source, node.getStartMark()));
      if (depth > MAX_DEPTH || onPath.containsKey(node)) {
        problems.add(Problem.of(path, "syntax", "the document nests too deeply or refers to itself through an alias")
            .at(position(source, node.getStartMark())));
        return JsonNull.INSTANCE;
      }
      onPath.put(node, Boolean.TRUE);
      try {
        if (node instanceof MappingNode) {
          return mapping((MappingNode) node, path, depth);
        }
        if (node instanceof SequenceNode) {
          JsonArray array = new JsonArray();
          List<Node> items = ((SequenceNode) node).getValue();
          for (int i = 0; i < items.size(); i++) {
            array.add(convert(items.get(i), Paths.index(path, i), depth + 1));
          }
          return array;
        }
        return scalar((ScalarNode) node, path);
      } finally {
        onPath.remove(node);
      }
    }

    /**
     * Entries apply in go-yaml v2's order, as kubectl reads them: a merge key ({@code <<}) where it stands, so that
     * a later entry replaces an earlier one, and of a list of merged mappings the earlier ones win. A merge that
     * would replace a key written before it in the same mapping is an error: that value would be silently lost.
     */
    private JsonObject mapping(MappingNode node, String path, int depth) {
      JsonObject object = new JsonObject();
      Set<String> explicit = new HashSet<>();
      for (NodeTuple tuple : node.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (keyNode instanceof ScalarNode && GoValues.isMergeKey((ScalarNode) keyNode)) {
          merge(object, explicit, tuple.getValueNode(), path, depth);
          continue;
        }
        String key = key(keyNode, path);
        if (key == null) {
          continue;
        }
        String childPath = Paths.member(path, key);
        if (!explicit.add(key)) {
          problems.add(Problem.of(childPath, "syntax", "duplicate key \"" + key
              + "\"; Kubernetes' tools reject it, and keeping either value would silently lose the other")
              .at(position(source, keyNode.getStartMark())));
          continue;
        }
        positions.put(childPath, position(source, keyNode.getStartMark()));
        object.add(key, convert(tuple.getValueNode(), childPath, depth + 1));
      }
      return object;
    }

    private void merge(JsonObject object, Set<String> explicit, Node merge, String path, int depth) {
      List<Node> sources = merge instanceof SequenceNode ? ((SequenceNode) merge).getValue() : List.of(merge);
      for (int i = sources.size() - 1; i >= 0; i--) {
        Node sourceNode = sources.get(i);
        JsonElement merged = convert(sourceNode, path, depth + 1);
        if (!merged.isJsonObject()) {
          problems.add(Problem.of(path, "syntax", "a merge key (<<) must refer to a mapping")
              .at(position(source, sourceNode.getStartMark())));
          continue;
        }
        for (Map.Entry<String, JsonElement> entry : merged.getAsJsonObject().entrySet()) {
          if (explicit.contains(entry.getKey()) && !entry.getValue().equals(object.get(entry.getKey()))) {
            problems.add(Problem.of(Paths.member(path, entry.getKey()), "syntax", "\"" + entry.getKey()
                + "\" is written before the merge key (<<) that sets it again; Kubernetes' tools apply merges in"
                + " order, so the merged value would replace this one: put the << entry first to keep this value")
                .at(position(source, merge.getStartMark())));
            continue;
          }
          object.add(entry.getKey(), entry.getValue());
        }
      }
    }

    /** A mapping key as kubectl reads it: typed by go-yaml, then written as text ({@code n:} is {@code "false"}). */
    private String key(Node keyNode, String path) {
      if (keyNode instanceof ScalarNode) {
        JsonElement key = scalar((ScalarNode) keyNode, path);
        if (!key.isJsonNull()) {
          return key.getAsJsonPrimitive().getAsString();
        }
      }
      problems.add(Problem.of(path, "syntax", "a mapping key must be a string, number or boolean, not "
          + (keyNode instanceof ScalarNode ? "null (quote it to keep it as text)" : "a list or a mapping"))
          .at(position(source, keyNode.getStartMark())));
      return null;
    }

    private JsonElement scalar(ScalarNode node, String path) {
      try {
        return GoValues.scalar(node);
      } catch (IOException e) {
        String why = GoValues.PLAIN.equals(node.getTag())
            ? "\"" + node.getValue() + "\" is not a number JSON can hold; quote it to keep it as a string"
            : e.getMessage();
        problems.add(Problem.of(path, "syntax", why).at(position(source, node.getStartMark())));
        return new JsonPrimitive(node.getValue());
      }
    }
  }
}
