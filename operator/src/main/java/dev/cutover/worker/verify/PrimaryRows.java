package dev.cutover.worker.verify;

import dev.cutover.store.Key;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.util.List;

/**
 * Where a repair reads the rows it writes: the primary's current rows for given keys, handed to
 * the write of the other side while, where the primary can do it, they are locked against change.
 */
@FunctionalInterface
interface PrimaryRows {
  /**
   * Reads the rows that exist for {@code keys} (fields in column order, null for SQL NULL; absent
   * keys left out) and runs {@code write} with them; a primary that locks keeps the rows locked
   * until {@code write} has returned, that is until the other side has committed them.
   */
  void readWhileWriting(TableShape table, List<Key> keys, Write write) throws StoreException;

  /** Writes the rows read to the repaired side, committing before it returns. */
  @FunctionalInterface
  interface Write {
    void rows(List<String[]> rows) throws StoreException;
  }

  /**
   * A primary that cannot lock rows for the length of another store's transaction (FoundationDB):
   * read, then write. A newer write landing in between can be overwritten on the repaired side;
   * the comparison after the repair, with its confirmation, finds such a key again.
   */
  static PrimaryRows unlocked(RowsByKey rows) {
    return (table, keys, write) -> write.rows(rows.read(table, keys));
  }
}
