package io.github.katib4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalsTest {
  @TempDir
  Path fd;

  /** The links, before JUnit's clean-up warns of each that points outside the folder. */
  @AfterEach
  void deleteLinks() throws Exception {
    try (Stream<Path> links = Files.list(fd)) {
      for (Path link : (Iterable<Path>) links::iterator) {
        Files.delete(link);
      }
    }
  }

  @Test
  void isTerminal_followsTheDescriptorsLink_asLinuxShowsItInProc() throws Exception {
    Files.createSymbolicLink(fd.resolve("1"), Path.of("/tmp/out.json"));
    Files.createSymbolicLink(fd.resolve("2"), Path.of("/dev/pts/3"));
    Files.createSymbolicLink(fd.resolve("3"), Path.of("pipe:[81234]"));
    Files.createSymbolicLink(fd.resolve("4"), Path.of("/dev/tty1"));

    assertThat(Terminals.isTerminal(fd, 1, () -> true)).isFalse();
    assertThat(Terminals.isTerminal(fd, 2, () -> false)).isTrue();
    assertThat(Terminals.isTerminal(fd, 3, () -> true)).isFalse();
    assertThat(Terminals.isTerminal(fd, 4, () -> false)).isTrue();
    assertThat(Terminals.isTerminal(fd, 9, () -> true)).as("a closed descriptor").isFalse();
  }

  @Test
  void isTerminal_withoutProc_asksTheFallback() {
    assertThat(Terminals.isTerminal(fd.resolve("none"), 2, () -> true)).isTrue();
    assertThat(Terminals.isTerminal(fd.resolve("none"), 2, () -> false)).isFalse();
  }
}
