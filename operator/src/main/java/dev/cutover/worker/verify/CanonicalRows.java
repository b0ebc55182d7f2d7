package dev.cutover.worker.verify;

import dev.cutover.store.BackfillTarget.CatchUpChange;
import dev.cutover.store.CatchUpCounts;
import dev.cutover.store.Key;
import dev.cutover.store.RowBatch;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical encoding and row hashes of verification, offered to the backfill's catch-up
 * (docs/backfill.md): which keys of a key range differ between the source's rows and the target's,
 * and what to write so the target holds the source's current rows. Equal means canonically equal,
 * as a verification would judge it, whichever store the rows came from. One instance per thread.
 */
public final class CanonicalRows {
  private final RowEncoder encoder;

  public CanonicalRows(TableShape table) {
    this.encoder = new RowEncoder(table);
  }

  /**
   * The keys whose rows differ between {@code source} and {@code target}, two sets of COPY text
   * lines of the same key range: present on one side only, or different. Keys as the side that has
   * them spells them, the source's first. Target rows {@code inRange} (null: all) refuses are skipped.
   */
  public List<Key> differingKeys(RowBatch source, RowBatch target, KeyFilter inRange) throws StoreException {
    // Per target row: its hash and where its line starts; its key is decoded only if it is left over.
    Map<KeyBytes, long[]> targetRows = new HashMap<>();
    for (int at = 0; at < target.length(); ) {
      int start = at;
      at = encoder.encodeLine(target.text(), at, target.length());
      if (inRange != null && !inRange.test(encoder.key())) {
        continue;
      }
      targetRows.put(new KeyBytes(encoder.keyBytes(), encoder.keyHashLow()),
          new long[] {encoder.rowHashLow(), encoder.rowHashHigh(), start});
    }
    List<Key> differing = new ArrayList<>();
    for (int at = 0; at < source.length(); ) {
      at = encoder.encodeLine(source.text(), at, source.length());
      long[] hash = targetRows.remove(new KeyBytes(encoder.keyBytes(), encoder.keyHashLow()));
      if (hash == null || hash[0] != encoder.rowHashLow() || hash[1] != encoder.rowHashHigh()) {
        differing.add(encoder.key());
      }
    }
    List<long[]> leftOver = new ArrayList<>(targetRows.values());
    leftOver.sort((a, b) -> Long.compare(a[2], b[2]));
    for (long[] row : leftOver) {
      encoder.encodeLine(target.text(), (int) row[2], target.length());
      differing.add(encoder.key());
    }
    return differing;
  }

  /** Every key of a batch of COPY text lines that {@code inRange} (null: all) keeps, in the batch's order. */
  public List<Key> keys(RowBatch batch, KeyFilter inRange) throws StoreException {
    List<Key> keys = new ArrayList<>(batch.rows());
    for (int at = 0; at < batch.length(); ) {
      at = encoder.encodeLine(batch.text(), at, batch.length());
      Key key = encoder.key();
      if (inRange == null || inRange.test(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** Keeps the target rows of a range the target could not bound itself. */
  @FunctionalInterface
  public interface KeyFilter {
    boolean test(Key key) throws StoreException;
  }

  /**
   * What makes the target's rows of {@code keys} the source's: each source row the target lacks or
   * holds otherwise is upserted, each key of {@code keys} the target has and the source does not is
   * deleted; canonically equal rows are left alone.
   */
  public CatchUpChange change(List<Key> keys, List<String[]> targetRows, List<String[]> sourceRows) {
    Map<KeyBytes, long[]> target = new HashMap<>();
    for (String[] row : targetRows) {
      encoder.encode(row);
      target.put(new KeyBytes(encoder.keyBytes(), encoder.keyHashLow()),
          new long[] {encoder.rowHashLow(), encoder.rowHashHigh()});
    }
    Map<KeyBytes, Boolean> inSource = new HashMap<>();
    List<String[]> upserts = new ArrayList<>();
    long inserted = 0;
    long overwritten = 0;
    for (String[] row : sourceRows) {
      encoder.encode(row);
      KeyBytes key = new KeyBytes(encoder.keyBytes(), encoder.keyHashLow());
      inSource.put(key, true);
      long[] hash = target.get(key);
      if (hash == null) {
        upserts.add(row);
        inserted++;
      } else if (hash[0] != encoder.rowHashLow() || hash[1] != encoder.rowHashHigh()) {
        upserts.add(row);
        overwritten++;
      }
    }
    List<Key> deletes = new ArrayList<>();
    for (Key key : keys) {
      KeyBytes bytes = new KeyBytes(encoder.keyBytesOf(key), encoder.keyHashLow());
      if (target.containsKey(bytes) && !inSource.containsKey(bytes)) {
        deletes.add(key);
      }
    }
    return new CatchUpChange(upserts, deletes, new CatchUpCounts(deletes.size(), inserted, overwritten));
  }

  /** Whether the two rows (fields in column order) are canonically equal; null is a missing row. */
  public boolean same(String[] a, String[] b) {
    if (a == null || b == null) {
      return a == b;
    }
    encoder.encode(a);
    long low = encoder.rowHashLow();
    long high = encoder.rowHashHigh();
    encoder.encode(b);
    return low == encoder.rowHashLow() && high == encoder.rowHashHigh();
  }

  /** A map key for {@code key}: equal for equal key values however each store spells them. */
  public Object identity(Key key) {
    return new KeyBytes(encoder.keyBytesOf(key), encoder.keyHashLow());
  }

  /** {@link #identity(Key)} of a row's key. */
  public Object identity(String[] row) {
    encoder.encode(row);
    return new KeyBytes(encoder.keyBytes(), encoder.keyHashLow());
  }
}
