package dev.cutover.worker.verify;

import static dev.cutover.worker.verify.ValueCanonicalizer.equalsIgnoreCase;
import static dev.cutover.worker.verify.ValueCanonicalizer.isDigit;

/**
 * date, timestamp, timestamp with time zone and time, written as PostgreSQL prints them with
 * {@code DateStyle=ISO} and {@code TimeZone=UTC}: {@code 2024-01-15}, {@code 2024-01-15 10:20:30.12},
 * {@code 2024-01-15 08:20:30.12+00}, {@code 10:20:30.5}, years before 1 with {@code BC}, and
 * {@code infinity}/{@code -infinity}. That output is recognised by its shape and copied; any other
 * spelling (a {@code T} separator, an offset or {@code Z}, trailing zeros, hour 24) is parsed and
 * rewritten, a timestamp with time zone moved to UTC. A timestamp without time zone ignores an
 * offset, as PostgreSQL does. Precision is PostgreSQL's microsecond. Holds parse state: one
 * instance per encoder.
 */
final class TemporalCanonicalizer implements ValueCanonicalizer {
  enum Kind { DATE, TIMESTAMP, TIMESTAMPTZ, TIME }

  private static final long SECONDS_PER_DAY = 86_400;

  private final Kind kind;
  private long year;
  private int month;
  private int day;
  private boolean beforeChrist;
  private long secondOfDay;
  private int micros;
  private int offsetSeconds;

  TemporalCanonicalizer(Kind kind) {
    this.kind = kind;
  }

  @Override
  public boolean write(byte[] text, int from, int to, CanonicalBytes out) {
    if (hasCanonicalShape(text, from, to)) {
      out.put(text, from, to);
      return true;
    }
    int start = ValueCanonicalizer.skipSpaces(text, from, to);
    int end = ValueCanonicalizer.trimEnd(text, start, to);
    if (kind != Kind.TIME) {
      if (equalsIgnoreCase(text, start, end, "infinity") || equalsIgnoreCase(text, start, end, "+infinity")) {
        out.putAscii("infinity");
        return true;
      }
      if (equalsIgnoreCase(text, start, end, "-infinity")) {
        out.putAscii("-infinity");
        return true;
      }
    }
    if (!parse(text, start, end)) {
      return ValueCanonicalizer.raw(text, from, to, out, out.size());
    }
    format(out);
    return true;
  }

  // ---- the shape of PostgreSQL's own output, copied as is ----

  private boolean hasCanonicalShape(byte[] text, int from, int to) {
    return switch (kind) {
      case DATE -> to - from == 10 && isDateShape(text, from);
      case TIMESTAMP -> to - from >= 19 && isDateShape(text, from) && text[from + 10] == ' '
          && isTimeShape(text, from + 11, to);
      case TIMESTAMPTZ -> to - from >= 22 && text[to - 3] == '+' && text[to - 2] == '0' && text[to - 1] == '0'
          && isDateShape(text, from) && text[from + 10] == ' ' && isTimeShape(text, from + 11, to - 3);
      case TIME -> isTimeShape(text, from, to);
    };
  }

  /** {@code dddd-dd-dd}, year 1 to 9999. */
  private static boolean isDateShape(byte[] text, int at) {
    return isDigit(text[at]) && isDigit(text[at + 1]) && isDigit(text[at + 2]) && isDigit(text[at + 3])
        && text[at + 4] == '-' && isDigit(text[at + 5]) && isDigit(text[at + 6])
        && text[at + 7] == '-' && isDigit(text[at + 8]) && isDigit(text[at + 9])
        && !(text[at] == '0' && text[at + 1] == '0' && text[at + 2] == '0' && text[at + 3] == '0');
  }

  /** {@code dd:dd:dd} with an optional fraction of 1 to 6 digits not ending in 0; hour below 24. */
  private static boolean isTimeShape(byte[] text, int at, int to) {
    int length = to - at;
    if (length != 8 && (length < 10 || length > 15)) {
      return false;
    }
    if (!(isDigit(text[at]) && isDigit(text[at + 1]) && text[at + 2] == ':'
        && isDigit(text[at + 3]) && isDigit(text[at + 4]) && text[at + 5] == ':'
        && isDigit(text[at + 6]) && isDigit(text[at + 7]))
        || text[at] > '2' || (text[at] == '2' && text[at + 1] > '3')) {
      return false;
    }
    if (length == 8) {
      return true;
    }
    if (text[at + 8] != '.' || text[to - 1] == '0') {
      return false;
    }
    for (int i = at + 9; i < to; i++) {
      if (!isDigit(text[i])) {
        return false;
      }
    }
    return true;
  }

