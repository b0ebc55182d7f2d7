package dev.cutover.phase;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * RFC 3339 times as status stores them. Whole seconds only, as Kubernetes stores its own times, so
 * that a time written by the operator and one read back from the API server compare as equal
 * within the same second instead of one seeming older.
 */
public final class Timestamps {
  private Timestamps() {}

  /** Formats as RFC 3339 in UTC, such as 2025-01-31T09:30:00Z; null stays null. */
  public static String format(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Parses RFC 3339 (Z or an offset); null or blank is null. */
  public static Instant parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not an RFC 3339 time such as 2025-01-31T09:30:00Z", e);
    }
  }

  /** The instant cut to whole seconds, the precision status keeps. */
  public static Instant seconds(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS);
  }
}
