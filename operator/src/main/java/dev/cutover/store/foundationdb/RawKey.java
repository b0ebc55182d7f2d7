package dev.cutover.store.foundationdb;

import com.apple.foundationdb.tuple.ByteArrayUtil;
import com.apple.foundationdb.tuple.Tuple;
import dev.cutover.store.Key;
import dev.cutover.store.StoreException;
import java.util.HexFormat;
import java.util.List;

/**
 * Raw FoundationDB keys where the store contracts speak of {@link Key}s, and in messages.
 *
 * <p>A partition bound is a shard boundary: any byte string, often in the middle of a row's key
 * space, so it has no column values. It travels as a {@code Key} with a single value, the marker
 * {@value #MARKER} followed by the key's lowercase hex ({@code fdb-key:1502...}); only
 * {@link FoundationDbRowSource} makes and reads these, and a range bound without the marker is
 * refused rather than guessed at.
 */
final class RawKey {
  static final String MARKER = "fdb-key:";
  private static final int SHOWN_HEX = 200;

  private RawKey() {}

  static Key toKey(byte[] key) {
    return new Key(List.of(MARKER + HexFormat.of().formatHex(key)));
  }

  static byte[] fromKey(Key key, String table) throws StoreException {
    List<String> values = key.values();
    if (values.size() != 1 || !values.get(0).startsWith(MARKER)) {
      throw StoreException.badInput("table " + table + ": range bound " + key
          + " is not a FoundationDB partition bound (" + MARKER + "<hex>); take ranges from partitions()");
    }
    try {
      return HexFormat.of().parseHex(values.get(0), MARKER.length(), values.get(0).length());
    } catch (IllegalArgumentException e) {
      throw StoreException.badInput("table " + table + ": range bound " + key + " does not hold hex after " + MARKER);
    }
  }

  /**
   * A key as an SRE looks it up: fdbcli's printable form, its hex, and its tuple form when it is
   * one, e.g. {@code \x02users\x00\x15\x05 (hex 027573657273001505, tuple ("users", 5))}.
   */
  static String describe(byte[] key) {
    String hex = HexFormat.of().formatHex(key);
    if (hex.length() > SHOWN_HEX) {
      hex = hex.substring(0, SHOWN_HEX) + "...";
    }
    String tuple;
    try {
      tuple = "tuple " + Tuple.fromBytes(key);
    } catch (RuntimeException e) {
      tuple = "not a tuple";
    }
    String printable = ByteArrayUtil.printable(key);
    if (printable.length() > SHOWN_HEX) {
      printable = printable.substring(0, SHOWN_HEX) + "...";
    }
    return printable + " (hex " + hex + ", " + tuple + ")";
  }
}
