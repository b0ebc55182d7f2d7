package dev.cutover.worker.verify;

import dev.cutover.store.Key;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.util.List;

/** The side a repair writes: rows to insert or overwrite and keys to delete, in one transaction. */
@FunctionalInterface
interface RepairedRows {
  void rewrite(TableShape table, List<String[]> rows, List<Key> deletes) throws StoreException;
}
