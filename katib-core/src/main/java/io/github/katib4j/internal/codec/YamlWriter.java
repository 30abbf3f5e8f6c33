package io.github.katib4j.internal.codec;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/** Writes Gson trees as block YAML in the style of Katib's examples, keeping numbers exactly as they were written. */
public final class YamlWriter {
  private YamlWriter() {}

  public static String write(JsonElement element) {
    return yaml().dump(toYamlJava(element));
  }

  /** Several documents separated by {@code ---}. */
  public static String writeAll(List<? extends JsonElement> elements) {
    List<Object> documents = new ArrayList<>();
    elements.forEach(e -> documents.add(toYamlJava(e)));
    return yaml().dumpAll(documents.iterator());
  }

  /**
   * Block YAML in kubectl's layout (go-yaml v2's): a sequence's items at the indentation of the key that holds them.
   * The values are written as they are; {@link io.github.katib4j.internal.KubectlOutput} turns them into what
   * kubectl would show first.
   */
  public static String writeAsKubectl(JsonElement element) {
    return yaml(false).dump(toYamlJava(element));
  }

  private static Yaml yaml() {
    return yaml(true);
  }

  /** @param indentSequences whether a sequence's items are indented under their key, as in Katib's examples */
  private static Yaml yaml(boolean indentSequences) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(indentSequences ? 2 : 0);
    options.setIndentWithIndicator(indentSequences);
    options.setSplitLines(false);
    options.setWidth(Integer.MAX_VALUE);
    return new Yaml(new ExactRepresenter(options), options);
  }

  private static Object toYamlJava(JsonElement element) {
    if (element == null || element.isJsonNull()) {
      return null;
    }
    if (element.isJsonObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      element.getAsJsonObject().entrySet().forEach(e -> map.put(e.getKey(), toYamlJava(e.getValue())));
      return map;
    }
    if (element.isJsonArray()) {
      List<Object> list = new ArrayList<>();
      element.getAsJsonArray().forEach(e -> list.add(toYamlJava(e)));
      return list;
    }
    JsonPrimitive primitive = element.getAsJsonPrimitive();
    if (primitive.isNumber()) {
      return new NumberText(primitive.getAsNumber().toString());
    }
    return primitive.isBoolean() ? (Object) primitive.getAsBoolean() : primitive.getAsString();
  }

  /** A number that must be written with exactly this text. */
  private static final class NumberText {
    final String text;

    NumberText(String text) {
      this.text = text;
    }
  }

  private static final class ExactRepresenter extends Representer {
    private static final Resolver RESOLVER = new Resolver();

    ExactRepresenter(DumperOptions options) {
      super(options);
      Represent number = data -> {
        String text = ((NumberText) data).text;
        return representScalar(JsonTrees.isIntegerText(text) ? Tag.INT : Tag.FLOAT, text);
      };
      this.representers.put(NumberText.class, number);
      Represent plainString = this.representers.get(String.class);
      this.representers.put(String.class, data -> {
        String text = (String) data;
        if (!StreamReader.isPrintable(text)) {
          // SnakeYAML would write !!binary; escapes in double quotes keep it text for every YAML reader.
          return representScalar(Tag.STR, text, DumperOptions.ScalarStyle.DOUBLE_QUOTED);
        }
        // Multi-line text (scripts, configs) reads best as a literal block, as Katib's examples write it.
        if (text.indexOf('\n') >= 0 && text.chars().noneMatch(c -> c == '\t' || c == '\r')
            && !text.endsWith(" ") && !text.startsWith(" ")) {
          return representScalar(Tag.STR, text, DumperOptions.ScalarStyle.LITERAL);
        }
        // Text that would read back as a number, boolean or null must be quoted, for kubectl's reader (go-yaml: y,
        // n, 0o17) and for YAML 1.1 readers alike; Katib's examples use double quotes.
        if (!GoValues.readsAsString(text) || !Tag.STR.equals(RESOLVER.resolve(NodeId.scalar, text, true))) {
          return representScalar(Tag.STR, text, DumperOptions.ScalarStyle.DOUBLE_QUOTED);
        }
        return plainString.representData(data);
      });
    }
  }
}
