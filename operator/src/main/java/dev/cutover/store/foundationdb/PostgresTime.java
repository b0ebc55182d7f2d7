package dev.cutover.store.foundationdb;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Dates and timestamps from FoundationDB values, written as PostgreSQL reads them back.
 *
 * <p>The rules, since FoundationDB has no time type: a string is ISO-8601 ({@code 2024-01-31},
 * {@code 2024-01-31T10:00:00.5+02:00}, a space instead of {@code T}, {@code Z} or {@code +hh},
 * {@code +hh:mm}, {@code +hhmm} offsets) or {@code infinity}/{@code -infinity}; a number is
 * milliseconds since 1970-01-01T00:00:00Z, possibly with a fraction. A timestamp without an offset
 * is UTC. For {@code timestamp without time zone} an offset is applied (the instant is written in
 * UTC) rather than dropped, as PostgreSQL would. Precision beyond microseconds is rounded half up to
 * microseconds. A {@code date} takes a date string, or a number that is an exact UTC midnight.
 */
final class PostgresTime {
  private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ISO_LOCAL_DATE_TIME.withResolverStyle(ResolverStyle.STRICT);
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private PostgresTime() {}

  static String date(Object value) {
    if (value instanceof String text) {
      String infinity = infinity(text);
      if (infinity != null) {
        return infinity;
      }
      if (isoForm(text).indexOf('T') >= 0) {
        throw new ValueRejected(PostgresText.describe(value) + " is a timestamp, not a date (yyyy-mm-dd)");
      }
      try {
        return formatDate(LocalDate.parse(text, DATE));
      } catch (DateTimeException e) {
        throw new ValueRejected(PostgresText.describe(text) + " is not a date in ISO-8601 form");
      }
    }
    Instant instant = fromEpochMillis(value, "a date");
    long millis = instant.toEpochMilli();
    if (instant.getNano() % 1_000_000 != 0 || Math.floorMod(millis, MILLIS_PER_DAY) != 0) {
      throw new ValueRejected(PostgresText.describe(value) + " milliseconds is not a UTC midnight, so not a date");
    }
    return formatDate(LocalDate.ofEpochDay(Math.floorDiv(millis, MILLIS_PER_DAY)));
  }

  static String timestamp(Object value) {
    String infinity = value instanceof String text ? infinity(text) : null;
    return infinity != null ? infinity : formatTimestamp(instant(value), "");
  }

  static String timestamptz(Object value) {
    String infinity = value instanceof String text ? infinity(text) : null;
    return infinity != null ? infinity : formatTimestamp(instant(value), "+00");
  }

  private static Instant instant(Object value) {
    Instant instant = value instanceof String text ? parseInstant(text) : fromEpochMillis(value, "a timestamp");
    return instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
  }

  /** An ISO-8601 date or date-time with an optional offset; split by hand, as optional parser sections are slow. */
  private static Instant parseInstant(String text) {
    String iso = isoForm(text);
    try {
      int time = iso.indexOf('T');
      if (time < 0) {
        return LocalDate.parse(iso, DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      int offset = time + 1;
      while (offset < iso.length() && "+-Zz".indexOf(iso.charAt(offset)) < 0) {
        offset++;
      }
      LocalDateTime local = LocalDateTime.parse(iso.substring(0, offset), DATE_TIME);
      ZoneOffset zone = offset == iso.length() ? ZoneOffset.UTC : ZoneOffset.of(iso.substring(offset).toUpperCase(Locale.ROOT));
      return local.toInstant(zone);
    } catch (DateTimeException e) {
      throw new ValueRejected(PostgresText.describe(text) + " is not a timestamp in ISO-8601 form");
    }
  }

  /** PostgreSQL writes a space where ISO-8601 has a T; accept both. */
  private static String isoForm(String text) {
    return text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
  }

  private static Instant fromEpochMillis(Object value, String what) {
    BigDecimal millis;
    if (value instanceof Long || value instanceof Integer) {
      millis = BigDecimal.valueOf(((Number) value).longValue());
    } else if (value instanceof BigInteger big) {
      millis = new BigDecimal(big);
    } else if (value instanceof BigDecimal decimal) {
      millis = decimal;
    } else if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
      millis = new BigDecimal(value.toString());
    } else {
      throw new ValueRejected(PostgresText.describe(value) + " cannot be " + what
          + ": expected an ISO-8601 string or milliseconds since the epoch");
    }
    BigDecimal micros = millis.movePointRight(3).setScale(0, RoundingMode.HALF_UP);
    try {
      BigInteger[] seconds = micros.toBigIntegerExact().divideAndRemainder(BigInteger.valueOf(1_000_000));
      long second = seconds[0].longValueExact();
      long micro = seconds[1].longValueExact();
      return Instant.ofEpochSecond(second, micro * 1000);
    } catch (ArithmeticException | DateTimeException e) {
      throw new ValueRejected(PostgresText.describe(value) + " milliseconds is out of range for " + what);
    }
  }

  private static String infinity(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.equals("infinity") || lower.equals("-infinity") ? lower : null;
  }

  private static String formatDate(LocalDate date) {
    StringBuilder out = new StringBuilder(16);
    appendDate(out, date);
    if (date.getYear() <= 0) {
      out.append(" BC");
    }
    return out.toString();
  }

  /** PostgreSQL's own output form: fraction only when non-zero, trailing zeros dropped, era last. */
  private static String formatTimestamp(Instant instant, String zone) {
    LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    StringBuilder out = new StringBuilder(32);
    appendDate(out, utc.toLocalDate());
    out.append(' ');
    pad(out, utc.getHour(), 2).append(':');
    pad(out, utc.getMinute(), 2).append(':');
    pad(out, utc.getSecond(), 2);
    int micros = utc.getNano() / 1000;
    if (micros != 0) {
      int digits = 6;
      while (micros % 10 == 0) {
        micros /= 10;
        digits--;
      }
      pad(out.append('.'), micros, digits);
    }
    out.append(zone);
    if (utc.getYear() <= 0) {
      out.append(" BC");
    }
    return out.toString();
  }

  private static void appendDate(StringBuilder out, LocalDate date) {
    int year = date.getYear();
    pad(out, year > 0 ? year : 1 - year, 4).append('-');
    pad(out, date.getMonthValue(), 2).append('-');
    pad(out, date.getDayOfMonth(), 2);
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }
}
