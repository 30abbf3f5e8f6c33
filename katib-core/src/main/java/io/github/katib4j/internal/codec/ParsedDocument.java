package io.github.katib4j.internal.codec;

import com.google.gson.JsonElement;

/** One document of a JSON or YAML text: its tree, where its fields are, and a name for messages. */
public final class ParsedDocument {
  private final JsonElement root;
  private final SourceMap sourceMap;
  private final String source;

  ParsedDocument(JsonElement root, SourceMap sourceMap, String source) {
    this.root = root;
    this.sourceMap = sourceMap;
    this.source = source;
  }

  public JsonElement root() {
    return root;
  }

  public SourceMap sourceMap() {
    return sourceMap;
  }

  /** The file name, with the document number when the text holds several. */
  public String source() {
    return source;
  }
}