  // ---- any other spelling ----

  /** Parses into the fields above; false when the text is not a value of this kind. */
  private boolean parse(byte[] text, int i, int end) {
    year = 1970;
    month = 1;
    day = 1;
    beforeChrist = false;
    secondOfDay = 0;
    micros = 0;
    offsetSeconds = 0;
    Cursor c = new Cursor(text, i, end);
    if (kind != Kind.TIME) {
      if (!parseDate(c)) {
        return false;
      }
      if (c.at < end && (text[c.at] == 'T' || text[c.at] == 't' || text[c.at] == ' ')) {
        c.at++;
        c.skipSpaces();
        if (c.at < end && isDigit(text[c.at]) && !parseTime(c)) {
          return false;
        }
      }
    } else if (!parseTime(c)) {
      return false;
    }
    c.skipSpaces();
    if (kind != Kind.DATE && !parseOffset(c)) {
      return false;
    }
    c.skipSpaces();
    if (c.at + 2 <= end && equalsIgnoreCase(text, c.at, c.at + 2, "bc")) {
      beforeChrist = true;
      c.at += 2;
    } else if (c.at + 2 <= end && equalsIgnoreCase(text, c.at, c.at + 2, "ad")) {
      c.at += 2;
    }
    return c.at == end && (kind == Kind.TIME || isValidDate());
  }

  private boolean parseDate(Cursor c) {
    long y = c.number(9);
    if (y < 0 || !c.expect('-')) {
      return false;
    }
    long m = c.number(2);
    if (m < 0 || !c.expect('-')) {
      return false;
    }
    long d = c.number(2);
    if (d < 0) {
      return false;
    }
    year = y;
    month = (int) m;
    day = (int) d;
    return true;
  }

  private boolean parseTime(Cursor c) {
    long hour = c.number(2);
    if (hour < 0 || !c.expect(':')) {
      return false;
    }
    long minute = c.number(2);
    long second = 0;
    if (minute < 0) {
      return false;
    }
    if (c.peek(':')) {
      c.at++;
      second = c.number(2);
      if (second < 0) {
        return false;
      }
      if (c.peek('.')) {
        c.at++;
        if (!parseFraction(c)) {
          return false;
        }
      }
    }
    if (hour > 24 || minute > 59 || second > 60 || (hour == 24 && (minute > 0 || second > 0 || micros > 0))) {
      return false;
    }
    secondOfDay = hour * 3600 + minute * 60 + second;
    return true;
  }

  /** Microseconds, rounded half up from a longer fraction. */
  private boolean parseFraction(Cursor c) {
    int start = c.at;
    long value = 0;
    int digits = 0;
    boolean roundUp = false;
    while (c.at < c.end && isDigit(c.text[c.at])) {
      if (digits < 6) {
        value = value * 10 + (c.text[c.at] - '0');
      } else if (digits == 6) {
        roundUp = c.text[c.at] >= '5';
      }
      digits++;
      c.at++;
    }
    for (int d = Math.min(digits, 6); d < 6; d++) {
      value *= 10;
    }
    micros = (int) value + (roundUp ? 1 : 0);
    return c.at > start;
  }

