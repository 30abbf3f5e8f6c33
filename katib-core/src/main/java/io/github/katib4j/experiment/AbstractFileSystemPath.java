package io.github.katib4j.experiment;

import java.util.Optional;
import org.immutables.value.Value;

/** The file or directory a collector reads, and for files their format. */
@Value.Immutable
public abstract class AbstractFileSystemPath {
  @Value.Default
  public String path() {
    return "";
  }

  public abstract Optional<FileSystemKind> kind();

  public abstract Optional<FileFormat> format();
}
