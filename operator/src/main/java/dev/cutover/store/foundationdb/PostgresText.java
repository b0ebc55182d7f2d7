package dev.cutover.store.foundationdb;

import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns one FoundationDB value into the text PostgreSQL reads for a column of a given type, or
 * rejects it. A value is a tuple element (null, bytes, string, integer, float, double, boolean,
 * UUID, versionstamp, nested tuple, which {@link Tuple#get} returns as a {@code List}) or a JSON node. The rules, per target type:
 *
 * <ul>
 *   <li>smallint, integer, bigint: integers in range; an integral decimal; a string of digits.
 *   <li>numeric(p,s): any number, a numeric string, NaN and ±Infinity (unconstrained numeric only);
 *       with a precision, values that would overflow it are rejected here rather than by COPY.
 *   <li>real, double precision: any number in range, numeric strings, NaN and ±Infinity.
 *   <li>text, varchar(n), char(n): strings (no NUL, at most n characters); numbers, booleans and
 *       UUIDs as their text; JSON objects and arrays as compact JSON; bytes that are valid UTF-8;
 *       a versionstamp as 24 hex digits.
 *   <li>boolean: booleans and the strings true, false, t, f.
 *   <li>bytea: bytes, a versionstamp's 12 bytes, a string in {@code \x} hex or else base64.
 *   <li>uuid: UUIDs, 16 bytes, a canonical UUID string.
 *   <li>date, timestamp, timestamptz: see {@link PostgresTime}.
 *   <li>json, jsonb: a JSON value as it is (a JSON string stays a JSON string); a tuple string is
 *       JSON text and must parse; other tuple elements become JSON scalars, a nested tuple an array.
 *   <li>arrays: a JSON array or a nested tuple, elements converted by the element type, nested
 *       arrays as further dimensions (except in json[] and jsonb[], where they are elements); a
 *       string is taken as a PostgreSQL array literal.
 *   <li>any other type (enums, inet, interval...): strings as they are, numbers and booleans as
 *       their text, JSON containers as JSON; PostgreSQL checks them on COPY.
 * </ul>
 * A JSON null and a tuple null are SQL NULL, for every type.
 */
final class PostgresText {
  static final JsonMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final BigInteger[] SMALLINT = {BigInteger.valueOf(Short.MIN_VALUE), BigInteger.valueOf(Short.MAX_VALUE)};
  private static final BigInteger[] INTEGER_RANGE = {BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)};
  private static final BigInteger[] BIGINT = {BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)};

  private PostgresText() {}

  /** The column text of {@code value}, or null for SQL NULL. */
  static String render(TargetType type, Object value) {
    if (value == null || value instanceof JsonNode node && (node.isNull() || node.isMissingNode())) {
      return null;
    }
    if (type.isJson()) {
      return json(value);
    }
    Object scalar = value instanceof JsonNode node ? unwrap(node) : value;
    return switch (type.family()) {
      case SMALLINT -> integer(scalar, SMALLINT);
      case INTEGER -> integer(scalar, INTEGER_RANGE);
      case BIGINT -> integer(scalar, BIGINT);
      case NUMERIC -> numeric(type, scalar);
      case REAL -> floating(scalar, true);
      case DOUBLE -> floating(scalar, false);
      case TEXT -> text(type, scalar);
      case BOOLEAN -> bool(scalar);
      case BYTEA -> bytea(scalar);
      case UUID -> uuid(scalar);
      case DATE -> PostgresTime.date(scalar);
      case TIMESTAMP -> PostgresTime.timestamp(scalar);
      case TIMESTAMPTZ -> PostgresTime.timestamptz(scalar);
      case ARRAY -> array(type, scalar);
      default -> other(scalar);
    };
  }

  /** A JSON scalar as the Java value a tuple would hold; containers stay nodes. */
  private static Object unwrap(JsonNode node) {
    if (node.isTextual()) {
      return node.textValue();
    } else if (node.isBoolean()) {
      return node.booleanValue();
    } else if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    } else if (node.isBigDecimal()) {
      return node.decimalValue();
    } else if (node.isNumber()) {
      return node.doubleValue();
    }
    return node;
  }

  private static String integer(Object value, BigInteger[] range) {
    BigInteger integer = integral(value);
    if (integer == null) {
      throw new ValueRejected("expected an integer, found " + describe(value));
    }
    if (integer.compareTo(range[0]) < 0 || integer.compareTo(range[1]) > 0) {
      throw new ValueRejected(integer + " is out of range " + range[0] + ".." + range[1]);
    }
    return integer.toString();
  }

  private static BigInteger integral(Object value) {
    if (value instanceof Long || value instanceof Integer) {
      return BigInteger.valueOf(((Number) value).longValue());
    } else if (value instanceof BigInteger big) {
      return big;
    } else if (value instanceof String text && INTEGER.matcher(text).matches()) {
      return new BigInteger(text);
    }
    BigDecimal decimal = decimal(value);
    if (decimal == null) {
      return null;
    }
    try {
      return decimal.toBigIntegerExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** A finite number as a decimal, or null. */
  private static BigDecimal decimal(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    } else if (value instanceof Long || value instanceof Integer) {
      return BigDecimal.valueOf(((Number) value).longValue());
    } else if (value instanceof BigInteger big) {
      return new BigDecimal(big);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? new BigDecimal(value.toString()) : null;
    }
    return null;
  }

  private static String numeric(TargetType type, Object value) {
    String special = special(value);
    if (special != null) {
      if (type.precision() != TargetType.UNSET && !special.equals("NaN")) {
        throw new ValueRejected(special + " does not fit " + type);
      }
      return special;
    }
    BigDecimal decimal = value instanceof String text ? parseDecimal(text) : decimal(value);
    if (decimal == null) {
      throw new ValueRejected("expected a number, found " + describe(value));
    }
    if (type.precision() != TargetType.UNSET) {
      BigDecimal rounded = decimal.setScale(type.scale(), RoundingMode.HALF_UP);
      if (rounded.precision() - rounded.scale() > type.precision() - type.scale()) {
        throw new ValueRejected(decimal.toPlainString() + " overflows " + type);
      }
    }
    return decimal.toPlainString();
  }

  /** NaN or ±Infinity, from a floating-point value or a string, in PostgreSQL's spelling. */
  private static String special(Object value) {
    double d;
    if (value instanceof Double || value instanceof Float) {
      d = ((Number) value).doubleValue();
    } else if (value instanceof String text) {
      switch (text.toLowerCase(Locale.ROOT)) {
        case "nan" -> d = Double.NaN;
        case "infinity", "+infinity", "inf", "+inf" -> d = Double.POSITIVE_INFINITY;
        case "-infinity", "-inf" -> d = Double.NEGATIVE_INFINITY;
        default -> {
          return null;
        }
      }
    } else {
      return null;
    }
    return Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : null;
  }

  private static BigDecimal parseDecimal(String text) {
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String floating(Object value, boolean single) {
    String special = special(value);
    if (special != null) {
      return special;
    }
    if (single && value instanceof Float f) {
      return Float.toString(f);
    }
    if (!single && value instanceof Double d) {
      return Double.toString(d);
    }
    BigDecimal decimal = value instanceof String text ? parseDecimal(text) : decimal(value);
    if (decimal == null) {
      throw new ValueRejected("expected a number, found " + describe(value));
    }
    double d = single ? decimal.floatValue() : decimal.doubleValue();
    if (Double.isInfinite(d)) {
      throw new ValueRejected(decimal.toPlainString() + " is out of range for " + (single ? "real" : "double precision"));
    }
    return single ? Float.toString((float) d) : Double.toString(d);
  }

  private static String text(TargetType type, Object value) {
    String text = withoutNul(asText(value));
    if (type.length() != TargetType.UNSET) {
      String significant = text.replaceAll(" +$", "");
      int length = significant.codePointCount(0, significant.length());
      if (length > type.length()) {
        throw new ValueRejected("a text of " + length + " characters is too long for " + type);
      }
    }
    return text;
  }

  private static String asText(Object value) {
    if (value instanceof String text) {
      return text;
    } else if (value instanceof Long || value instanceof Integer || value instanceof BigInteger
        || value instanceof Boolean || value instanceof UUID || value instanceof Double || value instanceof Float) {
      return value.toString();
    } else if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    } else if (value instanceof JsonNode node) {
      return compact(node);
    } else if (value instanceof byte[] bytes) {
      try {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        throw new ValueRejected("bytes (" + bytes.length + ") that are not UTF-8 cannot become text");
      }
    } else if (value instanceof Versionstamp stamp) {
      return HexFormat.of().formatHex(stamp.getBytes());
    }
    throw new ValueRejected(describe(value) + " cannot become text");
  }

  private static String bool(Object value) {
    if (value instanceof Boolean b) {
      return b ? "t" : "f";
    }
    if (value instanceof String text) {
      switch (text.toLowerCase(Locale.ROOT)) {
        case "true", "t" -> {
          return "t";
        }
        case "false", "f" -> {
          return "f";
        }
        default -> { }
      }
    }
    throw new ValueRejected("expected a boolean, found " + describe(value));
  }

  private static String bytea(Object value) {
    byte[] bytes;
    if (value instanceof byte[] raw) {
      bytes = raw;
    } else if (value instanceof Versionstamp stamp) {
      bytes = stamp.getBytes();
    } else if (value instanceof String text) {
      bytes = text.startsWith("\\x") ? hex(text) : base64(text);
    } else {
      throw new ValueRejected("expected bytes, found " + describe(value));
    }
    return "\\x" + HexFormat.of().formatHex(bytes);
  }

  private static byte[] hex(String text) {
    try {
      return HexFormat.of().parseHex(text, 2, text.length());
    } catch (IllegalArgumentException e) {
      throw new ValueRejected("the string starts with \\x but is not hex");
    }
  }

  private static byte[] base64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new ValueRejected("a string for bytea must be \\x hex or base64, found " + describe(text));
    }
  }

  private static String uuid(Object value) {
    if (value instanceof UUID uuid) {
      return uuid.toString();
    } else if (value instanceof String text && UUID_TEXT.matcher(text).matches()) {
      return text.toLowerCase(Locale.ROOT);
    } else if (value instanceof byte[] bytes && bytes.length == 16) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }
    throw new ValueRejected("expected a UUID, found " + describe(value));
  }

  private static String json(Object value) {
    if (value instanceof JsonNode node) {
      return compact(node);
    }
    if (value instanceof String text) {
      return compact(parseJson(text));
    }
    if (value instanceof byte[] bytes) {
      return compact(parseJson(asText(bytes)));
    }
    return compact(toJson(value));
  }

  private static JsonNode parseJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ValueRejected("a string for a json column must be JSON text: " + e.getOriginalMessage());
    }
  }

  /** A tuple element as a JSON node. */
  private static JsonNode toJson(Object value) {
    JsonNodeFactory nodes = JSON.getNodeFactory();
    if (value == null) {
      return nodes.nullNode();
    } else if (value instanceof Tuple || value instanceof List) {
      ArrayNode array = nodes.arrayNode();
      elements(value).forEach(item -> array.add(toJson(item)));
      return array;
    } else if (value instanceof JsonNode node) {
      return node;
    } else if (value instanceof Boolean b) {
      return nodes.booleanNode(b);
    } else if (value instanceof Long || value instanceof Integer) {
      return nodes.numberNode(((Number) value).longValue());
    } else if (value instanceof BigInteger big) {
      return nodes.numberNode(big);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new ValueRejected(d + " has no JSON form");
      }
      return nodes.numberNode(new BigDecimal(value.toString()));
    } else if (value instanceof String || value instanceof UUID) {
      return nodes.textNode(value.toString());
    }
    throw new ValueRejected(describe(value) + " has no JSON form");
  }

  static String compact(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new ValueRejected("the JSON value cannot be written: " + e.getOriginalMessage());
    }
  }

  private static String array(TargetType type, Object value) {
    if (value instanceof String literal) {
      return withoutNul(literal);
    }
    List<?> elements = elements(value);
    if (elements == null) {
      throw new ValueRejected("expected an array, found " + describe(value));
    }
    StringBuilder out = new StringBuilder().append('{');
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object element = elements.get(i);
      if (!type.element().isJson() && elements(element) != null) {
        out.append(array(type, element));
        continue;
      }
      String text = render(type.element(), element);
      if (text == null) {
        out.append("NULL");
      } else {
        quote(out, text);
      }
    }
    return out.append('}').toString();
  }

  /** The elements of a JSON array or a nested tuple, or null when the value is neither. */
  private static List<?> elements(Object value) {
    if (value instanceof ArrayNode array) {
      return java.util.stream.StreamSupport.stream(array.spliterator(), false).toList();
    } else if (value instanceof Tuple tuple) {
      return tuple.getItems();
    } else if (value instanceof List<?> nested) {
      return nested;
    }
    return null;
  }

  /** An array element, always quoted: correct for every element type, and NULL stays distinct. */
  private static void quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }

  private static String other(Object value) {
    if (value instanceof Tuple || value instanceof List || value instanceof byte[] || value instanceof Versionstamp) {
      throw new ValueRejected(describe(value) + " has no text form for this column type");
    }
    return withoutNul(asText(value));
  }

  private static String withoutNul(String text) {
    if (text.indexOf('\0') >= 0) {
      throw new ValueRejected("the text holds a NUL character, which PostgreSQL cannot store");
    }
    return text;
  }

  /** A short, type-first description of a value for error messages. */
  static String describe(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof JsonNode node) {
      return node.isObject() ? "a JSON object" : node.isArray() ? "a JSON array" : describe(unwrap(node));
    } else if (value instanceof String text) {
      String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
      return "the string \"" + shown + "\"";
    } else if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
      return "the integer " + value;
    } else if (value instanceof BigDecimal || value instanceof Double || value instanceof Float) {
      return "the number " + (value instanceof BigDecimal d ? d.toPlainString() : value);
    } else if (value instanceof Boolean) {
      return "the boolean " + value;
    } else if (value instanceof byte[] bytes) {
      return "bytes (" + bytes.length + ")";
    } else if (value instanceof UUID) {
      return "the UUID " + value;
    } else if (value instanceof Versionstamp) {
      return "a versionstamp";
    } else if (value instanceof Tuple || value instanceof List) {
      return "a nested tuple";
    }
    return "a " + value.getClass().getSimpleName();
  }
}
