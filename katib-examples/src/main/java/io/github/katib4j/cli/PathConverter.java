package io.github.katib4j.cli;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The command line's paths ({@code FILE}, {@code --dir}, ...). This JVM reads its arguments and file names in the
 * character set of its locale ({@code sun.jnu.encoding}); with {@code LANG=C} (common in containers, cron and CI)
 * that is ASCII, and a name with other characters reaches it garbled: the path cannot be made or names another file.
 * Both then say so, and how to fix it.
 */
final class PathConverter implements CommandLine.ITypeConverter<Path> {
  @Override
  public Path convert(String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new CommandLine.TypeConversionException("cannot convert '" + value + "' to a path: " + e.getReason()
          + localeHint(value));
    }
  }

  /** The character set this JVM reads arguments and file names in. */
  static Charset fileNames() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding"));
    } catch (RuntimeException e) {
      return Charset.defaultCharset();
    }
  }

  /**
   * "; this JVM reads ..." when {@code text} (a path, or the working directory) may have been garbled by a locale
   * that is not UTF-8: it holds a character that stands for bytes the locale's character set has none for; else "".
   */
  static String localeHint(String text) {
    Charset charset = fileNames();
    if (charset.equals(StandardCharsets.UTF_8) || (text.indexOf('\uFFFD') < 0 && text.indexOf('?') < 0)) {
      return "";
    }
    return "; this JVM reads arguments and file names in " + charset.name() + ", the character set of its locale"
        + " (" + locale() + "), so a name with other characters reaches it garbled (shown as ?);"
        + " run katib with a UTF-8 locale: LC_ALL=C.UTF-8 (or LANG=C.UTF-8 when LC_ALL and LC_CTYPE are not"
        + " set)";
  }

  private static String locale() {
    StringBuilder set = new StringBuilder();
    for (String name : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
      String value = System.getenv(name);
      if (value != null && !value.isEmpty()) {
        set.append(set.length() == 0 ? "" : ", ").append(name).append('=').append(value);
      }
    }
    return set.length() == 0 ? "no LC_ALL, LC_CTYPE or LANG set, which is the C locale" : set.toString();
  }
}