  /** {@code Z}, {@code UTC}, {@code +hh}, {@code +hh:mm}, {@code +hhmm}, {@code +hh:mm:ss}, or none. */
  private boolean parseOffset(Cursor c) {
    if (c.at == c.end) {
      return true;
    }
    byte b = c.text[c.at];
    if (b == 'Z' || b == 'z') {
      c.at++;
      return true;
    }
    if (c.at + 3 <= c.end && equalsIgnoreCase(c.text, c.at, c.at + 3, "utc")) {
      c.at += 3;
      return true;
    }
    if (b != '+' && b != '-') {
      return true;
    }
    c.at++;
    long hours = c.number(2);
    long minutes = 0;
    long seconds = 0;
    if (hours < 0) {
      return false;
    }
    if (c.peek(':') || (c.at < c.end && isDigit(c.text[c.at]))) {
      c.at += c.peek(':') ? 1 : 0;
      minutes = c.number(2);
      if (c.peek(':') || (minutes >= 0 && c.at < c.end && isDigit(c.text[c.at]))) {
        c.at += c.peek(':') ? 1 : 0;
        seconds = c.number(2);
      }
    }
    if (minutes < 0 || seconds < 0 || hours > 15 || minutes > 59 || seconds > 59) {
      return false;
    }
    int offset = (int) (hours * 3600 + minutes * 60 + seconds);
    offsetSeconds = b == '-' ? -offset : offset;
    return true;
  }

  private boolean isValidDate() {
    if (year < 1 || month < 1 || month > 12 || day < 1) {
      return false;
    }
    return day <= daysInMonth(astronomicalYear(), month);
  }

  private long astronomicalYear() {
    return beforeChrist ? 1 - year : year;
  }

  private static int daysInMonth(long year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  // ---- writing ----

  private void format(CanonicalBytes out) {
    if (kind == Kind.TIME) {
      if (micros == 1_000_000) {
        secondOfDay++;
        micros = 0;
      }
      writeTime(secondOfDay, micros, out);
      return;
    }
    long seconds = epochDay(astronomicalYear(), month, day) * SECONDS_PER_DAY + secondOfDay;
    if (kind == Kind.TIMESTAMPTZ) {
      seconds -= offsetSeconds;
    }
    if (micros == 1_000_000) {
      seconds++;
      micros = 0;
    }
    long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
    long shownYear = writeDate(days, out);
    if (kind != Kind.DATE) {
      out.put(' ');
      writeTime(Math.floorMod(seconds, SECONDS_PER_DAY), micros, out);
      if (kind == Kind.TIMESTAMPTZ) {
        out.putAscii("+00");
      }
    }
    if (shownYear <= 0) {
      out.putAscii(" BC");
    }
  }

  private static void writeTime(long secondOfDay, int micros, CanonicalBytes out) {
    out.putUnsignedDecimal(secondOfDay / 3600, 2);
    out.put(':');
    out.putUnsignedDecimal(secondOfDay / 60 % 60, 2);
    out.put(':');
    out.putUnsignedDecimal(secondOfDay % 60, 2);
    if (micros > 0) {
      int fraction = micros;
      int width = 6;
      while (fraction % 10 == 0) {
        fraction /= 10;
        width--;
      }
      out.put('.');
      out.putUnsignedDecimal(fraction, width);
    }
  }

  /**
   * Writes {@code yyyy-mm-dd}, the year as PostgreSQL shows it (1 BC is astronomical year 0);
   * returns the astronomical year.
   */
  private static long writeDate(long epochDay, CanonicalBytes out) {
    long z = epochDay + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    long d = dayOfYear - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0);
    out.putUnsignedDecimal(y <= 0 ? 1 - y : y, 4);
    out.put('-');
    out.putUnsignedDecimal(m, 2);
    out.put('-');
    out.putUnsignedDecimal(d, 2);
    return y;
  }

  /** Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm). */
  static long epochDay(long year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  /** A read position in the text being parsed. */
  private static final class Cursor {
    final byte[] text;
    final int end;
    int at;

    Cursor(byte[] text, int at, int end) {
      this.text = text;
      this.at = at;
      this.end = end;
    }

    /** Reads 1 to {@code maxDigits} digits; -1 when there are none. */
    long number(int maxDigits) {
      int start = at;
      long value = 0;
      while (at < end && at - start < maxDigits && isDigit(text[at])) {
        value = value * 10 + (text[at++] - '0');
      }
      return at == start ? -1 : value;
    }

    boolean expect(char c) {
      if (at < end && text[at] == c) {
        at++;
        return true;
      }
      return false;
    }

    boolean peek(char c) {
      return at < end && text[at] == c;
    }

    void skipSpaces() {
      at = ValueCanonicalizer.skipSpaces(text, at, end);
    }
  }
}
