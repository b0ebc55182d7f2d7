package dev.cutover.worker.verify;

import static dev.cutover.worker.verify.ValueCanonicalizer.equalsIgnoreCase;
import static dev.cutover.worker.verify.ValueCanonicalizer.isDigit;

/**
 * numeric by value, whatever its scale or notation: {@code 1.0}, {@code 1.00}, {@code 1e0} and
 * {@code 001} all become {@code 1e1} (significant digits without leading or trailing zeros, then
 * the power of ten that puts the decimal point before them), zero becomes {@code 0}, and the
 * special values {@code NaN}, {@code Infinity}, {@code -Infinity}. PostgreSQL compares numerics
 * the same way: {@code 1.0 = 1.00}. Used for JSON numbers too.
 */
final class NumericCanonicalizer implements ValueCanonicalizer {
  static final NumericCanonicalizer INSTANCE = new NumericCanonicalizer();

  /** Larger exponents do not occur in PostgreSQL's numeric range; such text is kept as is. */
  private static final int MAX_EXPONENT = 1_000_000;

  @Override
  public boolean write(byte[] text, int from, int to, CanonicalBytes out) {
    int start = ValueCanonicalizer.skipSpaces(text, from, to);
    int end = ValueCanonicalizer.trimEnd(text, start, to);
    int i = start;
    boolean negative = false;
    if (i < end && (text[i] == '-' || text[i] == '+')) {
      negative = text[i] == '-';
      i++;
    }
    if (i == start && equalsIgnoreCase(text, i, end, "nan")) {
      out.putAscii("NaN");
      return true;
    }
    if (equalsIgnoreCase(text, i, end, "infinity") || equalsIgnoreCase(text, i, end, "inf")) {
      out.putAscii(negative ? "-Infinity" : "Infinity");
      return true;
    }
    int intStart = i;
    while (i < end && isDigit(text[i])) {
      i++;
    }
    int intEnd = i;
    int fracStart = i;
    if (i < end && text[i] == '.') {
      fracStart = ++i;
      while (i < end && isDigit(text[i])) {
        i++;
      }
    }
    int fracEnd = i;
    if (intEnd == intStart && fracEnd == fracStart) {
      return ValueCanonicalizer.raw(text, from, to, out, out.size());
    }
    long exponent = 0;
    if (i < end && (text[i] == 'e' || text[i] == 'E')) {
      i++;
      boolean negativeExponent = i < end && text[i] == '-';
      if (i < end && (text[i] == '-' || text[i] == '+')) {
        i++;
      }
      int digitsStart = i;
      while (i < end && isDigit(text[i]) && exponent <= MAX_EXPONENT) {
        exponent = exponent * 10 + (text[i++] - '0');
      }
      if (i == digitsStart || exponent > MAX_EXPONENT) {
        return ValueCanonicalizer.raw(text, from, to, out, out.size());
      }
      exponent = negativeExponent ? -exponent : exponent;
    }
    if (i != end) {
      return ValueCanonicalizer.raw(text, from, to, out, out.size());
    }
    writeSignificand(text, intStart, intEnd, fracStart, fracEnd, negative, exponent, out);
    return true;
  }

  /** The digits of int part then fraction, indexed as one sequence; writes 0.digits x 10^exp. */
  private static void writeSignificand(
      byte[] text, int intStart, int intEnd, int fracStart, int fracEnd,
      boolean negative, long exponent, CanonicalBytes out) {
    int intLength = intEnd - intStart;
    int total = intLength + fracEnd - fracStart;
    int first = 0;
    while (first < total && digitAt(text, intStart, intLength, fracStart, first) == '0') {
      first++;
    }
    if (first == total) {
      out.put('0');
      return;
    }
    int last = total - 1;
    while (digitAt(text, intStart, intLength, fracStart, last) == '0') {
      last--;
    }
    if (negative) {
      out.put('-');
    }
    for (int k = first; k <= last; k++) {
      out.put(digitAt(text, intStart, intLength, fracStart, k));
    }
    out.put('e');
    out.putDecimal(intLength - first + exponent);
  }

  private static byte digitAt(byte[] text, int intStart, int intLength, int fracStart, int index) {
    return index < intLength ? text[intStart + index] : text[fracStart + index - intLength];
  }
}
