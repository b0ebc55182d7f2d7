package dev.cutover.worker.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a value of the source column's type can be written into the target column's type
 * without loss, from the types as {@code format_type} names them. The same type always can; a
 * different one only when it is listed in {@link #WIDER} (and its length, precision or scale do not
 * shrink). Any other pair is refused: the preflight names both types, and an SRE who knows the data
 * fits can change the target column.
 */
final class TypeWidening {
  /** Source type to the target types that hold every one of its values. */
  static final Map<String, Set<String>> WIDER = Map.of(
      "smallint", Set.of("integer", "bigint", "numeric", "real", "double precision"),
      "integer", Set.of("bigint", "numeric", "double precision"),
      "bigint", Set.of("numeric"),
      "real", Set.of("double precision"),
      "character varying", Set.of("text"),
      "character", Set.of("character varying", "text"),
      "text", Set.of("character varying"));

  /** Decimal digits before the point that an integer type needs in a numeric(p,s) target: p - s. */
  private static final Map<String, Integer> INTEGER_DIGITS = Map.of("smallint", 5, "integer", 10, "bigint", 19);

  /** Types whose modifier is a length (varchar(n), char(n), bit(n)) or a precision (timestamp(p)). */
  private static final Set<String> GROWING_MODIFIER = Set.of(
      "character varying", "character", "bit varying", "bit", "timestamp without time zone",
      "timestamp with time zone", "time without time zone", "time with time zone", "interval");

  private static final Pattern MODIFIERS = Pattern.compile("\\(([0-9]+)(?:,([0-9]+))?\\)");

  private TypeWidening() {}

  /** A type as {@code format_type} prints it, taken apart: its name, modifiers and array dimensions. */
  record SqlType(String base, List<Integer> modifiers, int dimensions) {
    static SqlType parse(String formatted) {
      String text = formatted.strip();
      int dimensions = 0;
      while (text.endsWith("[]")) {
        text = text.substring(0, text.length() - 2);
        dimensions++;
      }
      List<Integer> modifiers = new ArrayList<>();
      Matcher matcher = MODIFIERS.matcher(text);
      if (matcher.find()) {
        modifiers.add(Integer.parseInt(matcher.group(1)));
        if (matcher.group(2) != null) {
          modifiers.add(Integer.parseInt(matcher.group(2)));
        }
        text = (text.substring(0, matcher.start()) + text.substring(matcher.end())).strip();
      }
      return new SqlType(text, modifiers, dimensions);
    }
  }

  /** True when every value of {@code source} fits {@code target} unchanged. */
  static boolean fits(String source, String target) {
    if (source.equals(target)) {
      return true;
    }
    SqlType from = SqlType.parse(source);
    SqlType to = SqlType.parse(target);
    if (from.dimensions() != to.dimensions()) {
      return false;
    }
    if (from.base().equals(to.base())) {
      return sameTypeFits(from, to);
    }
    if (!WIDER.getOrDefault(from.base(), Set.of()).contains(to.base())) {
      return false;
    }
    if (to.base().equals("numeric") && !to.modifiers().isEmpty()) {
      int scale = to.modifiers().size() > 1 ? to.modifiers().get(1) : 0;
      return to.modifiers().get(0) - scale >= INTEGER_DIGITS.getOrDefault(from.base(), Integer.MAX_VALUE);
    }
    // Into a bounded text type, only from a bounded one no longer than it (char(n) -> varchar(m >= n)).
    return to.modifiers().isEmpty() || (!from.modifiers().isEmpty() && to.modifiers().get(0) >= from.modifiers().get(0));
  }

  private static boolean sameTypeFits(SqlType from, SqlType to) {
    if (to.modifiers().isEmpty()) {
      // No modifier: unbounded length, numeric of any precision, the highest time precision.
      return true;
    }
    if (from.modifiers().isEmpty()) {
      return false;
    }
    if (from.base().equals("numeric")) {
      int fromScale = from.modifiers().size() > 1 ? from.modifiers().get(1) : 0;
      int toScale = to.modifiers().size() > 1 ? to.modifiers().get(1) : 0;
      return toScale >= fromScale && to.modifiers().get(0) - toScale >= from.modifiers().get(0) - fromScale;
    }
    return GROWING_MODIFIER.contains(from.base()) && to.modifiers().get(0) >= from.modifiers().get(0);
  }
}
