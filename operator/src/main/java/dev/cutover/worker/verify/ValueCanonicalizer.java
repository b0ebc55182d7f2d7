package dev.cutover.worker.verify;

/**
 * Writes one column value in a form that is the same for every spelling of the same value: the
 * text PostgreSQL prints and the text a FoundationDB row was converted to must meet here. The
 * input is the value's unescaped UTF-8 text; a value that does not parse as its type is written
 * as is, and reported so, rather than rejected: verify compares, it does not validate.
 */
interface ValueCanonicalizer {

  /**
   * Writes the canonical form of {@code text[from, to)} to {@code out}; returns false when it wrote
   * the text as is because it did not parse.
   */
  boolean write(byte[] text, int from, int to, CanonicalBytes out);

  /** Undoes a partial write from {@code mark} and writes the text as is; returns false. */
  static boolean raw(byte[] text, int from, int to, CanonicalBytes out, int mark) {
    out.truncate(mark);
    out.put(text, from, to);
    return false;
  }

  static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == 0x0b;
  }

  /** The first index at or after {@code from} that is not ASCII white space. */
  static int skipSpaces(byte[] text, int from, int to) {
    while (from < to && isSpace(text[from])) {
      from++;
    }
    return from;
  }

  /** The end of {@code text[from, to)} without its trailing ASCII white space. */
  static int trimEnd(byte[] text, int from, int to) {
    while (to > from && isSpace(text[to - 1])) {
      to--;
    }
    return to;
  }

  static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** Whether {@code text[from, to)} is {@code word}, ignoring ASCII case. */
  static boolean equalsIgnoreCase(byte[] text, int from, int to, String word) {
    if (to - from != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      int b = text[from + i];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != Character.toLowerCase(word.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The value of an ASCII hex digit, or -1. */
  static int hexValue(byte b) {
    return HexDigits.VALUES[b & 0xff];
  }

  /** A lookup table: the hex digit's value per byte, -1 for other bytes. */
  final class HexDigits {
    private static final byte[] VALUES = new byte[256];

    static {
      java.util.Arrays.fill(VALUES, (byte) -1);
      for (int i = 0; i < 10; i++) {
        VALUES['0' + i] = (byte) i;
      }
      for (int i = 0; i < 6; i++) {
        VALUES['a' + i] = (byte) (10 + i);
        VALUES['A' + i] = (byte) (10 + i);
      }
    }

    private HexDigits() {}
  }
}
