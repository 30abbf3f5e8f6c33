package io.github.katib4j;

import java.util.Objects;

/** A place in a source text: its name (a file path or a description), and a 1-based line and column. */
public final class SourcePosition {
  private final String source;
  private final int line;
  private final int column;

  private SourcePosition(String source, int line, int column) {
    this.source = Objects.requireNonNull(source, "source");
    this.line = line;
    this.column = column;
  }

  public static SourcePosition of(String source, int line, int column) {
    return new SourcePosition(source, line, column);
  }

  public String source() {
    return source;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** {@code source:line:column}, the form editors and terminals link to. */
  @Override
  public String toString() {
    return source + ":" + line + ":" + column;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SourcePosition)) {
      return false;
    }
    SourcePosition other = (SourcePosition) o;
    return source.equals(other.source) && line == other.line && column == other.column;
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, line, column);
  }
}
