package dev.cutover.store;

import java.util.List;

/** A store rows are read from, in primary-key order, as COPY text. */
public interface RowSource extends AutoCloseable {

  /**
   * Streams the rows of {@code table} inside {@code range} whose key is after {@code after} (null:
   * from the start of the range), in the store's key order, to {@code sink}, at most {@code batchSize}
   * rows a batch. Returns when the range is exhausted.
   */
  void scan(TableShape table, KeyRange range, Key after, int batchSize, BatchSink sink) throws StoreException;

  /** Splits the table's key space into at most {@code partitions} contiguous ranges covering it all. */
  List<KeyRange> partitions(TableShape table, int partitions) throws StoreException;

  /**
   * {@code range} in terms the PostgreSQL target can compare its keys with: the range itself, or,
   * for a store whose ranges are not key values (FoundationDB's raw shard keys), the whole table,
   * then narrowed row by row with {@link #contains}.
   */
  default KeyRange targetRange(TableShape table, KeyRange range) {
    return range;
  }

  /** Whether {@code key} lies in {@code range} in this store's key order, for rows {@link #targetRange} let through. */
  default boolean contains(TableShape table, KeyRange range, Key key) throws StoreException {
    return true;
  }

  @Override
  void close() throws StoreException;

  /** Receives batches; may throw to stop the scan. */
  @FunctionalInterface
  interface BatchSink {
    void accept(RowBatch batch) throws StoreException;
  }
}
