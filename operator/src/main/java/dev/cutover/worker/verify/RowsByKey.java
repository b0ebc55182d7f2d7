package dev.cutover.worker.verify;

import dev.cutover.store.Key;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.util.List;

/**
 * One side's current rows for given keys: what a repair copies from the primary, and what the
 * confirmation of differences re-reads on both sides.
 */
@FunctionalInterface
interface RowsByKey {
  /** The rows that exist for {@code keys} (fields in column order, null for SQL NULL); absent keys are left out. */
  List<String[]> read(TableShape table, List<Key> keys) throws StoreException;
}
