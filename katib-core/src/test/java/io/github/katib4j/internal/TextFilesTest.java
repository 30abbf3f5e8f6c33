package io.github.katib4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.katib4j.KatibException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {
  @TempDir
  Path dir;

  @Test
  void write_intoAFolderThatDoesNotExist_saysWhichFolder() {
    Path file = dir.resolve("missing").resolve("deeper").resolve("x.csv");

    assertThatThrownBy(() -> TextFiles.write(file, "a", "the trials as CSV"))
        .isInstanceOf(KatibException.class)
        .hasMessage("cannot write the trials as CSV to " + file + ": its folder " + file.getParent()
            + " does not exist; create it, or give a file in a folder that exists");
  }

  @Test
  void write_belowAFile_saysThatPartOfThePathIsAFile() throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("report.html"), "");
    Path file = notAFolder.resolve("x.json");

    assertThatThrownBy(() -> TextFiles.write(file, "a", "the trials as JSON"))
        .isInstanceOf(KatibException.class)
        .hasMessage("cannot write the trials as JSON to " + file + ": " + notAFolder + " is a file, not a folder");
  }

  @Test
  void write_toAFolder_saysItIsAFolder() {
    assertThatThrownBy(() -> TextFiles.write(dir, "a", "the report"))
        .isInstanceOf(KatibException.class)
        .hasMessage("cannot write the report to " + dir + ": it is a folder; give a file name, such as "
            + dir.resolve("report.html"));
  }

  @Test
  void write_intoAFolderThisUserMayNotWrite_saysPermissionDenied() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("locked"));
    boolean root = new ProcessBuilder("id", "-u").start().inputReader().readLine().equals("0");
    // root writes whatever the permissions; the immutable attribute stops it too (ext4 and the like).
    if (root) {
      Process chattr = new ProcessBuilder("chattr", "+i", folder.toString()).redirectErrorStream(true).start();
      assumeTrue(chattr.waitFor(10, TimeUnit.SECONDS) && chattr.exitValue() == 0, "as root only the immutable"
          + " attribute makes a folder unwritable, and chattr +i cannot set it here (file system or container)");
    } else {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
    }
    try {
      Path file = folder.resolve("report.html");

      // EACCES is Java's AccessDeniedException; EPERM, which the immutable attribute gives, comes with the system's
      // reason alone.
      assertThatThrownBy(() -> TextFiles.write(file, "a", "the report"))
          .isInstanceOf(KatibException.class)
          .hasMessage("cannot write the report to " + file + ": " + (root ? "Operation not permitted"
              : "permission denied: this user may not create files in " + folder));
    } finally {
      if (root) {
        new ProcessBuilder("chattr", "-i", folder.toString()).start().waitFor(10, TimeUnit.SECONDS);
      } else {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  @Test
  void write_replacesTheFile() throws Exception {
    Path file = Files.writeString(dir.resolve("x.csv"), "old and longer");

    TextFiles.write(file, "new", "the trials as CSV");

    assertThat(Files.readString(file)).isEqualTo("new");
  }
}
