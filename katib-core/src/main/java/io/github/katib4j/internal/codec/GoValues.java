package io.github.katib4j.internal.codec;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Values as Kubernetes' Go tools hold them: numbers as {@code encoding/json} writes an int64 or float64, and YAML
 * scalars typed by go-yaml v2 (which {@code sigs.k8s.io/yaml}, and so kubectl and Katib's controller, read YAML with)
 * and then turned into JSON: {@code y} and {@code on} are booleans, {@code 0o17} and {@code 017} octal integers,
 * {@code 12.0} the number {@code 12}. SnakeYAML parses; only the typing of plain scalars is go-yaml's.
 */
public final class GoValues {
  /** Stands for "a plain scalar, not yet typed" so that go-yaml's typing rules apply instead of SnakeYAML's. */
  public static final Tag PLAIN = new Tag("tag:katib4j.github.io,2024:plain");

  private static final Set<String> TRUE = Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On",
      "ON");
  private static final Set<String> FALSE = Set.of("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off",
      "Off", "OFF");
  private static final Set<String> NULL = Set.of("", "~", "null", "Null", "NULL");
  private static final Set<String> NOT_A_NUMBER = Set.of(".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf",
      "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF");
  private static final Pattern YAML_STYLE_FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private GoValues() {}

  /** A SnakeYAML resolver that tags every plain untagged scalar {@link #PLAIN}; quoted ones stay strings. */
  public static Resolver plainResolver() {
    return new Resolver() {
      @Override
      public Tag resolve(NodeId kind, String value, boolean implicit) {
        if (kind == NodeId.scalar && implicit) {
          return PLAIN;
        }
        return super.resolve(kind, value, implicit);
      }
    };
  }

  /** Whether a mapping key read with {@link #plainResolver()} is YAML's merge key {@code <<}. */
  public static boolean isMergeKey(ScalarNode key) {
    return (PLAIN.equals(key.getTag()) || Tag.MERGE.equals(key.getTag())) && key.getValue().equals("<<");
  }

  /** The JSON value of a scalar read with {@link #plainResolver()}: go-yaml's typing for plain ones. */
  public static JsonElement scalar(ScalarNode node) throws IOException {
    return PLAIN.equals(node.getTag()) ? resolvePlain(node.getValue()) : tagged(node.getValue(), node.getTag());
  }

  /** Whether {@code text}, written as a plain YAML scalar, reads back as this same string in Kubernetes' tools. */
  public static boolean readsAsString(String text) {
    if (text.isEmpty()) {
      return false;
    }
    try {
      JsonElement value = resolvePlain(text);
      return value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
    } catch (IOException e) {
      return false;
    }
  }

  /** go-yaml v2's {@code resolve} for an untagged plain scalar, as JSON after {@code sigs.k8s.io/yaml}. */
  public static JsonElement resolvePlain(String text) throws IOException {
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

  /**
   * The JSON value of an explicitly tagged scalar (or a quoted one, tagged {@code !!str}): {@code !!binary} is
   * decoded as go-yaml decodes it into a string.
   */
  public static JsonElement tagged(String text, Tag tag) throws IOException {
    if (Tag.BINARY.equals(tag)) {
      try {
        return new JsonPrimitive(new String(Base64.getMimeDecoder().decode(text), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new IOException("!!binary value contains invalid base64 data", e);
      }
    }
    if (tag == null || Tag.STR.equals(tag)) {
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

  private static JsonElement floatValue(double value) throws IOException {
    if (Double.isInfinite(value)) {
      throw new IOException("json: unsupported value: +Inf (the number is out of float64's range)");
    }
    // sigs.k8s.io/yaml writes the float with encoding/json, and the Unstructured decoder reads the text back.
    return JsonTrees.number(numberText(formatFloat(value)));
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
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c < 128 && Character.digit(c, base) >= 0)) {
      return null;
    }
    BigInteger value = new BigInteger(digits, radix);
    return negative ? value.negate() : value;
  }

  /** Go's text for a decoded number: int64 when it has no {@code .} and fits, else float64's shortest form. */
  public static String numberText(String text) {
    if (text.indexOf('.') < 0) {
      try {
        BigInteger integer = new BigInteger(text);
        if (integer.compareTo(INT64_MIN) >= 0 && integer.compareTo(INT64_MAX) <= 0) {
          return integer.toString();
        }
      } catch (NumberFormatException e) {
        // has an exponent: a float64 in Go
      }
    }
    double value = Double.parseDouble(text);
    if (Double.isInfinite(value)) {
      throw new IllegalArgumentException("the number " + text + " is out of float64's range");
    }
    return formatFloat(value);
  }

  /** {@code encoding/json}'s float64 format: the shortest decimal that reads back; an exponent outside 1e-6..1e21. */
  public static String formatFloat(double value) {
    if (value == 0) {
      return (1 / value < 0) ? "-0" : "0";
    }
    BigDecimal shortest = shortest(value);
    double abs = Math.abs(value);
    if (abs >= 1e-6 && abs < 1e21) {
      return shortest.stripTrailingZeros().toPlainString();
    }
    BigDecimal stripped = shortest.stripTrailingZeros();
    String digits = stripped.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - stripped.scale();
    StringBuilder out = new StringBuilder();
    if (value < 0) {
      out.append('-');
    }
    out.append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(exponent < 0 ? '-' : '+');
    int magnitude = Math.abs(exponent);
    // Go writes at least two exponent digits, then encoding/json trims "e-07" to "e-7" (but leaves "e+21").
    if (magnitude < 10 && exponent > 0) {
      out.append('0');
    }
    return out.append(magnitude).toString();
  }

  /**
   * How kubectl's YAML writes a number it read from JSON (go-yaml v2, through {@code sigs.k8s.io/yaml}): an integer
   * that fits an int64 or uint64 as it is, anything else as a float64 in {@code strconv.FormatFloat(f, 'g', -1, 64)}
   * form, which has an exponent of at least two digits outside 1e-4..1e6: {@code 1e-7} becomes {@code 1e-07},
   * {@code 0.001} stays. Text that is no finite float64 is kept.
   */
  public static String yamlNumber(String jsonText) {
    if (JsonTrees.isIntegerText(jsonText)) {
      try {
        BigInteger integer = new BigInteger(jsonText);
        if (integer.bitLength() < 64 || (integer.signum() > 0 && integer.bitLength() == 64)) {
          return integer.toString();
        }
      } catch (NumberFormatException e) {
        return jsonText;
      }
    }
    double value;
    try {
      value = Double.parseDouble(jsonText);
    } catch (NumberFormatException e) {
      return jsonText;
    }
    if (Double.isInfinite(value) || Double.isNaN(value)) {
      return jsonText;
    }
    if (value == 0) {
      return (1 / value < 0) ? "-0" : "0";
    }
    BigDecimal stripped = shortest(value).stripTrailingZeros();
    String digits = stripped.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - stripped.scale();
    if (exponent >= -4 && exponent < 6) {
      return stripped.toPlainString();
    }
    StringBuilder out = new StringBuilder();
    if (value < 0) {
      out.append('-');
    }
    out.append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    int magnitude = Math.abs(exponent);
    return out.append('e').append(exponent < 0 ? '-' : '+').append(magnitude < 10 ? "0" : "").append(magnitude)
        .toString();
  }

  /**
   * go-yaml v2's order of mapping keys when it writes a map (its {@code keyList.Less} for strings): letters after
   * other characters, and runs of digits by their numeric value, so {@code a2} before {@code a10}. kubectl's YAML
   * has its keys in this order.
   */
  public static boolean yamlKeyLess(String a, String b) {
    int[] ar = a.codePoints().toArray();
    int[] br = b.codePoints().toArray();
    for (int i = 0; i < ar.length && i < br.length; i++) {
      if (ar[i] == br[i]) {
        continue;
      }
      boolean al = Character.isLetter(ar[i]);
      boolean bl = Character.isLetter(br[i]);
      if (al && bl) {
        return ar[i] < br[i];
      }
      if (al || bl) {
        return bl;
      }
      long an = 0;
      long bn = 0;
      if (ar[i] == '0' || br[i] == '0') {
        for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
          if (ar[j] != '0') {
            an = 1;
            bn = 1;
            break;
          }
        }
      }
      int ai = i;
      for (; ai < ar.length && Character.isDigit(ar[ai]); ai++) {
        an = an * 10 + (ar[ai] - '0');
      }
      int bi = i;
      for (; bi < br.length && Character.isDigit(br[bi]); bi++) {
        bn = bn * 10 + (br[bi] - '0');
      }
      if (an != bn) {
        return an < bn;
      }
      if (ai != bi) {
        return ai < bi;
      }
      return ar[i] < br[i];
    }
    return ar.length < br.length;
  }

  /** The shortest decimal that reads back as {@code value}, the nearest such when several are shortest. */
  private static BigDecimal shortest(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int precision = 1; precision < 17; precision++) {
      BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == value) {
        return candidate;
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
  }

}
