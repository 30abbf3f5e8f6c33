package io.github.katib4j.internal;

import io.github.katib4j.KatibException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes user files with messages that say what went wrong in words. */
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

  /**
   * Writes {@code text} to {@code file} in UTF-8, replacing it.
   *
   * @param what what is written, for the message ({@code "the report"})
   * @throws KatibException saying why it cannot be written: its folder does not exist, a part of its path is a file,
   *     permission is denied, or what the system said
   */
  public static void write(Path file, String text, String what) {
    String cannot = "cannot write " + what + " to " + file + ": ";
    if (Files.isDirectory(file)) {
      throw new KatibException(cannot + "it is a folder; give a file name, such as " + file.resolve("report.html"));
    }
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KatibException(cannot + why(file, e), e);
    }
  }

  /** Why {@code file} could not be written, in words; the exceptions' messages name the file and nothing else. */
  private static String why(Path file, IOException e) {
    Path folder = file.toAbsolutePath().getParent();
    Path existing = folder;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && !Files.isDirectory(existing)) {
      return existing + " is a file, not a folder";
    }
    if (existing != folder && e instanceof NoSuchFileException) {
      return "its folder " + folder + " does not exist; create it, or give a file in a folder that exists";
    }
    if (e instanceof AccessDeniedException) {
      return Files.exists(file) ? "permission denied: this user may not write the file"
          : "permission denied: this user may not create files in " + folder;
    }
    String reason = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : null;
    return reason != null ? reason : e.toString();
  }
}
