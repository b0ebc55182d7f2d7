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
 * primary's current rows for its keys (current, not as the comparison saw them, so a row the
 * application changed meanwhile is not overwritten with an older copy), then in one transaction
 * upserts the rows that exist and deletes the keys the primary no longer has. Whether a key was
 * missing on one side or different does not matter: afterwards the repaired side holds what the
 * primary holds.
 */
final class Repairer implements DifferenceSink {
  private final RowsByKey primary;
  private final RepairedRows repaired;
  private final int batchSize;
  private final List<Key> pending = new ArrayList<>();
  private final Map<TableShape, Long> rewritten = new HashMap<>();
  private TableShape table;

  Repairer(RowsByKey primary, RepairedRows repaired, int batchSize) {
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
    Map<KeyBytes, String[]> current = new HashMap<>();
    for (String[] row : primary.read(table, pending)) {
      encoder.encode(row);
      current.put(new KeyBytes(encoder.keyBytes(), encoder.keyHashLow()), row);
    }
    List<String[]> upserts = new ArrayList<>();
    List<Key> deletes = new ArrayList<>();
    Set<KeyBytes> seen = new HashSet<>();
    for (Key key : pending) {
      KeyBytes bytes = new KeyBytes(encoder.keyBytesOf(key), encoder.keyHashLow());
      if (!seen.add(bytes)) {
        continue;
      }
      String[] row = current.get(bytes);
      if (row != null) {
        upserts.add(row);
      } else {
        deletes.add(key);
      }
    }
    repaired.rewrite(table, upserts, deletes);
    rewritten.merge(table, (long) (upserts.size() + deletes.size()), Long::sum);
    pending.clear();
  }
}
