package dev.cutover.worker.verify;

import dev.cutover.store.Key;
import dev.cutover.store.SourceRows;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.store.foundationdb.FoundationDbRowSource;
import java.util.List;

/**
 * A FoundationDB source's current rows by key, for the backfill's catch-up: each key read by its
 * own range in new transactions. FoundationDB cannot hold a row for the length of another store's
 * transaction, so nothing is locked; the catch-up reads what it wrote again (docs/backfill.md).
 */
public final class FoundationDbSourceRows implements SourceRows {
  private final ScannedRowsByKey rows;
  private final FoundationDbRowSource store;

  public FoundationDbSourceRows(FoundationDbRowSource store) {
    this.store = store;
    this.rows = new ScannedRowsByKey(store, store::rangeOf);
  }

  @Override
  public List<String[]> read(TableShape table, List<Key> keys) throws StoreException {
    return rows.read(table, keys);
  }

  @Override
  public void readWhileWriting(TableShape table, List<Key> keys, LockedWrite write) throws StoreException {
    write.write(read(table, keys), more -> read(table, more));
  }

  @Override
  public boolean locks() {
    return false;
  }

  @Override
  public void close() throws StoreException {
    store.close();
  }
}
