package dev.cutover.store.foundationdb;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
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
  private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart().appendLiteral('T').append(DateTimeFormatter.ISO_LOCAL_TIME).optionalEnd()
      .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHmm", "Z").optionalEnd()
      .toFormatter(Locale.ROOT)
      .withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private PostgresTime() {}

  static String date(Object value) {
    if (value instanceof String text) {
      String infinity = infinity(text);
      if (infinity != null) {
        return infinity;
      }
      TemporalAccessor parsed = parse(text, "a date");
      if (parsed.isSupported(ChronoField.NANO_OF_DAY)) {
        throw new ValueRejected(PostgresText.describe(value) + " is a timestamp, not a date (yyyy-mm-dd)");
      }
      return formatDate(LocalDate.from(parsed));
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
    Instant instant;
    if (value instanceof String text) {
      TemporalAccessor parsed = parse(text, "a timestamp");
      LocalTime time = parsed.isSupported(ChronoField.NANO_OF_DAY) ? LocalTime.from(parsed) : LocalTime.MIDNIGHT;
      ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(parsed) : ZoneOffset.UTC;
      instant = LocalDateTime.of(LocalDate.from(parsed), time).toInstant(offset);
    } else {
      instant = fromEpochMillis(value, "a timestamp");
    }
    return instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
  }

  private static TemporalAccessor parse(String text, String what) {
    String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
    try {
      return ISO.parse(iso);
    } catch (DateTimeException e) {
      throw new ValueRejected(PostgresText.describe(text) + " is not " + what + " in ISO-8601 form");
    }
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
    int year = date.getYear();
    String day = String.format(Locale.ROOT, "%04d-%s", year > 0 ? year : 1 - year, DAY.format(date));
    return year > 0 ? day : day + " BC";
  }

  /** PostgreSQL's own output form: fraction only when non-zero, trailing zeros dropped, era last. */
  private static String formatTimestamp(Instant instant, String zone) {
    LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    int year = utc.getYear();
    StringBuilder out = new StringBuilder(32);
    out.append(String.format(Locale.ROOT, "%04d-", year > 0 ? year : 1 - year))
        .append(DAY.format(utc)).append(' ').append(CLOCK.format(utc));
    int micros = utc.getNano() / 1000;
    if (micros != 0) {
      String fraction = String.format(Locale.ROOT, "%06d", micros).replaceAll("0+$", "");
      out.append('.').append(fraction);
    }
    out.append(zone);
    if (year <= 0) {
      out.append(" BC");
    }
    return out.toString();
  }
}
