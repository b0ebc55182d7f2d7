package dev.cutover.worker.verify;

import dev.cutover.store.Key;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites differing keys on the repaired side from the primary, in batches: each batch reads the
 * primary's current rows for its keys (current, not as the comparison saw them), then in one
 * transaction upserts the rows that exist and deletes the keys the primary no longer has. Whether
 * a key was missing on one side or different does not matter: afterwards the repaired side holds
 * what the primary holds.
 *
 * <p>While the application keeps writing, the primary's rows of a batch stay locked from the read
 * until the repaired side has committed (where the primary can lock, see {@link PrimaryRows}), so
 * an application write to one of them waits, and its mirror lands after the repair's copy instead
 * of being overwritten by it. Batches are small to keep those locks short.
 */
final class Repairer implements DifferenceSink {
  private final PrimaryRows primary;
  private final RepairedRows repaired;
  private final int batchSize;
  private final List<Key> pending = new ArrayList<>();
  private final Map<TableShape, Long> rewritten = new HashMap<>();
  private TableShape table;

  Repairer(PrimaryRows primary, RepairedRows repaired, int batchSize) {
    this.primary = primary;
    this.repaired = repaired;
    this.batchSize = batchSize;
  }

  @Override
  public void accept(Difference difference) throws StoreException {
    if (table != null && !table.equals(difference.table())) {
      flush();
    }
    table = difference.table();
    pending.add(difference.key());
    if (pending.size() >= batchSize) {
      flush();
    }
  }

  @Override
  public void tableDone() throws StoreException {
    flush();
  }

  /** Keys rewritten in {@code shape} so far (rows upserted plus keys deleted). */
  long rewritten(TableShape shape) {
    return rewritten.getOrDefault(shape, 0L);
  }

  private void flush() throws StoreException {
    if (pending.isEmpty()) {
      return;
    }
    RowEncoder encoder = new RowEncoder(table);
    List<Key> keys = distinct(encoder);
    long[] written = {0};
    primary.readWhileWriting(table, keys, rows -> {
      Map<KeyBytes, String[]> current = new HashMap<>();
      for (String[] row : rows) {
        encoder.encode(row);
        current.put(new KeyBytes(encoder.keyBytes(), encoder.keyHashLow()), row);
      }
      List<String[]> upserts = new ArrayList<>();
      List<Key> deletes = new ArrayList<>();
      for (Key key : keys) {
        String[] row = current.get(new KeyBytes(encoder.keyBytesOf(key), encoder.keyHashLow()));
        if (row != null) {
          upserts.add(row);
        } else {
          deletes.add(key);
        }
      }
      repaired.rewrite(table, upserts, deletes);
      written[0] = upserts.size() + deletes.size();
    });
    rewritten.merge(table, written[0], Long::sum);
    pending.clear();
  }

  /** The pending keys, each once however it was spelled. */
  private List<Key> distinct(RowEncoder encoder) {
    Set<KeyBytes> seen = new HashSet<>();
    List<Key> keys = new ArrayList<>();
    for (Key key : pending) {
      if (seen.add(new KeyBytes(encoder.keyBytesOf(key), encoder.keyHashLow()))) {
        keys.add(key);
      }
    }
    return keys;
  }
}
