package dev.cutover.store;

import java.util.List;

/**
 * The source's current rows of given keys (not the copy's snapshot), for the backfill's catch-up and
 * for retrying a batch that met a foreign-key violation (see docs/backfill.md).
 */
public interface SourceRows extends AutoCloseable {

  /** The rows that exist now for {@code keys}, fields in column order, null for SQL NULL; absent keys left out. */
  List<String[]> read(TableShape table, List<Key> keys) throws StoreException;

  /**
   * Reads the rows of {@code keys} and runs {@code write} with them; a source that {@link #locks()}
   * keeps them locked against change until {@code write} has returned, that is until the target has
   * committed. One try: a failure (a lock not granted in time among them) is the caller's to retry.
   */
  void readWhileWriting(TableShape table, List<Key> keys, LockedWrite write) throws StoreException;

  /**
   * Whether {@link #readWhileWriting} holds the rows locked. A source that does not (FoundationDB, a
   * PostgreSQL role without UPDATE) makes the catch-up read its keys again after writing them.
   */
  boolean locks();

  @Override
  void close() throws StoreException;

  /** The target's side of {@link #readWhileWriting}. */
  @FunctionalInterface
  interface LockedWrite {
    /** Writes and commits the target; {@code again} reads more keys inside the same locked read. */
    void write(List<String[]> rows, Reader again) throws StoreException;
  }

  /** Reads the current rows of more keys (locked too, where the source locks). */
  @FunctionalInterface
  interface Reader {
    List<String[]> read(List<Key> keys) throws StoreException;
  }
}
