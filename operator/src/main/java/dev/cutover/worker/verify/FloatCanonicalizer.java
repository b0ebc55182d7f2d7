package dev.cutover.worker.verify;

import static dev.cutover.worker.verify.ValueCanonicalizer.equalsIgnoreCase;
import static dev.cutover.worker.verify.ValueCanonicalizer.isDigit;

import com.fasterxml.jackson.core.io.NumberInput;

/**
 * real and double precision by value: the IEEE bits of the parsed number, so that {@code 1.5},
 * {@code 1.50} and {@code 15e-1} agree; {@code -0} equals {@code 0} and NaN equals NaN, as
 * PostgreSQL compares them. A real is parsed as a 32-bit float, as PostgreSQL stores it.
 *
 * <p>Short decimals are converted exactly without allocating: a significand that fits the float's
 * mantissa times or divided by an exactly representable power of ten rounds once, correctly
 * (Clinger's fast path). Longer ones (a double's shortest form often has 17 digits) go to
 * Jackson's FastDoubleParser (Eisel-Lemire), several times faster than the JDK's parser, from a
 * reused char buffer. Holds that buffer: one instance per encoder.
 */
final class FloatCanonicalizer implements ValueCanonicalizer {

  private static final double[] DOUBLE_POWERS = new double[23];
  private static final float[] FLOAT_POWERS = new float[11];

  static {
    double power = 1;
    for (int i = 0; i < DOUBLE_POWERS.length; i++) {
      DOUBLE_POWERS[i] = power;
      power *= 10;
    }
    for (int i = 0; i < FLOAT_POWERS.length; i++) {
      FLOAT_POWERS[i] = (float) DOUBLE_POWERS[i];
    }
  }

  private final boolean single;
  private char[] chars = new char[32];

  private FloatCanonicalizer(boolean single) {
    this.single = single;
  }

  static FloatCanonicalizer real() {
    return new FloatCanonicalizer(true);
  }

  static FloatCanonicalizer doublePrecision() {
    return new FloatCanonicalizer(false);
  }

  @Override
  public boolean write(byte[] text, int from, int to, CanonicalBytes out) {
    int start = ValueCanonicalizer.skipSpaces(text, from, to);
    int end = ValueCanonicalizer.trimEnd(text, start, to);
    double value = parse(text, start, end);
    if (value != value && !isNaN(text, start, end)) {
      return ValueCanonicalizer.raw(text, from, to, out, out.size());
    }
    if (single) {
      float f = (float) value;
      out.putInt(Float.floatToIntBits(f == 0 ? 0f : f));
    } else {
      out.putLong(Double.doubleToLongBits(value == 0 ? 0d : value));
    }
    return true;
  }

  /** The value, or NaN when the text does not parse (told apart from a real NaN by the caller). */
  private double parse(byte[] text, int start, int end) {
    int i = start;
    boolean negative = false;
    if (i < end && (text[i] == '-' || text[i] == '+')) {
      negative = text[i] == '-';
      i++;
    }
    if (equalsIgnoreCase(text, i, end, "infinity") || equalsIgnoreCase(text, i, end, "inf")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    double fast = fastPath(text, i, end);
    if (fast == fast) {
      return negative ? -fast : fast;
    }
    if (end == start || !(isDigit(text[end - 1]) || text[end - 1] == '.')) {
      return Double.NaN; // Java would accept suffixes such as 1.5d that PostgreSQL refuses
    }
    int length = end - start;
    if (chars.length < length) {
      chars = new char[Math.max(length, chars.length * 2)];
    }
    for (int k = 0; k < length; k++) {
      chars[k] = (char) (text[start + k] & 0xff);
    }
    try {
      return single ? NumberInput.parseFloat(chars, 0, length, true) : NumberInput.parseDouble(chars, 0, length, true);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** A plain decimal short enough to convert exactly, else NaN. */
  private double fastPath(byte[] text, int i, int end) {
    long significand = 0;
    int digits = 0;
    int pendingZeros = 0;
    int fractionDigits = 0;
    boolean inFraction = false;
    boolean any = false;
    for (; i < end; i++) {
      byte b = text[i];
      if (b == '.' && !inFraction) {
        inFraction = true;
        continue;
      }
      if (!isDigit(b)) {
        break;
      }
      any = true;
      if (inFraction) {
        fractionDigits++;
      }
      if (b == '0') {
        pendingZeros += digits > 0 ? 1 : 0;
        continue;
      }
      digits += pendingZeros + 1;
      if (digits > 18) {
        return Double.NaN;
      }
      for (; pendingZeros > 0; pendingZeros--) {
        significand *= 10;
      }
      significand = significand * 10 + (b - '0');
    }
    if (!any) {
      return Double.NaN;
    }
    int exponent = pendingZeros - fractionDigits;
    if (i < end) {
      int parsed = exponent(text, i, end);
      if (parsed == Integer.MIN_VALUE) {
        return Double.NaN;
      }
      exponent += parsed;
    }
    if (significand == 0) {
      return 0;
    }
    return single ? fastFloat(significand, digits, exponent) : fastDouble(significand, digits, exponent);
  }

  private static double fastDouble(long significand, int digits, int exponent) {
    if (digits > 15 || exponent < -22 || exponent > 22) {
      return Double.NaN;
    }
    return exponent >= 0 ? significand * DOUBLE_POWERS[exponent] : significand / DOUBLE_POWERS[-exponent];
  }

  private static double fastFloat(long significand, int digits, int exponent) {
    if (digits > 7 || exponent < -10 || exponent > 10) {
      return Double.NaN;
    }
    float f = significand;
    return exponent >= 0 ? f * FLOAT_POWERS[exponent] : f / FLOAT_POWERS[-exponent];
  }

  /** The exponent of {@code e-07}, {@code E+300}; MIN_VALUE when malformed or outside +-400. */
  private static int exponent(byte[] text, int i, int end) {
    if (text[i] != 'e' && text[i] != 'E') {
      return Integer.MIN_VALUE;
    }
    i++;
    boolean negative = i < end && text[i] == '-';
    if (i < end && (text[i] == '-' || text[i] == '+')) {
      i++;
    }
    if (i == end) {
      return Integer.MIN_VALUE;
    }
    int value = 0;
    for (; i < end; i++) {
      if (!isDigit(text[i]) || value > 400) {
        return Integer.MIN_VALUE;
      }
      value = value * 10 + (text[i] - '0');
    }
    return negative ? -value : value;
  }

  private static boolean isNaN(byte[] text, int from, int to) {
    int i = from < to && (text[from] == '-' || text[from] == '+') ? from + 1 : from;
    return equalsIgnoreCase(text, i, to, "nan");
  }
}
