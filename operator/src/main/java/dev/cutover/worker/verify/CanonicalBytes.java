package dev.cutover.worker.verify;

import java.util.Arrays;

/**
 * A growable byte buffer that canonical encodings are written into, reused row after row so that
 * encoding allocates nothing in the steady state. A field is framed by a four-byte header written
 * once its body is known: {@code -1} for SQL NULL, else the body's length, with {@link #RAW} set
 * when the body is the value's text as is because it did not parse as its type (so that such a
 * text can never pass for the canonical form of another value).
 */
final class CanonicalBytes {
  static final int NULL = -1;
  static final int RAW = 1 << 30;

  private byte[] bytes;
  private int size;

  CanonicalBytes() {
    this(512);
  }

  CanonicalBytes(int capacity) {
    bytes = new byte[Math.max(capacity, 8)];
  }

  byte[] array() {
    return bytes;
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
  }

  /** Drops everything written after {@code mark}: a canonicaliser that fails midway starts over. */
  void truncate(int mark) {
    size = mark;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  void put(byte b) {
    if (size == bytes.length) {
      grow(1);
    }
    bytes[size++] = b;
  }

  void put(char asciiChar) {
    put((byte) asciiChar);
  }

  void put(byte[] source, int from, int to) {
    int length = to - from;
    if (size + length > bytes.length) {
      grow(length);
    }
    System.arraycopy(source, from, bytes, size, length);
    size += length;
  }

  void putAscii(String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      put((byte) ascii.charAt(i));
    }
  }

  void putInt(int value) {
    if (size + 4 > bytes.length) {
      grow(4);
    }
    bytes[size] = (byte) (value >>> 24);
    bytes[size + 1] = (byte) (value >>> 16);
    bytes[size + 2] = (byte) (value >>> 8);
    bytes[size + 3] = (byte) value;
    size += 4;
  }

  void putLong(long value) {
    putInt((int) (value >>> 32));
    putInt((int) value);
  }

  /** Writes {@code value} in decimal, without allocating. */
  void putDecimal(long value) {
    if (value == Long.MIN_VALUE) {
      putAscii("-9223372036854775808");
      return;
    }
    if (value < 0) {
      put('-');
      value = -value;
    }
    putUnsignedDecimal(value, 1);
  }

  /** Writes a non-negative {@code value} in decimal, zero-padded to at least {@code width} digits. */
  void putUnsignedDecimal(long value, int width) {
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    int length = Math.max(digits, width);
    if (size + length > bytes.length) {
      grow(length);
    }
    for (int i = size + length - 1; i >= size; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    size += length;
  }

  /** Reserves a field header; returns the mark to pass to {@link #endField}. */
  int beginField() {
    int mark = size;
    putInt(0);
    return mark;
  }

  /** Writes the header reserved at {@code mark} for the body written since. */
  void endField(int mark, boolean canonical) {
    int length = size - mark - 4;
    int header = canonical ? length : length | RAW;
    bytes[mark] = (byte) (header >>> 24);
    bytes[mark + 1] = (byte) (header >>> 16);
    bytes[mark + 2] = (byte) (header >>> 8);
    bytes[mark + 3] = (byte) header;
  }

  void putNullField() {
    putInt(NULL);
  }

  private void grow(int extra) {
    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
  }
}
