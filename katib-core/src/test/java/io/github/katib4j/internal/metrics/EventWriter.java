package io.github.katib4j.internal.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes TensorBoard event files from Java for tests: protobuf encoding and TFRecord framing of the fields used. */
public final class EventWriter {
  private final ByteArrayOutputStream file = new ByteArrayOutputStream();

  public EventWriter() {
    record(event(0, 0, bytesField(3, "brain.Event:2".getBytes(StandardCharsets.UTF_8))));
  }

  /** Appends a framed record with the given payload. */
  public EventWriter record(byte[] data) {
    byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
    write(length);
    write(le32(TfRecordReader.maskedCrc32c(length, 0, 8)));
    write(data);
    write(le32(TfRecordReader.maskedCrc32c(data, 0, data.length)));
    return this;
  }

  /** Appends an event with one old-style {@code simple_value}. */
  public EventWriter scalar(String tag, float value, long step, double wallTime) {
    byte[] v = concat(bytesField(1, utf8(tag)), fixed32Field(2, Float.floatToIntBits(value)));
    return record(event(wallTime, step, bytesField(5, bytesField(1, v))));
  }

  /** Appends an event with one tensor value (a serialized TensorProto) and optional plugin metadata. */
  public EventWriter tensor(String tag, byte[] tensorProto, String plugin, long step, double wallTime) {
    byte[] v = concat(bytesField(1, utf8(tag)), bytesField(8, tensorProto));
    if (plugin != null) {
      v = concat(v, bytesField(9, bytesField(1, bytesField(1, utf8(plugin)))));
    }
    return record(event(wallTime, step, bytesField(5, bytesField(1, v))));
  }

  public byte[] bytes() {
    return file.toByteArray();
  }

  public Path writeTo(Path path) throws IOException {
    Files.createDirectories(path.getParent());
    return Files.write(path, bytes());
  }

  public static byte[] event(double wallTime, long step, byte[] rest) {
    return concat(fixed64Field(1, Double.doubleToLongBits(wallTime)), varintField(2, step), rest);
  }

  /** A scalar TensorProto: dtype, an empty shape, then the given value fields. */
  public static byte[] scalarTensor(int dtype, byte[]... values) {
    return concat(varintField(1, dtype), bytesField(2, new byte[0]), concat(values));
  }

  public static byte[] varintField(int field, long value) {
    return concat(varint((long) field << 3), varint(value));
  }

  public static byte[] fixed32Field(int field, int value) {
    return concat(varint((long) field << 3 | 5), le32(value));
  }

  public static byte[] fixed64Field(int field, long value) {
    return concat(varint((long) field << 3 | 1), ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(value).array());
  }

  public static byte[] bytesField(int field, byte[] value) {
    return concat(varint((long) field << 3 | 2), varint(value.length), value);
  }

  public static byte[] le32(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }

  public static byte[] varint(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((value & ~0x7fL) != 0) {
      out.write((int) (value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
    return out.toByteArray();
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part, 0, part.length);
    }
    return out.toByteArray();
  }

  private void write(byte[] bytes) {
    file.write(bytes, 0, bytes.length);
  }
}
