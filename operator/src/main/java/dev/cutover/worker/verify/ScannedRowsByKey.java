package dev.cutover.worker.verify;

import dev.cutover.store.Key;
import dev.cutover.store.KeyRange;
import dev.cutover.store.RowBatch;
import dev.cutover.store.RowSource;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a store that only offers {@link RowSource} (FoundationDB) by key: one scan of the range
 * that holds just that key, as the store names it. The key of what comes back is checked, so a
 * store whose range also holds neighbours still yields only the key's own row. One short range
 * read per key, which suits the few keys a repair or a confirmation usually reads.
 */
final class ScannedRowsByKey implements RowsByKey {
  /** How a store names the key range holding exactly one key. */
  @FunctionalInterface
  interface SingleKeyRanges {
    KeyRange rangeOf(TableShape table, Key key) throws StoreException;
  }

  private final RowSource store;
  private final SingleKeyRanges ranges;

  ScannedRowsByKey(RowSource store, SingleKeyRanges ranges) {
    this.store = store;
    this.ranges = ranges;
  }

  @Override
  public List<String[]> read(TableShape table, List<Key> keys) throws StoreException {
    RowEncoder encoder = new RowEncoder(table);
    List<String[]> rows = new ArrayList<>();
    for (Key key : keys) {
      byte[] wanted = encoder.keyBytesOf(key);
      String[] first = firstRow(table, ranges.rangeOf(table, key), encoder);
      if (first != null) {
        encoder.encode(first);
        if (Arrays.equals(encoder.keyBytes(), wanted)) {
          rows.add(first);
        }
      }
    }
    return rows;
  }

  private String[] firstRow(TableShape table, KeyRange range, RowEncoder encoder) throws StoreException {
    String[][] first = new String[1][];
    try {
      store.scan(table, range, null, 1, (RowBatch batch) -> {
        encoder.encodeLine(batch.text(), 0, batch.length());
        first[0] = encoder.fields();
        throw new FirstRowRead();
      });
    } catch (FirstRowRead expected) {
      // stopped on purpose after the first row
    }
    return first[0];
  }

  /** Stops a scan once its first row is in. */
  private static final class FirstRowRead extends StoreException {
    FirstRowRead() {
      super(Kind.UNAVAILABLE, "stopped after the first row");
    }
  }
}
