package io.github.katib4j;

import java.util.List;

/**
 * Text that is not a well-formed Katib object: bad JSON or YAML syntax, a field of the wrong type, a value outside a
 * closed set, or an unknown field. Each problem names the field path and, where known, the line and column.
 */
public class KatibParseException extends KatibValidationException {
  private static final long serialVersionUID = 1L;

  private final boolean syntaxError;

  public KatibParseException(String source, List<Problem> problems, boolean syntaxError) {
    super(source, problems);
    this.syntaxError = syntaxError;
  }

  /** Whether the text is not JSON or YAML at all (rather than a document of the wrong shape). */
  public boolean isSyntaxError() {
    return syntaxError;
  }
}
