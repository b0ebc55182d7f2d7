package dev.cutover.worker.verify;

/**
 * A uuid as its 16 bytes, whatever the case of its hex digits and wherever PostgreSQL's input
 * allows hyphens and braces.
 */
final class UuidCanonicalizer implements ValueCanonicalizer {
  static final UuidCanonicalizer INSTANCE = new UuidCanonicalizer();

  @Override
  public boolean write(byte[] text, int from, int to, CanonicalBytes out) {
    int mark = out.size();
    int digits = 0;
    int pending = 0;
    for (int i = from; i < to; i++) {
      byte b = text[i];
      if (b == '-' || b == '{' || b == '}') {
        continue;
      }
      int value = ValueCanonicalizer.hexValue(b);
      if (value < 0 || digits == 32) {
        return ValueCanonicalizer.raw(text, from, to, out, mark);
      }
      if ((digits & 1) == 0) {
        pending = value << 4;
      } else {
        out.put((byte) (pending | value));
      }
      digits++;
    }
    if (digits != 32) {
      return ValueCanonicalizer.raw(text, from, to, out, mark);
    }
    return true;
  }
}
