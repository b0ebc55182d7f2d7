package dev.cutover.worker.verify;

/**
 * Parse state over one value's text for the canonicalisers that read nested structure (PostgreSQL
 * arrays, JSON), and the list syntax they share: an opening bracket, items separated by commas with
 * white space around them, a closing bracket. What white space is, and what an item is, differ.
 */
abstract class NestedTextParser {
  /** The text being parsed; null between calls so that no row's bytes are kept. */
  protected byte[] text;
  /** The next byte to read. */
  protected int at;
  /** Where the value ends. */
  protected int end;

  /** One list item at {@link #at}, nested {@code depth} lists deep; false when it is malformed. */
  protected abstract boolean item(CanonicalBytes out, int depth);

  /** Moves {@link #at} past white space. */
  protected abstract void skipSpaces();

  /**
   * The list whose {@code open} bracket is at {@link #at}, written as {@code open}, its items and
   * {@code close}; false when it is malformed (the caller then falls back to the raw text).
   */
  protected final boolean list(char open, char close, CanonicalBytes out, int depth) {
    at++;
    out.put(open);
    skipSpaces();
    if (peek(close)) {
      at++;
      out.put(close);
      return true;
    }
    while (true) {
      skipSpaces();
      if (!item(out, depth)) {
        return false;
      }
      skipSpaces();
      if (peek(',')) {
        at++;
      } else if (peek(close)) {
        at++;
        out.put(close);
        return true;
      } else {
        return false;
      }
    }
  }

  protected final boolean peek(char c) {
    return at < end && text[at] == c;
  }
}
