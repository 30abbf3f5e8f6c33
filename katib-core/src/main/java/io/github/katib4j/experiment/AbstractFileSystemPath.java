package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
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

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
