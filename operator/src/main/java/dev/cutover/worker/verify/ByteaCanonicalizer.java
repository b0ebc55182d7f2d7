package dev.cutover.worker.verify;

/**
 * A bytea as its raw bytes, from either of PostgreSQL's text forms: hex ({@code \x0aff}, any case,
 * blanks allowed between digit pairs) or escape ({@code a\000\\}).
 */
final class ByteaCanonicalizer implements ValueCanonicalizer {
  static final ByteaCanonicalizer INSTANCE = new ByteaCanonicalizer();

  @Override
  public boolean write(byte[] text, int from, int to, CanonicalBytes out) {
    int mark = out.size();
    boolean parsed = to - from >= 2 && text[from] == '\\' && text[from + 1] == 'x'
        ? writeHex(text, from + 2, to, out)
        : writeEscaped(text, from, to, out);
    return parsed || ValueCanonicalizer.raw(text, from, to, out, mark);
  }

  private static boolean writeHex(byte[] text, int from, int to, CanonicalBytes out) {
    int i = from;
    while (i < to) {
      if (ValueCanonicalizer.isSpace(text[i])) {
        i++;
        continue;
      }
      if (i + 1 >= to) {
        return false;
      }
      int high = ValueCanonicalizer.hexValue(text[i]);
      int low = ValueCanonicalizer.hexValue(text[i + 1]);
      if (high < 0 || low < 0) {
        return false;
      }
      out.put((byte) (high << 4 | low));
      i += 2;
    }
    return true;
  }

  private static boolean writeEscaped(byte[] text, int from, int to, CanonicalBytes out) {
    for (int i = from; i < to; i++) {
      byte b = text[i];
      if (b != '\\') {
        out.put(b);
      } else if (i + 1 < to && text[i + 1] == '\\') {
        out.put(b);
        i++;
      } else if (isOctal(text, i + 1, to)) {
        out.put((byte) ((text[i + 1] - '0') << 6 | (text[i + 2] - '0') << 3 | (text[i + 3] - '0')));
        i += 3;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean isOctal(byte[] text, int from, int to) {
    return from + 3 <= to
        && text[from] >= '0' && text[from] <= '3'
        && text[from + 1] >= '0' && text[from + 1] <= '7'
        && text[from + 2] >= '0' && text[from + 2] <= '7';
  }
}
