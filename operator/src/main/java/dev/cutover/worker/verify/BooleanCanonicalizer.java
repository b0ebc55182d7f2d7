package dev.cutover.worker.verify;

import static dev.cutover.worker.verify.ValueCanonicalizer.equalsIgnoreCase;

/** Every spelling PostgreSQL accepts for a boolean ({@code t}, {@code true}, {@code yes}, {@code on}, {@code 1}...) to one byte. */
final class BooleanCanonicalizer implements ValueCanonicalizer {
  static final BooleanCanonicalizer INSTANCE = new BooleanCanonicalizer();

  private static final String[] TRUE = {"t", "true", "y", "yes", "on", "1"};
  private static final String[] FALSE = {"f", "false", "n", "no", "off", "0"};

  @Override
  public boolean write(byte[] text, int from, int to, CanonicalBytes out) {
    if (to - from == 1 && (text[from] == 't' || text[from] == 'f')) {
      out.put(text[from]);
      return true;
    }
    int start = ValueCanonicalizer.skipSpaces(text, from, to);
    int end = ValueCanonicalizer.trimEnd(text, start, to);
    if (matchesAny(text, start, end, TRUE)) {
      out.put('t');
      return true;
    }
    if (matchesAny(text, start, end, FALSE)) {
      out.put('f');
      return true;
    }
    return ValueCanonicalizer.raw(text, from, to, out, out.size());
  }

  private static boolean matchesAny(byte[] text, int from, int to, String[] words) {
    for (String word : words) {
      if (equalsIgnoreCase(text, from, to, word)) {
        return true;
      }
    }
    return false;
  }
}
