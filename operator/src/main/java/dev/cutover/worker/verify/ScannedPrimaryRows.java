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
 * Reads a primary that only offers {@link RowSource} (FoundationDB) by key: a scan that starts at
 * the key and stops after its first row, which is the key's row when the key exists. One short
 * range read per key, which suits the few keys a repair usually rewrites.
 */
final class ScannedPrimaryRows implements PrimaryRows {
  private final RowSource primary;

  ScannedPrimaryRows(RowSource primary) {
    this.primary = primary;
  }

  @Override
  public List<String[]> read(TableShape table, List<Key> keys) throws StoreException {
    RowEncoder encoder = new RowEncoder(table);
    List<String[]> rows = new ArrayList<>();
    for (Key key : keys) {
      byte[] wanted = encoder.keyBytesOf(key);
      String[] first = firstRowFrom(table, key, encoder);
      if (first != null) {
        encoder.encode(first);
        if (Arrays.equals(encoder.keyBytes(), wanted)) {
          rows.add(first);
        }
      }
    }
    return rows;
  }

  private String[] firstRowFrom(TableShape table, Key key, RowEncoder encoder) throws StoreException {
    String[][] first = new String[1][];
    try {
      primary.scan(table, new KeyRange(key, null), null, 1, (RowBatch batch) -> {
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
