package dev.cutover.store.foundationdb;

import com.apple.foundationdb.tuple.Tuple;
import dev.cutover.store.StoreException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The tuple a table's keys start with, from the spec's {@code keyPrefix} strings. Each string is a
 * tuple string element, as written, with three exceptions so that prefixes written by other
 * layers can be named: {@code int:42} is the integer 42, {@code bytes:0a1f} the byte string
 * {@code \x0a\x1f} (a directory layer's prefix, for instance), and {@code str:} escapes a string
 * that itself starts with one of these tags ({@code str:int:42} is the string {@code int:42}). A
 * string that merely looks like a number stays a string: {@code "42"} is not {@code 42}.
 */
final class KeyPrefix {
  static final String INT = "int:";
  static final String BYTES = "bytes:";
  static final String STRING = "str:";

  private KeyPrefix() {}

  static Tuple parse(List<String> elements, String table) throws StoreException {
    if (elements == null || elements.isEmpty()) {
      throw StoreException.badInput("table " + table + ": foundationdb.keyPrefix is empty;"
          + " give the tuple elements every key of the table starts with");
    }
    List<Object> items = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      items.add(element(elements.get(i), table, i));
    }
    return Tuple.fromList(items);
  }

  private static Object element(String text, String table, int index) throws StoreException {
    try {
      if (text.startsWith(INT)) {
        return new BigInteger(text.substring(INT.length()));
      } else if (text.startsWith(BYTES)) {
        return HexFormat.of().parseHex(text.substring(BYTES.length()));
      } else if (text.startsWith(STRING)) {
        return text.substring(STRING.length());
      }
      return text;
    } catch (IllegalArgumentException e) {
      throw StoreException.badInput("table " + table + ": foundationdb.keyPrefix[" + index + "] '" + text
          + "' is not a valid " + (text.startsWith(INT) ? "integer after int:" : "even-length hex string after bytes:")
          + "; write the string as str:" + text + " if it is meant literally");
    }
  }
}
