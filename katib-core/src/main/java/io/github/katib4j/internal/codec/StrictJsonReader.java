package io.github.katib4j.internal.codec;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Gson reader that accepts only RFC 8259 JSON, as Gson's {@code Strictness.STRICT} does, on every Gson from 2.8.9
 * on, with a nesting limit on every version.
 *
 * <p>Why: {@code Strictness} and {@code setNestingLimit} came with Gson 2.11 and 2.12, but stacks such as the Spring
 * Boot 3.2 and 3.3 BOMs still pin Gson 2.10.1, where referring to them fails with {@code NoClassDefFoundError}. On such
 * a Gson this reader does the four checks that STRICT adds over the default (legacy strict) mode itself, and throws
 * what STRICT throws, at the same line, column and path: a control character U+0000 to U+001F unescaped in a string,
 * the escapes {@code \'} and backslash-newline, and {@code true}, {@code false} or {@code null} in other than lower
 * case. Everything else (comments, single quotes, several values, NaN) the legacy strict mode rejects by itself.
 * Messages that old Gson words differently (its advice to call {@code setLenient(true)}) read as the newer Gson's.
 *
 * <p>Callers must not use {@code JsonParser.parseReader} on it: that switches a legacy strict reader to lenient.
 * Use {@link #readTree()}, or a Gson {@code TypeAdapter<JsonElement>}, which read through the methods checked here.
 * {@code nextDouble}, {@code nextLong}, {@code nextInt} and {@code skipValue} are not checked.
 */
public final class StrictJsonReader extends JsonReader {
  /** Gson's own default since 2.12. */
  public static final int DEFAULT_NESTING_LIMIT = 255;

  private static final boolean NATIVE_STRICTNESS = exists(() -> Class.forName("com.google.gson.Strictness", false,
      JsonReader.class.getClassLoader()));
  private static final boolean NATIVE_NESTING_LIMIT = exists(() -> JsonReader.class.getMethod("setNestingLimit",
      int.class));
  private static final Pattern LOCATION = Pattern.compile(" at line (\\d+) column (\\d+) path ");
  private static final String OLD_LENIENT_ADVICE = "Use JsonReader.setLenient(true) to accept malformed JSON";
  private static final String LENIENT_ADVICE = "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed"
      + " JSON";

  private final Windows windows;
  private final String text;
  private final LineStarts lineStarts;
  private final boolean checkStrictness;
  private final boolean checkNesting;
  private final int nestingLimit;
  private int depth;

  /** A reader of {@code text} with Gson's default nesting limit. */
  public StrictJsonReader(String text) {
    this(text, DEFAULT_NESTING_LIMIT);
  }

  /** A reader of {@code text} that fails when more than {@code nestingLimit} arrays and objects are open. */
  public StrictJsonReader(String text, int nestingLimit) {
    this(text, nestingLimit, !NATIVE_STRICTNESS, !NATIVE_NESTING_LIMIT);
  }

  /** With {@code checkStrictness} and {@code checkNesting}, the checks of old Gson, to compare them on a new one. */
  StrictJsonReader(String text, int nestingLimit, boolean checkStrictness, boolean checkNesting) {
    this(new Windows(text), text, nestingLimit, checkStrictness, checkNesting);
  }

  private StrictJsonReader(Windows in, String text, int nestingLimit, boolean checkStrictness, boolean checkNesting) {
    super(in);
    this.windows = in;
    this.text = text;
    this.lineStarts = new LineStarts(text);
    this.nestingLimit = nestingLimit;
    this.checkStrictness = checkStrictness;
    this.checkNesting = checkNesting;
    if (!checkStrictness) {
      Gson211.strict(this);
    }
    if (!checkNesting) {
      Gson212.nestingLimit(this, nestingLimit);
    }
  }

  /** Which Gson features this reader does itself on the Gson found at run time, for tests and diagnostics. */
  public static String mode() {
    return (NATIVE_STRICTNESS ? "Gson's strictness" : "own strictness checks") + ", "
        + (NATIVE_NESTING_LIMIT ? "Gson's nesting limit" : "own nesting limit");
  }

  @Override
  public JsonToken peek() throws IOException {
    JsonToken token;
    try {
      token = super.peek();
    } catch (MalformedJsonException e) {
      throw reworded(e);
    }
    if (checkStrictness && (token == JsonToken.BOOLEAN || token == JsonToken.NULL)) {
      // Gson has consumed the literal; legacy strict mode took any capitalization.
      int end = offset();
      int start = end;
      while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
        start--;
      }
      String literal = text.substring(start, end);
      if (!literal.equals("true") && !literal.equals("false") && !literal.equals("null")) {
        throw error(LENIENT_ADVICE, start, getPath());
      }
    }
    return token;
  }

  @Override
  public boolean hasNext() throws IOException {
    try {
      return super.hasNext();
    } catch (MalformedJsonException e) {
      throw reworded(e);
    }
  }

  @Override
  public void beginArray() throws IOException {
    checkNestingLimit(JsonToken.BEGIN_ARRAY);
    try {
      super.beginArray();
    } catch (MalformedJsonException e) {
      throw reworded(e);
    }
    depth++;
  }

  @Override
  public void beginObject() throws IOException {
    checkNestingLimit(JsonToken.BEGIN_OBJECT);
    try {
      super.beginObject();
    } catch (MalformedJsonException e) {
      throw reworded(e);
    }
    depth++;
  }

  @Override
  public void endArray() throws IOException {
    try {
      super.endArray();
    } catch (MalformedJsonException e) {
      throw reworded(e);
    }
    depth--;
  }

  @Override
  public void endObject() throws IOException {
    try {
      super.endObject();
    } catch (MalformedJsonException e) {
      throw reworded(e);
    }
    depth--;
  }

  @Override
  public String nextName() throws IOException {
    return checkedString(peek() == JsonToken.NAME, true);
  }

  @Override
  public String nextString() throws IOException {
    return checkedString(peek() == JsonToken.STRING, false);
  }

  @Override
  public boolean nextBoolean() throws IOException {
    peek();
    return super.nextBoolean();
  }

  @Override
  public void nextNull() throws IOException {
    peek();
    super.nextNull();
  }

  /** The JSON value at the reader's position as a Gson tree, read through this reader's checks. */
  public com.google.gson.JsonElement readTree() throws IOException {
    return Trees.ELEMENTS.read(this);
  }

  private String checkedString(boolean quoted, boolean name) throws IOException {
    if (!checkStrictness || !quoted) {
      return name ? super.nextName() : super.nextString();
    }
    // Gson has consumed the opening quote; the path while it reads the string is the one before.
    int start = offset();
    String path = getPath();
    try {
      String value = name ? super.nextName() : super.nextString();
      checkString(start, offset(), path);
      return value;
    } catch (MalformedJsonException e) {
      // Strict Gson stops at the first departure, which may come before what legacy strict Gson stopped at.
      checkString(start, text.length(), path);
      throw reworded(e);
    }
  }

  /** Throws STRICT's error for the first departure in the string that starts at {@code start}, before {@code end}. */
  private void checkString(int start, int end, String path) throws MalformedJsonException {
    // Gson reports a control character where the run of plain characters it found it in starts: after the opening
    // quote, the last escape, or the start of Gson's buffer.
    int run = start;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        return;
      }
      if (c < 0x20) {
        throw error("Unescaped control characters (\\u0000-\\u001F) are not allowed in strict mode",
            Math.max(run, windows.startOfWindowWith(i)), path);
      }
      if (c == '\\' && i + 1 < text.length()) {
        char escaped = text.charAt(i + 1);
        if (escaped == '\'') {
          throw error("Invalid escaped character \"'\" in strict mode", i + 2, path);
        }
        if (escaped == '\n') {
          // Gson throws before it counts the escaped newline as a new line: the column runs on past it.
          int line = lineStarts.lineOf(i);
          throw new MalformedJsonException("Cannot escape a newline character in strict mode" + location(line,
              i + 2 - lineStarts.start(line) + 1, path));
        }
        if ("utbnrf\"\\/".indexOf(escaped) < 0
            || escaped == 'u' && !text.substring(Math.min(i + 2, text.length()), Math.min(text.length(), i + 6))
                .matches("[0-9a-fA-F]{4}")) {
          return; // legacy strict Gson stops here too, with the same words as strict Gson
        }
        i += escaped == 'u' ? 5 : 1;
        run = i + 1;
      }
    }
  }

  private void checkNestingLimit(JsonToken opening) throws IOException {
    if (checkNesting && peek() == opening && depth >= nestingLimit) {
      // Gson has consumed the opening bracket and not yet entered it.
      throw error("Nesting limit " + nestingLimit + " reached", offset(), getPath());
    }
  }

  /** Where Gson stands in the text: it counts lines at every line feed and columns from 1. */
  private int offset() {
    Matcher at = LOCATION.matcher(super.toString());
    if (!at.find()) {
      throw new IllegalStateException("Gson's reader gives no location: " + super.toString());
    }
    int line = Integer.parseInt(at.group(1)) - 1;
    return lineStarts.start(Math.min(line, lineStarts.count() - 1)) + Integer.parseInt(at.group(2)) - 1;
  }

  private MalformedJsonException error(String message, int offset, String path) {
    int line = lineStarts.lineOf(offset);
    return new MalformedJsonException(message + location(line, offset - lineStarts.start(line) + 1, path));
  }

  private static String location(int line, int column, String path) {
    return " at line " + (line + 1) + " column " + column + " path " + path;
  }

  private MalformedJsonException reworded(MalformedJsonException e) {
    String message = e.getMessage();
    if (message == null || !message.startsWith(OLD_LENIENT_ADVICE)) {
      return e;
    }
    MalformedJsonException reworded = new MalformedJsonException(LENIENT_ADVICE
        + message.substring(OLD_LENIENT_ADVICE.length()));
    // Not as the cause: callers that show the root cause would show the old words again.
    reworded.setStackTrace(e.getStackTrace());
    return reworded;
  }

  /** The text, noting where each of Gson's buffer loads starts in it. */
  private static final class Windows extends StringReader {
    private final List<Integer> starts = new ArrayList<>();
    private int delivered;

    Windows(String text) {
      super(text);
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      // Gson keeps the chars it has not consumed at the start of its buffer and loads the rest after them.
      starts.add(delivered - offset);
      int read = super.read(buffer, offset, length);
      delivered += Math.max(read, 0);
      return read;
    }

    int startOfWindowWith(int offset) {
      return starts.stream().filter(start -> start <= offset).max(Integer::compare).orElse(0);
    }
  }

  private interface Probe {
    void run() throws ReflectiveOperationException;
  }

  private static boolean exists(Probe probe) {
    try {
      probe.run();
      return true;
    } catch (ReflectiveOperationException | LinkageError e) {
      return false;
    }
  }

  /** Loaded only when Gson has {@code Strictness} (2.11 on), so older Gson never resolves the name. */
  private static final class Gson211 {
    static void strict(JsonReader reader) {
      reader.setStrictness(Strictness.STRICT);
    }
  }

  /** Loaded only when Gson has {@code setNestingLimit} (2.12 on). */
  private static final class Gson212 {
    static void nestingLimit(JsonReader reader, int limit) {
      reader.setNestingLimit(limit);
    }
  }

  private static final class Trees {
    static final com.google.gson.TypeAdapter<com.google.gson.JsonElement> ELEMENTS =
        new com.google.gson.Gson().getAdapter(com.google.gson.JsonElement.class);
  }
}
