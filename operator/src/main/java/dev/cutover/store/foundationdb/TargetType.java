package dev.cutover.store.foundationdb;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A target column's type as PostgreSQL's {@code format_type} names it ({@code integer},
 * {@code numeric(12,2)}, {@code character varying(20)[]}, {@code timestamp(3) with time zone}),
 * reduced to what converting a FoundationDB value needs: the family, the length or precision and
 * scale, and the element type of an array.
 */
record TargetType(String name, Family family, int length, int precision, int scale, TargetType element) {

  /** The kinds of column a value is converted for; {@link #OTHER} takes strings as PostgreSQL input. */
  enum Family {
    SMALLINT, INTEGER, BIGINT, NUMERIC, REAL, DOUBLE, TEXT, BOOLEAN, BYTEA, UUID,
    DATE, TIMESTAMP, TIMESTAMPTZ, JSON, JSONB, ARRAY, OTHER
  }

  static final int UNSET = -1;

  private static final Pattern MODIFIERS = Pattern.compile("^([^(]*)\\(([^)]*)\\)(.*)$");

  static TargetType parse(String formatType) {
    String name = formatType.trim();
    if (name.endsWith("[]")) {
      TargetType element = parse(name.substring(0, name.length() - 2));
      return new TargetType(name, Family.ARRAY, UNSET, UNSET, UNSET, element);
    }
    String base = name.toLowerCase(Locale.ROOT);
    String modifiers = "";
    Matcher matcher = MODIFIERS.matcher(base);
    if (matcher.matches()) {
      base = (matcher.group(1).trim() + " " + matcher.group(3).trim()).trim();
      modifiers = matcher.group(2).trim();
    }
    base = base.replaceAll("\\s+", " ");
    Family family = family(base);
    int[] numbers = numbers(modifiers);
    return switch (family) {
      case TEXT -> new TargetType(name, family, numbers.length > 0 ? numbers[0] : UNSET, UNSET, UNSET, null);
      case NUMERIC -> new TargetType(name, family, UNSET,
          numbers.length > 0 ? numbers[0] : UNSET, numbers.length > 1 ? numbers[1] : 0, null);
      default -> new TargetType(name, family, UNSET, UNSET, UNSET, null);
    };
  }

  private static Family family(String base) {
    return switch (base) {
      case "smallint", "int2" -> Family.SMALLINT;
      case "integer", "int", "int4" -> Family.INTEGER;
      case "bigint", "int8" -> Family.BIGINT;
      case "numeric", "decimal" -> Family.NUMERIC;
      case "real", "float4" -> Family.REAL;
      case "double precision", "float8" -> Family.DOUBLE;
      case "text", "character varying", "varchar", "character", "char", "bpchar", "name", "citext",
          "\"char\"" -> Family.TEXT;
      case "boolean", "bool" -> Family.BOOLEAN;
      case "bytea" -> Family.BYTEA;
      case "uuid" -> Family.UUID;
      case "date" -> Family.DATE;
      case "timestamp without time zone", "timestamp" -> Family.TIMESTAMP;
      case "timestamp with time zone", "timestamptz" -> Family.TIMESTAMPTZ;
      case "json" -> Family.JSON;
      case "jsonb" -> Family.JSONB;
      default -> Family.OTHER;
    };
  }

  private static int[] numbers(String modifiers) {
    if (modifiers.isEmpty()) {
      return new int[0];
    }
    String[] parts = modifiers.split(",");
    int[] numbers = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        numbers[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        return new int[0];
      }
    }
    return numbers;
  }

  boolean isJson() {
    return family == Family.JSON || family == Family.JSONB;
  }

  @Override
  public String toString() {
    return name;
  }
}
