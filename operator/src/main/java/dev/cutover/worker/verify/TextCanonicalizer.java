package dev.cutover.worker.verify;

/**
 * Text types, and types verify has no rule for, compare as their exact bytes. {@code character(n)}
 * drops its trailing blanks: PostgreSQL pads it on output and ignores the padding when comparing,
 * while a store that never padded holds the same value without it.
 */
final class TextCanonicalizer implements ValueCanonicalizer {
  static final TextCanonicalizer EXACT = new TextCanonicalizer(false);
  static final TextCanonicalizer BLANK_PADDED = new TextCanonicalizer(true);

  private final boolean blankPadded;

  private TextCanonicalizer(boolean blankPadded) {
    this.blankPadded = blankPadded;
  }

  @Override
  public boolean write(byte[] text, int from, int to, CanonicalBytes out) {
    if (blankPadded) {
      while (to > from && text[to - 1] == ' ') {
        to--;
      }
    }
    out.put(text, from, to);
    return true;
  }
}
