package io.github.katib4j.internal.codec;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.github.katib4j.KatibParseException;
import io.github.katib4j.Problem;
import io.github.katib4j.SourcePosition;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JSON text strictly into a Gson tree with the position of every field, refusing what would silently lose
 * data (a repeated key) and saying in plain words what is not JSON.
 */
final class JsonDocuments {
  /** Gson's own location, as {@code JsonReader.toString()} and its exceptions give it. */
  private static final Pattern LOCATION = Pattern.compile("at line (\\d+) column (\\d+) path (\\S*)");

  private static final Set<String> NOT_NUMBERS = Set.of("NaN", "Infinity", "-Infinity", "+Infinity", "inf", "nan");

  private final String text;
  private final String source;
  private final LineStarts lineStarts;
  private final JsonReader reader;
  private final SourceMap.Builder positions = SourceMap.builder();

  private JsonDocuments(String text, String source) {
    // A byte-order mark is not JSON; a space in its place keeps every column where an editor shows it.
    this.text = text.startsWith("\uFEFF") ? " " + text.substring(1) : text;
    this.source = source;
    this.lineStarts = new LineStarts(this.text);
    this.reader = new StrictJsonReader(this.text, YamlTrees.MAX_DEPTH);
  }

  /** Whether {@code text} is JSON rather than YAML: its first character other than blanks opens an object or list. */
  static boolean looksLikeJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c) && c != '\uFEFF') {
        return c == '{' || c == '[';
      }
    }
    return false;
  }

  /**
   * The one JSON value of {@code text}.
   *
   * @throws KatibParseException with line, column and field path when the text is not JSON or repeats a key
   */
  static ParsedDocument parse(String text, String source) {
    JsonDocuments document = new JsonDocuments(text, source);
    JsonElement root;
    try {
      root = document.value("");
    } catch (IOException | RuntimeException e) {
      throw document.syntaxError(e, false);
    }
    try {
      if (document.reader.peek() != JsonToken.END_DOCUMENT) {
        throw new IOException("at " + document.location());
      }
    } catch (IOException | RuntimeException e) {
      throw document.syntaxError(e, true);
    }
    return new ParsedDocument(root, document.positions.build(), source);
  }

  private JsonElement value(String path) throws IOException {
    JsonToken token = reader.peek();
    positions.put(path, tokenStart(token));
    switch (token) {
      case BEGIN_OBJECT:
        return object(path);
      case BEGIN_ARRAY:
        JsonArray array = new JsonArray();
        reader.beginArray();
        for (int i = 0; reader.hasNext(); i++) {
          array.add(value(Paths.index(path, i)));
        }
        reader.endArray();
        return array;
      case STRING:
        return new JsonPrimitive(reader.nextString());
      case NUMBER:
        return JsonTrees.number(reader.nextString());
      case BOOLEAN:
        return new JsonPrimitive(reader.nextBoolean());
      case NULL:
        reader.nextNull();
        return JsonNull.INSTANCE;
      default:
        throw new IOException("unexpected " + reader.peek() + " at " + location());
    }
  }

  private JsonObject object(String path) throws IOException {
    JsonObject object = new JsonObject();
    reader.beginObject();
    while (reader.hasNext()) {
      SourcePosition keyPosition = tokenStart(JsonToken.NAME);
      String key = reader.nextName();
      String childPath = Paths.member(path, key);
      if (object.has(key)) {
        throw new KatibParseException(source, List.of(Problem.of(childPath, "syntax", "duplicate key \"" + key
            + "\"; the API server keeps the last value, which would silently lose the other: keep one")
            .at(keyPosition)), true);
      }
      positions.put(childPath, keyPosition);
      object.add(key, value(childPath));
    }
    reader.endObject();
    return object;
  }

  /**
   * Where the token just peeked starts. Gson tells where it stopped reading: past the opening quote or bracket, past
   * a literal or a short number, or (for other numbers) on the number's first character.
   */
  private SourcePosition tokenStart(JsonToken token) {
    int offset = offsetOf(location());
    if (token == JsonToken.NUMBER || token == JsonToken.BOOLEAN || token == JsonToken.NULL) {
      if (token == JsonToken.NUMBER && offset < text.length() && isWordChar(text.charAt(offset))) {
        return positionAt(offset);
      }
      while (offset > 0 && isWordChar(text.charAt(offset - 1))) {
        offset--;
      }
      return positionAt(offset);
    }
    return positionAt(Math.max(0, offset - 1));
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.' || c == '_';
  }

  private String location() {
    return reader.toString();
  }

  /** The text offset of Gson's "at line L column C" (columns count from the last {@code \n}, as Gson does). */
  private int offsetOf(String location) {
    Matcher at = LOCATION.matcher(location);
    if (!at.find()) {
      return 0;
    }
    int line = Math.min(Integer.parseInt(at.group(1)), lineStarts.count()) - 1;
    return Math.min(lineStarts.start(line) + Integer.parseInt(at.group(2)) - 1, text.length());
  }

  private SourcePosition positionAt(int offset) {
    int line = lineStarts.lineOf(offset);
    return SourcePosition.of(source, line + 1, offset - lineStarts.start(line) + 1);
  }

  private KatibParseException syntaxError(Exception e, boolean afterTheValue) {
    if (e instanceof KatibParseException) {
      return (KatibParseException) e;
    }
    String message = JsonTrees.parseErrorMessage(e);
    Matcher at = LOCATION.matcher(message);
    if (!at.find()) {
      return new KatibParseException(source, List.of(Problem.of("", "syntax", "not valid JSON: " + message)), true);
    }
    String path = at.group(3).replaceFirst("^\\$\\.?", "");
    // Gson's column is just past the character it stopped at, or on it; blanks may lie in between.
    int offset = Math.max(0, offsetOf(at.group()) - 1);
    while (offset < text.length() && Character.isWhitespace(text.charAt(offset))) {
      offset++;
    }
    String what = afterTheValue
        ? "text after the JSON value (" + excerpt(offset) + "); a JSON text holds one value: put several"
            + " experiments in a list, or write them as YAML documents separated by ---"
        : describe(message.substring(0, at.start()).strip(), offset);
    return new KatibParseException(source,
        List.of(Problem.of(path, "syntax", "not valid JSON: " + what).at(positionAt(offset))), true);
  }

  /** Gson's words when they say what is wrong; else what is at {@code offset}, in JSON's terms. */
  private String describe(String gsonWords, int offset) {
    if (!gsonWords.startsWith("Use JsonReader.setStrictness")) { // StrictJsonReader words old Gson's advice so too
      if (gsonWords.startsWith("End of input")) {
        return "the text ends inside a value (a closing }, ] or \" is missing)";
      }
      if (gsonWords.startsWith("Expected name")) {
        return "expected a key in double quotes (a comma before } is not JSON)";
      }
      return gsonWords;
    }
    if (offset >= text.length()) {
      return "the text ends inside a value";
    }
    char c = text.charAt(offset);
    if (c == '\'') {
      return "a single-quoted string (" + excerpt(offset) + "); JSON strings take double quotes";
    }
    if (c == '/' || c == '#') {
      return "a comment (" + excerpt(offset) + "); JSON has none: remove it, or write the file as YAML";
    }
    String word = word(offset);
    if (NOT_NUMBERS.contains(word)) {
      return word + " is not a JSON number: JSON has no NaN or infinity";
    }
    if (!word.isEmpty()) {
      return "unquoted text (" + excerpt(offset) + "); JSON strings take double quotes, and true, false and null"
          + " are its only bare words";
    }
    return "unexpected " + excerpt(offset);
  }

  private String word(int offset) {
    int end = offset;
    while (end < text.length() && isWordChar(text.charAt(end))) {
      end++;
    }
    return text.substring(offset, end);
  }

  private String excerpt(int offset) {
    int end = Math.min(text.length(), offset + 20);
    int newline = text.indexOf('\n', offset);
    if (newline >= 0 && newline < end) {
      end = newline;
    }
    return "`" + text.substring(offset, end).strip() + (end < text.length() && end == offset + 20 ? "...`" : "`");
  }
}
