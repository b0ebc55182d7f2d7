package dev.cutover.worker.verify;

import dev.cutover.store.Key;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.util.List;

/** Where a repair reads the rows it writes: the primary's current rows for given keys. */
@FunctionalInterface
interface PrimaryRows {
  /** The rows that exist for {@code keys} (fields in column order, null for SQL NULL); absent keys are left out. */
  List<String[]> read(TableShape table, List<Key> keys) throws StoreException;
}
