package io.github.katib4j.experiment;

import java.util.Optional;

/** Whether a collector's path is a file or a directory. */
public enum FileSystemKind implements WireValue {
  FILE("File"),
  DIRECTORY("Directory");

  private final String wireName;

  FileSystemKind(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The constant spelled {@code wireName} on the wire, if any. */
  public static Optional<FileSystemKind> fromWireName(String wireName) {
    return WireValue.lookup(values(), wireName);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
