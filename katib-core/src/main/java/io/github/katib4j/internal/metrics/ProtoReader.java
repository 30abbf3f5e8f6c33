package io.github.katib4j.internal.metrics;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A protocol-buffers wire-format reader for the few TensorBoard fields katib4j needs, without generated code: call
 * {@link #next()} for each field, then read it with the method matching its wire type or {@link #skip()} it. Malformed
 * input throws {@link MalformedException}, as Python's protobuf parser raises {@code DecodeError}.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int START_GROUP = 3;
  static final int END_GROUP = 4;
  static final int FIXED32 = 5;

  private final byte[] buffer;
  private final int limit;
  private int pos;
  private int field;
  private int wireType;

  ProtoReader(byte[] buffer) {
    this(buffer, 0, buffer.length);
  }

  private ProtoReader(byte[] buffer, int start, int limit) {
    this.buffer = buffer;
    this.pos = start;
    this.limit = limit;
  }

  /** Advances to the next field; false at the end of the message. */
  boolean next() {
    if (pos >= limit) {
      return false;
    }
    long key = varint();
    field = (int) (key >>> 3);
    wireType = (int) (key & 7);
    if (field == 0 || wireType > FIXED32 || key >>> 3 > Integer.MAX_VALUE) {
      throw new MalformedException("invalid field key " + key + " at byte " + pos);
    }
    return true;
  }

  int field() {
    return field;
  }

  int wireType() {
    return wireType;
  }

  long varint() {
    long value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      byte b = take();
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new MalformedException("varint longer than 10 bytes at byte " + pos);
  }

  long fixed64() {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value |= (take() & 0xffL) << (8 * i);
    }
    return value;
  }

  int fixed32() {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value |= (take() & 0xff) << (8 * i);
    }
    return value;
  }

  double doubleValue() {
    return Double.longBitsToDouble(fixed64());
  }

  float floatValue() {
    return Float.intBitsToFloat(fixed32());
  }

  /** A length-delimited field as a reader of its own bytes (a sub-message or a packed repeated field). */
  ProtoReader message() {
    int length = length();
    ProtoReader sub = new ProtoReader(buffer, pos, pos + length);
    pos += length;
    return sub;
  }

  byte[] bytes() {
    int length = length();
    byte[] copy = new byte[length];
    System.arraycopy(buffer, pos, copy, 0, length);
    pos += length;
    return copy;
  }

  /** A proto3 {@code string}: must be valid UTF-8, or Python's parser rejects the message. */
  String string() {
    int length = length();
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(buffer, pos, length)).toString();
      pos += length;
      return text;
    } catch (CharacterCodingException e) {
      throw new MalformedException("string field " + field + " is not valid UTF-8 at byte " + pos);
    }
  }

  boolean atEnd() {
    return pos >= limit;
  }

  /** Skips the current field, including a whole group. */
  void skip() {
    switch (wireType) {
      case VARINT:
        varint();
        break;
      case FIXED64:
        advance(8);
        break;
      case LENGTH_DELIMITED:
        advance(length());
        break;
      case FIXED32:
        advance(4);
        break;
      case START_GROUP:
        int group = field;
        while (true) {
          if (!next()) {
            throw new MalformedException("unterminated group " + group);
          }
          if (wireType == END_GROUP) {
            if (field != group) {
              throw new MalformedException("mismatched end of group " + field + " at byte " + pos);
            }
            return;
          }
          skip();
        }
      default:
        throw new MalformedException("unexpected end of group " + field + " at byte " + pos);
    }
  }

  private int length() {
    long length = varint();
    if (length < 0 || length > limit - pos) {
      throw new MalformedException("length " + length + " runs past the end of the message at byte " + pos);
    }
    return (int) length;
  }

  private void advance(int count) {
    if (count > limit - pos) {
      throw new MalformedException("field runs past the end of the message at byte " + pos);
    }
    pos += count;
  }

  private byte take() {
    if (pos >= limit) {
      throw new MalformedException("message truncated at byte " + pos);
    }
    return buffer[pos++];
  }

  /** The bytes are not a well-formed message. */
  static final class MalformedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }
}
