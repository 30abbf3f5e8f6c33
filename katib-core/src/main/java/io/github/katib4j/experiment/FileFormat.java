package io.github.katib4j.experiment;

import java.util.Optional;

/** The format of a metrics file read by the File collector. */
public enum FileFormat implements WireValue {
  TEXT("TEXT"),
  JSON("JSON");

  private final String wireName;

  FileFormat(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The constant spelled {@code wireName} on the wire, if any. */
  public static Optional<FileFormat> fromWireName(String wireName) {
    return WireValue.lookup(values(), wireName);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
