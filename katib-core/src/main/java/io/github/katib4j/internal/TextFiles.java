package io.github.katib4j.internal;

import io.github.katib4j.KatibException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads user files with messages that say what went wrong in words. */
public final class TextFiles {
  private TextFiles() {}

  /** The UTF-8 text of {@code file}. */
  public static String read(Path file) {
    if (Files.isDirectory(file)) {
      throw new KatibException("cannot read " + file + ": it is a folder; pass a file in it");
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new KatibException("cannot read " + file + ": no such file (working directory: "
          + Path.of("").toAbsolutePath() + ")", e);
    } catch (AccessDeniedException e) {
      throw new KatibException("cannot read " + file + ": permission denied", e);
    } catch (CharacterCodingException e) {
      throw new KatibException("cannot read " + file + ": it is not UTF-8 text", e);
    } catch (IOException e) {
      throw new KatibException("cannot read " + file + ": " + e, e);
    }
  }
}
