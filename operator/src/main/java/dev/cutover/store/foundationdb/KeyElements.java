package dev.cutover.store.foundationdb;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The way back from a key column's text to its tuple element, so that a scan can resume after a
 * checkpointed {@code Key}. Each supported key column type has one tuple element type: integers
 * (smallint, integer, bigint, and numeric with integral values) are tuple integers, real a tuple
 * float, double precision a tuple double, text types tuple strings, uuid a tuple UUID, bytea tuple
 * bytes, boolean a tuple boolean. A key whose element has another type (a text column whose key
 * holds the integer 42) would resume in the wrong place, so decoding refuses it.
 */
final class KeyElements {
  static final Set<TargetType.Family> SUPPORTED = EnumSet.of(
      TargetType.Family.SMALLINT, TargetType.Family.INTEGER, TargetType.Family.BIGINT,
      TargetType.Family.NUMERIC, TargetType.Family.REAL, TargetType.Family.DOUBLE,
      TargetType.Family.TEXT, TargetType.Family.UUID, TargetType.Family.BYTEA, TargetType.Family.BOOLEAN);

  private KeyElements() {}

  /** The tuple element whose column text is {@code text}. */
  static Object fromText(TargetType type, String text) {
    try {
      return switch (type.family()) {
        case SMALLINT, INTEGER, BIGINT -> Long.parseLong(text);
        case NUMERIC -> integer(new BigDecimal(text).toBigIntegerExact());
        case REAL -> Float.parseFloat(text);
        case DOUBLE -> Double.parseDouble(text);
        case TEXT -> text;
        case UUID -> UUID.fromString(text);
        case BYTEA -> bytes(text);
        case BOOLEAN -> bool(text);
        default -> throw new ValueRejected("a " + type + " column cannot be a FoundationDB key column");
      };
    } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
      throw new ValueRejected("the key text '" + text + "' is not a " + type + " key value");
    }
  }

  private static byte[] bytes(String text) {
    if (!text.startsWith("\\x")) {
      throw new IllegalArgumentException("not \\x hex");
    }
    return HexFormat.of().parseHex(text, 2, text.length());
  }

  private static boolean bool(String text) {
    return switch (text) {
      case "t", "true" -> true;
      case "f", "false" -> false;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }

  private static Object integer(BigInteger value) {
    return value.bitLength() < 64 ? (Object) value.longValue() : value;
  }

  /** Whether two elements pack to the same tuple bytes. */
  static boolean same(Object a, Object b) {
    if (isInteger(a) && isInteger(b)) {
      return toBigInteger(a).equals(toBigInteger(b));
    } else if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    } else if (a instanceof Float x && b instanceof Float y) {
      return Float.floatToRawIntBits(x) == Float.floatToRawIntBits(y);
    } else if (a instanceof Double x && b instanceof Double y) {
      return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
    }
    return Objects.equals(a, b);
  }

  private static boolean isInteger(Object value) {
    return value instanceof Long || value instanceof BigInteger;
  }

  private static BigInteger toBigInteger(Object value) {
    return value instanceof BigInteger big ? big : BigInteger.valueOf((Long) value);
  }
}
