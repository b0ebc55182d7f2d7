package dev.cutover.worker.verify;

import java.util.Locale;

/**
 * Which canonicaliser a column gets, from its type as {@code format_type} names it
 * ({@code numeric(12,2)}, {@code timestamp(3) with time zone}, {@code text[]}). Types without a
 * rule compare as their exact text, which is right whenever both stores print them the same way.
 */
final class ColumnTypes {
  private ColumnTypes() {}

  /** A new canonicaliser for {@code formatType}; some hold parse state, so one per encoder. */
  static ValueCanonicalizer canonicalizer(String formatType) {
    String type = formatType.trim();
    if (type.endsWith("[]")) {
      String elementType = type.substring(0, type.length() - 2);
      while (elementType.endsWith("[]")) {
        elementType = elementType.substring(0, elementType.length() - 2);
      }
      return new ArrayCanonicalizer(canonicalizer(elementType));
    }
    return switch (baseName(type)) {
      case "smallint", "integer", "bigint", "int2", "int4", "int8", "int", "oid" -> IntegerCanonicalizer.INSTANCE;
      case "numeric", "decimal" -> NumericCanonicalizer.INSTANCE;
      case "real", "float4" -> FloatCanonicalizer.real();
      case "double precision", "float8" -> FloatCanonicalizer.doublePrecision();
      case "character", "bpchar" -> TextCanonicalizer.BLANK_PADDED;
      case "bytea" -> ByteaCanonicalizer.INSTANCE;
      case "boolean", "bool" -> BooleanCanonicalizer.INSTANCE;
      case "uuid" -> UuidCanonicalizer.INSTANCE;
      case "json", "jsonb" -> new JsonCanonicalizer();
      case "date" -> new TemporalCanonicalizer(TemporalCanonicalizer.Kind.DATE);
      case "timestamp", "timestamp without time zone" -> new TemporalCanonicalizer(TemporalCanonicalizer.Kind.TIMESTAMP);
      case "timestamptz", "timestamp with time zone" -> new TemporalCanonicalizer(TemporalCanonicalizer.Kind.TIMESTAMPTZ);
      case "time", "time without time zone" -> new TemporalCanonicalizer(TemporalCanonicalizer.Kind.TIME);
      default -> TextCanonicalizer.EXACT;
    };
  }

  /** The type name without its modifier: {@code timestamp(3) with time zone} -> {@code timestamp with time zone}. */
  static String baseName(String type) {
    if (type.startsWith("\"")) {
      return type; // a quoted user-defined name, never one of ours
    }
    int open = type.indexOf('(');
    int close = type.indexOf(')', open + 1);
    String base = open < 0 || close < 0 ? type : type.substring(0, open) + type.substring(close + 1);
    return base.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
