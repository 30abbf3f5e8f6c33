package io.github.katib4j.internal.metrics;

import io.github.katib4j.internal.metrics.FloatText.Precision;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A TensorFlow {@code TensorProto} and its text as Katib reports it: {@code str(tf.make_ndarray(tensor))}, which for
 * a scalar is numpy's {@code str()} of that scalar ({@code 0.5}, {@code 3.0}, {@code 1e-05}, {@code 7}, {@code True}).
 */
final class Tensor {
  private static final int DT_FLOAT = 1;
  private static final int DT_DOUBLE = 2;
  private static final int DT_INT32 = 3;
  private static final int DT_UINT8 = 4;
  private static final int DT_INT16 = 5;
  private static final int DT_INT8 = 6;
  private static final int DT_STRING = 7;
  private static final int DT_INT64 = 9;
  private static final int DT_BOOL = 10;
  private static final int DT_QINT8 = 11;
  private static final int DT_QUINT8 = 12;
  private static final int DT_QINT32 = 13;
  private static final int DT_BFLOAT16 = 14;
  private static final int DT_QINT16 = 15;
  private static final int DT_QUINT16 = 16;
  private static final int DT_UINT16 = 17;
  private static final int DT_HALF = 19;
  private static final int DT_UINT32 = 22;
  private static final int DT_UINT64 = 23;

  int dtype;
  final List<Long> shape = new ArrayList<>();
  byte[] content = new byte[0];
  /** half_val, float_val, double_val, int_val, int64_val, bool_val, uint32_val, uint64_val: as doubles or longs. */
  final List<Number> values = new ArrayList<>();
  private final List<Integer> valueFields = new ArrayList<>();
  final List<byte[]> strings = new ArrayList<>();

  /** Merges one serialized {@code TensorProto} into this one, as protobuf merges repeated occurrences. */
  void merge(ProtoReader in) {
    while (in.next()) {
      int field = in.field();
      int wire = in.wireType();
      if (field == 1 && wire == ProtoReader.VARINT) {
        dtype = (int) in.varint();
      } else if (field == 2 && wire == ProtoReader.LENGTH_DELIMITED) {
        mergeShape(in.message());
      } else if (field == 4 && wire == ProtoReader.LENGTH_DELIMITED) {
        content = in.bytes();
      } else if (field == 8 && wire == ProtoReader.LENGTH_DELIMITED) {
        strings.add(in.bytes());
      } else if (isNumericList(field)) {
        readNumbers(in, field);
      } else {
        in.skip();
      }
    }
  }

  /**
   * {@code str(tf.make_ndarray(tensor))}.
   *
   * @throws IllegalArgumentException where TensorFlow's {@code make_ndarray} raises (an unsupported type, or a value
   *     count that does not fit the shape)
   */
  String text() {
    long count = 1;
    for (long dim : shape) {
      count *= dim;
    }
    List<String> elements = content.length > 0 ? fromContent(count) : fromValues(count);
    if (shape.isEmpty()) {
      return elements.get(0);
    }
    return nested(elements, 0, 0, elements.size());
  }

  /** Whether this is a rank-0 tensor, the shape of a TensorBoard scalar. */
  boolean isScalar() {
    return shape.isEmpty();
  }

