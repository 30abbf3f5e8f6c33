package io.github.katib4j.internal.kubernetes;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes' types as Go decodes and converts them, from a field table of {@code batch/v1 Job} and every type it
 * holds ({@code ObjectMeta}, {@code Container}, ...), generated from k8s.io/api v0.34.0 (the version Katib v0.19.0
 * builds with) by reflection ({@code tools/k8s-job-schema}, {@code batch-v1-job.fields}).
 *
 * <p>{@link #check} is Katib's rule T17: a {@code batch/v1 Job} template must convert to Kubernetes' typed
 * {@code Job} ({@code runtime.DefaultUnstructuredConverter.FromUnstructured}) and, written back as JSON, lose or
 * change none of its fields (a JSON patch from the typed form back to the template may only remove fields), except
 * under {@code /resources/limits/} and {@code /resources/requests/}. For each field of the template it decides what
 * Go would do: a value of the wrong JSON type fails the conversion; an unknown field is dropped; a zero value
 * ({@code false}, {@code 0}, {@code ""}, an empty list or map, {@code null}) in a field tagged {@code omitempty} is
 * dropped; an integer out of range wraps around; a time is rewritten in UTC. Each of those is a patch operation
 * other than "remove", which Katib rejects. Quantities are checked for syntax only: Go also rewrites them in
 * canonical form, which this class does not model, so a non-canonical quantity outside {@code resources} passes
 * here but not in Katib.
 *
 * <p>{@link #decodeError} is what Go's {@code encoding/json} refuses when it decodes into such a type, as Katib's
 * webhooks decode an Experiment's metadata and custom metrics collector container.
 */
public final class JobSchema {
  private static final String RESOURCE = "batch-v1-job.fields";
  private static final JobSchema INSTANCE = load();
  private static final Pattern QUANTITY =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(([eE][+-]?\\d+)|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?");
  private static final DateTimeFormatter GO_RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
  private static final DateTimeFormatter GO_RFC3339_MICRO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

  private final Map<String, Map<String, Field>> types;
  private final String root;

  private JobSchema(Map<String, Map<String, Field>> types, String root) {
    this.types = types;
    this.root = root;
  }

  public static JobSchema get() {
    return INSTANCE;
  }

  /** Whether {@code apiVersion}/{@code kind} name the typed Job Katib checks. */
  public static boolean isBatchJob(JsonObject object) {
    return stringField(object, "apiVersion").equals("batch/v1") && stringField(object, "kind").equals("Job");
  }

  private static String stringField(JsonObject object, String name) {
    JsonElement value = object.get(name);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString() : "";
  }

  /** Why the template would not survive Katib's conversion, naming the first field that fails, or empty. */
  public Optional<String> check(JsonObject job) {
    return struct(job, root, "");
  }

  /** A field Go's {@code encoding/json} cannot decode, and why. */
  public record DecodeError(String path, String message) {}

  /**
   * The first field Go's {@code encoding/json} cannot decode when it reads {@code value} into the Kubernetes type
   * {@code type} (a struct of the table, such as {@code Container} or {@code ObjectMeta}), with its path below
   * {@code path}: a value of the wrong JSON type, an integer with a fraction or out of range, a quantity, time or
   * duration that does not parse. Unknown fields are dropped and {@code null} leaves the zero value, so both decode.
   */
  public Optional<DecodeError> decodeError(JsonElement value, String type, String path) {
    if (value.isJsonNull() || type.equals("RAW")) {
      return Optional.empty();
    }
    if (type.startsWith("*")) {
      return decodeError(value, type.substring(1), path);
    }
    if (type.startsWith("[]")) {
      if (!value.isJsonArray()) {
        return Optional.of(new DecodeError(path, "must be a list, found " + describe(value)));
      }
      JsonArray array = value.getAsJsonArray();
      for (int i = 0; i < array.size(); i++) {
        Optional<DecodeError> item = decodeError(array.get(i), type.substring(2), path + "[" + i + "]");
        if (item.isPresent()) {
          return item;
        }
      }
      return Optional.empty();
    }
    boolean isMap = type.startsWith("map[");
    if (isMap || types.containsKey(type)) {
      if (!value.isJsonObject()) {
        return Optional.of(new DecodeError(path, "must be " + (isMap ? "a map" : "an object (" + type + ")")
            + ", found " + describe(value)));
      }
      Map<String, Field> fields = types.get(type);
      for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
        Field field = isMap ? null : fields.get(entry.getKey());
        Optional<DecodeError> problem = isMap
            ? decodeError(entry.getValue(), type.substring(4, type.length() - 1), path + "[" + entry.getKey() + "]")
            : field == null ? Optional.empty() : decodeError(entry.getValue(), field.type, path + "." + entry.getKey());
        if (problem.isPresent()) {
          return problem;
        }
      }
      return Optional.empty();
    }
    return decodeScalar(value.isJsonPrimitive() ? value.getAsJsonPrimitive() : null, value, type, path)
        .map(message -> new DecodeError(path, message));
  }

  /** A field of an object that its Kubernetes type does not have, which Go's {@code encoding/json} drops. */
  public record UnknownField(String path, String name, String type, List<String> known) {}

  /**
   * Every field, at any depth, of {@code value} read as the Kubernetes type {@code type} that is not a field of the
   * type at its place, with its path below {@code path} and the type's fields; map keys and raw content
   * ({@code fieldsV1}) are free. Values of the wrong JSON type are {@link #decodeError}'s and are not looked into.
   */
  public List<UnknownField> unknownFields(JsonElement value, String type, String path) {
    List<UnknownField> found = new ArrayList<>();
    collectUnknown(value, type, path, found);
    return found;
  }

  private void collectUnknown(JsonElement value, String type, String path, List<UnknownField> found) {
    if (value.isJsonNull() || type.equals("RAW")) {
      return;
    }
    if (type.startsWith("*")) {
      collectUnknown(value, type.substring(1), path, found);
    } else if (type.startsWith("[]")) {
      if (value.isJsonArray()) {
        JsonArray array = value.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
          collectUnknown(array.get(i), type.substring(2), path + "[" + i + "]", found);
        }
      }
    } else if (type.startsWith("map[")) {
      if (value.isJsonObject()) {
        for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
          collectUnknown(entry.getValue(), type.substring(4, type.length() - 1), path + "[" + entry.getKey() + "]",
              found);
        }
      }
    } else if (types.containsKey(type) && value.isJsonObject()) {
      Map<String, Field> fields = types.get(type);
      for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
        String fieldPath = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
        Field field = fields.get(entry.getKey());
        if (field == null) {
          found.add(new UnknownField(fieldPath, entry.getKey(), type, List.copyOf(fields.keySet())));
        } else {
          collectUnknown(entry.getValue(), field.type, fieldPath, found);
        }
      }
    }
  }

  private Optional<String> decodeScalar(JsonPrimitive p, JsonElement value, String type, String path) {
    String found = ", found " + describe(value);
    switch (type) {
      case "s":
        return p != null && p.isString() ? Optional.empty() : Optional.of("must be a string" + found);
      case "b":
        return p != null && p.isBoolean() ? Optional.empty() : Optional.of("must be true or false" + found);
      case "f32":
      case "f64":
        return p != null && p.isNumber() && Double.isFinite(p.getAsDouble()) ? Optional.empty()
            : Optional.of("must be a number" + found);
      case "Q":
        String text = p == null ? null : p.isString() ? p.getAsString() : p.isNumber() ? p.getAsNumber().toString()
            : null;
        return text != null && QUANTITY.matcher(text.strip()).matches() ? Optional.empty()
            : Optional.of("must be a quantity such as \"1Gi\" or \"500m\"" + found);
      case "IOS":
        return p != null && p.isString() ? Optional.empty() : withoutPath(integer(value, p, "i32", path, true), path);
      case "T":
      case "MT":
        return p != null && p.isString() ? withoutPath(time(value, p, type.equals("MT"), path), path)
            .filter(error -> !error.contains("writes back")) : Optional.of("must be an RFC 3339 time" + found);
      case "D":
        return p != null && p.isString() ? Optional.empty()
            : Optional.of("must be a duration such as \"1m\"" + found);
      default:
        return withoutPath(integer(value, p, type, path, true), path);
    }
  }

  private static Optional<String> withoutPath(Outcome outcome, String path) {
    return Optional.ofNullable(outcome.error).map(error -> error.substring(path.length()).strip());
  }

  private static final class Field {
    final String type;
    final boolean omitEmpty;
    final boolean omitZero;

    Field(String type, String flags) {
      this.type = type;
      this.omitEmpty = flags.contains("e");
      this.omitZero = flags.contains("z");
    }
  }

  private Optional<String> struct(JsonElement value, String typeName, String path) {
    if (!value.isJsonObject()) {
      return Optional.of(path + " must be an object (" + typeName + "), found " + describe(value));
    }
    Map<String, Field> fields = types.get(typeName);
    for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
      String fieldPath = path + "/" + entry.getKey().replace("~", "~0").replace("/", "~1");
      Field field = fields.get(entry.getKey());
      if (field == null) {
        if (tolerated(fieldPath)) {
          continue;
        }
        return Optional.of(fieldPath + " is not a field of " + typeName + " (Kubernetes drops it)");
      }
      Optional<String> problem = field(entry.getValue(), field, fieldPath);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private Optional<String> field(JsonElement value, Field field, String path) {
    Outcome outcome = convert(value, field.type, path);
    if (outcome.error != null) {
      return Optional.of(outcome.error);
    }
    boolean dropped = (field.omitEmpty && outcome.empty) || (field.omitZero && outcome.zero);
    if (dropped && !tolerated(path)) {
      return Optional.of(path + " is " + describe(value) + ", which Kubernetes omits when writing the Job back;"
          + " remove the field");
    }
    return Optional.empty();
  }

  /** What converting one value gives: an error, or whether Go's encoder treats it as empty or zero. */
  private static final class Outcome {
    final String error;
    final boolean empty;
    final boolean zero;

    private Outcome(String error, boolean empty, boolean zero) {
      this.error = error;
      this.empty = empty;
      this.zero = zero;
    }

    static Outcome fail(String error) {
      return new Outcome(error, false, false);
    }

    static Outcome ok(boolean empty) {
      return new Outcome(null, empty, empty);
    }

    static Outcome of(boolean empty, boolean zero) {
      return new Outcome(null, empty, zero);
    }
  }

  private Outcome convert(JsonElement value, String type, String path) {
    if (type.startsWith("*")) {
      if (value.isJsonNull()) {
        return Outcome.ok(true);
      }
      Outcome inner = convert(value, type.substring(1), path);
      return inner.error != null ? inner : Outcome.ok(false);
    }
    if (type.startsWith("[]")) {
      if (value.isJsonNull()) {
        return Outcome.ok(true);
      }
      if (!value.isJsonArray()) {
        return Outcome.fail(path + " must be a list, found " + describe(value));
      }
      JsonArray array = value.getAsJsonArray();
      for (int i = 0; i < array.size(); i++) {
        Outcome item = element(array.get(i), type.substring(2), path + "/" + i);
        if (item.error != null) {
          return item;
        }
      }
      return Outcome.ok(array.size() == 0);
    }
    if (type.startsWith("map[")) {
      if (value.isJsonNull()) {
        return Outcome.ok(true);
      }
      if (!value.isJsonObject()) {
        return Outcome.fail(path + " must be a map, found " + describe(value));
      }
      String elementType = type.substring(4, type.length() - 1);
      for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
        Outcome item = element(entry.getValue(), elementType, path + "/" + entry.getKey().replace("~", "~0")
            .replace("/", "~1"));
        if (item.error != null) {
          return item;
        }
      }
      return Outcome.ok(value.getAsJsonObject().size() == 0);
    }
    if (types.containsKey(type)) {
      if (value.isJsonNull()) {
        return Outcome.fail(path + " is null, which Kubernetes writes back as an object; remove the field");
      }
      Optional<String> problem = struct(value, type, path);
      return problem.map(Outcome::fail).orElseGet(() -> Outcome.of(false, false));
    }
    return scalar(value, type, path);
  }

  /**
   * A list item or map value: Go writes it back whatever it is, so a zero value survives, but {@code null}
   * becomes the type's zero value, which differs.
   */
  private Outcome element(JsonElement value, String type, String path) {
    if (value.isJsonNull() && !type.startsWith("*") && !type.startsWith("[]") && !type.startsWith("map[")
        && !type.equals("T") && !type.equals("MT") && !type.equals("RAW") && !tolerated(path)) {
      return Outcome.fail(path + " is null, which Kubernetes writes back as a " + type + " zero value");
    }
    Outcome outcome = convert(value, type, path);
    return outcome.error != null ? outcome : Outcome.ok(false);
  }

  private Outcome scalar(JsonElement value, String type, String path) {
    boolean isNull = value.isJsonNull();
    JsonPrimitive p = isNull ? null : value.isJsonPrimitive() ? value.getAsJsonPrimitive() : null;
    switch (type) {
      case "s":
        if (isNull) {
          return nullToZero(path, "\"\"");
        }
        if (p == null || !p.isString()) {
          return Outcome.fail(path + " must be a string, found " + describe(value));
        }
        return Outcome.ok(p.getAsString().isEmpty());
      case "b":
        if (isNull) {
          return nullToZero(path, "false");
        }
        if (p == null || !p.isBoolean()) {
          return Outcome.fail(path + " must be true or false, found " + describe(value));
        }
        return Outcome.ok(!p.getAsBoolean());
      case "i32":
      case "i64":
      case "i":
      case "u8":
      case "u16":
      case "u32":
      case "u64":
        return integer(value, p, type, path, false);
      case "f32":
      case "f64":
        if (isNull) {
          return nullToZero(path, "0");
        }
        if (p == null || !p.isNumber()) {
          return Outcome.fail(path + " must be a number, found " + describe(value));
        }
        return Outcome.ok(p.getAsDouble() == 0);
      case "Q":
        return quantity(value, p, path);
      case "IOS":
        return intOrString(value, p, path);
      case "T":
      case "MT":
        return time(value, p, type.equals("MT"), path);
      case "D":
        if (p == null || !p.isString()) {
          return Outcome.fail(path + " must be a duration string such as \"1m\", found " + describe(value));
        }
        return Outcome.ok(false);
      case "RAW":
        return Outcome.ok(isNull);
      default:
        throw new IllegalStateException("unknown type " + type + " in " + RESOURCE);
    }
  }

  private Outcome nullToZero(String path, String zero) {
    return tolerated(path) ? Outcome.ok(true)
        : Outcome.fail(path + " is null, which Kubernetes writes back as " + zero + "; remove the field");
  }

  /** An integer of {@code type}; when {@code decoding}, out of range is an error even where Katib tolerates it. */
  private Outcome integer(JsonElement value, JsonPrimitive p, String type, String path, boolean decoding) {
    if (value.isJsonNull()) {
      return nullToZero(path, "0");
    }
    if (p == null || !p.isNumber()) {
      return Outcome.fail(path + " must be an integer, found " + describe(value)
          + (p != null && p.isString() ? " (a placeholder makes it a string: Katib substitutes only inside strings)"
          : ""));
    }
    BigDecimal number = new BigDecimal(p.getAsNumber().toString());
    BigInteger integral;
    try {
      integral = number.toBigIntegerExact();
    } catch (ArithmeticException fraction) {
      return Outcome.fail(path + " must be an integer, found " + p.getAsNumber());
    }
    int bits = type.equals("i32") || type.equals("u32") ? 32 : type.equals("u8") ? 8 : type.equals("u16") ? 16 : 64;
    boolean unsigned = type.startsWith("u");
    BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
    BigInteger max = unsigned ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
        : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
    if (integral.compareTo(min) < 0 || integral.compareTo(max) > 0) {
      return tolerated(path) && !decoding ? Outcome.ok(false) : Outcome.fail(path + " is " + integral
          + ", outside the range of " + type + (decoding ? "" : "; Kubernetes changes it"));
    }
    return Outcome.ok(integral.signum() == 0);
  }

  private Outcome quantity(JsonElement value, JsonPrimitive p, String path) {
    if (value.isJsonNull()) {
      return tolerated(path) ? Outcome.ok(false)
          : Outcome.fail(path + " is null, which Kubernetes writes back as \"0\"; remove the field");
    }
    if (p == null || !(p.isString() || p.isNumber())) {
      return Outcome.fail(path + " must be a quantity such as \"1Gi\", found " + describe(value));
    }
    String text = p.isString() ? p.getAsString() : p.getAsNumber().toString();
    if (!QUANTITY.matcher(text.strip()).matches()) {
      return Outcome.fail(path + " is \"" + text + "\", which is not a Kubernetes quantity such as \"1Gi\" or"
          + " \"500m\"");
    }
    if (!text.equals(text.strip()) && !tolerated(path)) {
      return Outcome.fail(path + " is \"" + text + "\", which Kubernetes writes back without the spaces");
    }
    if (p.isNumber() && !tolerated(path)) {
      return Outcome.fail(path + " is the number " + text + ", which Kubernetes writes back as the string \""
          + text + "\"; quote it");
    }
    return Outcome.ok(false);
  }

  private Outcome intOrString(JsonElement value, JsonPrimitive p, String path) {
    if (value.isJsonNull()) {
      return tolerated(path) ? Outcome.ok(false)
          : Outcome.fail(path + " is null, which Kubernetes writes back as 0; remove the field");
    }
    if (p != null && p.isString()) {
      return Outcome.ok(false);
    }
    if (p != null && p.isNumber()) {
      try {
        BigInteger integral = new BigDecimal(p.getAsNumber().toString()).toBigIntegerExact();
        if (integral.bitLength() < 32) {
          return Outcome.ok(false);
        }
      } catch (ArithmeticException fraction) {
        // reported below
      }
    }
    return Outcome.fail(path + " must be a 32-bit integer or a string, found " + describe(value));
  }

  private Outcome time(JsonElement value, JsonPrimitive p, boolean micro, String path) {
    if (value.isJsonNull()) {
      return Outcome.of(false, true);
    }
    if (p == null || !p.isString()) {
      return Outcome.fail(path + " must be an RFC 3339 time string, found " + describe(value));
    }
    String text = p.getAsString();
    OffsetDateTime parsed;
    try {
      parsed = OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      return Outcome.fail(path + " is \"" + text + "\", which is not an RFC 3339 time");
    }
    OffsetDateTime utc = parsed.withOffsetSameInstant(ZoneOffset.UTC);
    String written = micro ? GO_RFC3339_MICRO.format(utc.truncatedTo(ChronoUnit.MICROS))
        : GO_RFC3339.format(utc.truncatedTo(ChronoUnit.SECONDS));
    boolean zero = utc.toInstant().equals(OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant());
    if (!written.equals(text) && !tolerated(path)) {
      return Outcome.fail(path + " is \"" + text + "\", which Kubernetes writes back as \"" + written + "\"");
    }
    return Outcome.of(false, zero);
  }

  /** Katib ignores patch operations under these paths, since devices add their own resource names. */
  private static boolean tolerated(String path) {
    return path.contains("/resources/limits/") || path.contains("/resources/requests/");
  }

  private static String describe(JsonElement value) {
    if (value.isJsonNull()) {
      return "null";
    }
    if (value.isJsonObject()) {
      return "an object";
    }
    if (value.isJsonArray()) {
      return "a list";
    }
    JsonPrimitive p = value.getAsJsonPrimitive();
    if (p.isString()) {
      return "the string \"" + p.getAsString() + "\"";
    }
    return p.isBoolean() ? "the boolean " + p.getAsBoolean() : "the number " + p.getAsNumber();
  }

  private static JobSchema load() {
    Map<String, Map<String, Field>> types = new HashMap<>();
    String root = null;
    try (InputStream in = JobSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from katib-core");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split(" ");
        if (parts[0].equals("@root")) {
          root = parts[1];
          continue;
        }
        Map<String, Field> fields = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
          String[] field = parts[i].split(":", -1);
          fields.put(field[0], new Field(field[1], field[2]));
        }
        types.put(parts[0], fields);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new JobSchema(Map.copyOf(types), root);
  }
}
