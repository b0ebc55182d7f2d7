package dev.cutover.api;

import java.time.Duration;
import java.util.regex.Matcher;

/** Durations as written in a spec: one or more of a number and a unit (ms, s, m, h), such as 1h30m. */
public final class Durations {
  public static final String PATTERN = "^([0-9]{1,9}(ms|s|m|h))+$";
  /** Longest duration text the schema takes; a bound keeps the pattern's repetition finite. */
  public static final int MAX_LENGTH = 32;

  private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("([0-9]{1,9})(ms|s|m|h)");
  private static final java.util.regex.Pattern WHOLE = java.util.regex.Pattern.compile(PATTERN);

  private Durations() {}

  /** Parses a duration; {@code field} names the spec field in the error. */
  public static Duration parse(String text, String field) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          field + ": '" + text + "' is not a duration; write it like 30s, 10m, 1h or 1h30m");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      long amount = Long.parseLong(part.group(1));
      total = total.plus(switch (part.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      });
    }
    return total;
  }
}