  private List<String> fromContent(long count) {
    int size = itemSize();
    if (content.length % size != 0 || content.length / size != count) {
      throw new IllegalArgumentException("tensor_content of " + content.length + " bytes does not hold " + count
          + " values of dtype " + dtype);
    }
    ByteBuffer buffer = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
    List<String> elements = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      elements.add(element(rawItem(buffer)));
    }
    return elements;
  }

  private Number rawItem(ByteBuffer buffer) {
    switch (dtype) {
      case DT_FLOAT:
        return (double) buffer.getFloat();
      case DT_DOUBLE:
        return buffer.getDouble();
      case DT_HALF:
      case DT_BFLOAT16:
      case DT_INT16:
      case DT_UINT16:
      case DT_QINT16:
      case DT_QUINT16:
        return (long) buffer.getShort();
      case DT_INT32:
      case DT_QINT32:
      case DT_UINT32:
        return (long) buffer.getInt();
      case DT_INT64:
      case DT_UINT64:
        return buffer.getLong();
      default:
        return (long) buffer.get();
    }
  }

  private List<String> fromValues(long count) {
    int field = valueField();
    List<String> elements = new ArrayList<>();
    if (dtype == DT_STRING) {
      strings.forEach(s -> elements.add(bytesRepr(s)));
    } else {
      for (int i = 0; i < values.size(); i++) {
        if (valueFields.get(i) == field) {
          elements.add(element(values.get(i)));
        }
      }
    }
    if (elements.isEmpty()) {
      // TF's make_ndarray returns zeros for an empty value list (b'' for strings).
      elements.add(dtype == DT_STRING ? "b''" : element(0L));
    }
    if (elements.size() > count) {
      throw new IllegalArgumentException(elements.size() + " values do not fit a tensor of " + count + " elements");
    }
    while (elements.size() < count) {
      elements.add(elements.get(elements.size() - 1));
    }
    return elements;
  }

  private String element(Number raw) {
    switch (dtype) {
      case DT_FLOAT:
        return FloatText.numpy(raw.doubleValue(), Precision.FLOAT32);
      case DT_DOUBLE:
        return FloatText.numpy(raw.doubleValue(), Precision.FLOAT64);
      case DT_HALF:
        return FloatText.numpy(FloatText.halfBitsToDouble((int) (raw.longValue() & 0xffff)), Precision.FLOAT16);
      case DT_BFLOAT16:
        return FloatText.numpy(FloatText.bfloat16BitsToDouble((int) (raw.longValue() & 0xffff)), Precision.BFLOAT16);
      case DT_BOOL:
        return raw.longValue() != 0 ? "True" : "False";
      case DT_UINT8:
      case DT_QUINT8:
        return Long.toString(raw.longValue() & 0xff);
      case DT_INT8:
      case DT_QINT8:
        return Long.toString((byte) raw.longValue());
      case DT_INT16:
      case DT_QINT16:
        return Long.toString((short) raw.longValue());
      case DT_UINT16:
      case DT_QUINT16:
        return Long.toString(raw.longValue() & 0xffff);
      case DT_INT32:
      case DT_QINT32:
        return Long.toString((int) raw.longValue());
      case DT_UINT32:
        return Long.toString(raw.longValue() & 0xffffffffL);
      case DT_UINT64:
        return Long.toUnsignedString(raw.longValue());
      case DT_INT64:
        return Long.toString(raw.longValue());
      default:
        throw new IllegalArgumentException("unsupported tensor dtype " + dtype);
    }
  }

  private int itemSize() {
    switch (dtype) {
      case DT_DOUBLE:
      case DT_INT64:
      case DT_UINT64:
        return 8;
      case DT_FLOAT:
      case DT_INT32:
      case DT_QINT32:
      case DT_UINT32:
        return 4;
      case DT_HALF:
      case DT_BFLOAT16:
      case DT_INT16:
      case DT_UINT16:
      case DT_QINT16:
      case DT_QUINT16:
        return 2;
      case DT_UINT8:
      case DT_INT8:
      case DT_QINT8:
      case DT_QUINT8:
      case DT_BOOL:
        return 1;
      default:
        throw new IllegalArgumentException("unsupported tensor dtype " + dtype + " in tensor_content");
    }
  }

  /** The repeated field TensorFlow's {@code make_ndarray} reads for this dtype. */
  private int valueField() {
    switch (dtype) {
      case DT_HALF:
      case DT_BFLOAT16:
        return 13;
      case DT_FLOAT:
        return 5;
      case DT_DOUBLE:
        return 6;
      case DT_INT32:
      case DT_UINT8:
      case DT_UINT16:
      case DT_INT16:
      case DT_INT8:
      case DT_QINT32:
      case DT_QUINT8:
      case DT_QINT8:
      case DT_QINT16:
      case DT_QUINT16:
        return 7;
      case DT_INT64:
        return 10;
      case DT_BOOL:
        return 11;
      case DT_UINT32:
        return 16;
      case DT_UINT64:
        return 17;
      case DT_STRING:
        return 8;
      default:
        throw new IllegalArgumentException("unsupported tensor dtype " + dtype);
    }
  }

  private static boolean isNumericList(int field) {
    return field == 5 || field == 6 || field == 7 || field == 10 || field == 11 || field == 13 || field == 16
        || field == 17;
  }

  /** Reads one repeated numeric field, packed (one length-delimited run) or not. */
  private void readNumbers(ProtoReader in, int field) {
    int expected = field == 5 ? ProtoReader.FIXED32 : field == 6 ? ProtoReader.FIXED64 : ProtoReader.VARINT;
    if (in.wireType() == ProtoReader.LENGTH_DELIMITED) {
      ProtoReader packed = in.message();
      while (!packed.atEnd()) {
        add(field, readOne(packed, field));
      }
    } else if (in.wireType() == expected) {
      add(field, readOne(in, field));
    } else {
      in.skip();
    }
  }

  private static Number readOne(ProtoReader in, int field) {
    if (field == 5) {
      return (double) in.floatValue();
    }
    if (field == 6) {
      return in.doubleValue();
    }
    return in.varint();
  }

  private void add(int field, Number value) {
    values.add(value);
    valueFields.add(field);
  }

  private void mergeShape(ProtoReader in) {
    while (in.next()) {
      if (in.field() == 2 && in.wireType() == ProtoReader.LENGTH_DELIMITED) {
        ProtoReader dim = in.message();
        long size = 0;
        while (dim.next()) {
          if (dim.field() == 1 && dim.wireType() == ProtoReader.VARINT) {
            size = dim.varint();
          } else {
            dim.skip();
          }
        }
        shape.add(size);
      } else {
        in.skip();
      }
    }
  }

  /** numpy-style nesting of a non-scalar tensor; element spacing is simpler than numpy's aligned columns. */
  private String nested(List<String> elements, int depth, int from, int to) {
    if (depth == shape.size() - 1) {
      return "[" + String.join(" ", elements.subList(from, to)) + "]";
    }
    long dim = shape.get(depth);
    int step = dim == 0 ? 0 : (int) ((to - from) / dim);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < dim; i++) {
      parts.add(nested(elements, depth + 1, from + i * step, from + (i + 1) * step));
    }
    return "[" + String.join("\n" + " ".repeat(depth + 1), parts) + "]";
  }

  /** Python's {@code repr(bytes)}: {@code b'text'}, with escapes, and double quotes when only those avoid escaping. */
  static String bytesRepr(byte[] bytes) {
    boolean hasSingle = false;
    boolean hasDouble = false;
    for (byte b : bytes) {
      hasSingle |= b == '\'';
      hasDouble |= b == '"';
    }
    char quote = hasSingle && !hasDouble ? '"' : '\'';
    StringBuilder text = new StringBuilder("b").append(quote);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c == quote || c == '\\') {
        text.append('\\').append((char) c);
      } else if (c == '\t') {
        text.append("\\t");
      } else if (c == '\n') {
        text.append("\\n");
      } else if (c == '\r') {
        text.append("\\r");
      } else if (c < 0x20 || c >= 0x7f) {
        text.append(String.format("\\x%02x", c));
      } else {
        text.append((char) c);
      }
    }
    return text.append(quote).toString();
  }
}
