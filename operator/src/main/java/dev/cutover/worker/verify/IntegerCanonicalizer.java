package dev.cutover.worker.verify;

/**
 * smallint, integer and bigint as decimal without leading zeros or plus sign. PostgreSQL's own
 * output is already that, so it is copied after one scan.
 */
final class IntegerCanonicalizer implements ValueCanonicalizer {
  static final IntegerCanonicalizer INSTANCE = new IntegerCanonicalizer();

  @Override
  public boolean write(byte[] text, int from, int to, CanonicalBytes out) {
    if (isCanonical(text, from, to)) {
      out.put(text, from, to);
      return true;
    }
    int start = ValueCanonicalizer.skipSpaces(text, from, to);
    int end = ValueCanonicalizer.trimEnd(text, start, to);
    boolean negative = start < end && text[start] == '-';
    int i = start < end && (text[start] == '-' || text[start] == '+') ? start + 1 : start;
    if (i == end) {
      return ValueCanonicalizer.raw(text, from, to, out, out.size());
    }
    for (int j = i; j < end; j++) {
      if (!ValueCanonicalizer.isDigit(text[j])) {
        return ValueCanonicalizer.raw(text, from, to, out, out.size());
      }
    }
    while (i < end - 1 && text[i] == '0') {
      i++;
    }
    if (negative && !(text[i] == '0')) {
      out.put('-');
    }
    out.put(text, i, end);
    return true;
  }

  /** Optional minus, then digits without a leading zero, or a lone 0. */
  private static boolean isCanonical(byte[] text, int from, int to) {
    int i = from < to && text[from] == '-' ? from + 1 : from;
    if (i == to || (text[i] == '0' && (to - i > 1 || i > from))) {
      return false;
    }
    for (; i < to; i++) {
      if (!ValueCanonicalizer.isDigit(text[i])) {
        return false;
      }
    }
    return true;
  }
}
