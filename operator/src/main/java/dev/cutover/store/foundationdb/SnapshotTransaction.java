package dev.cutover.store.foundationdb;

import com.apple.foundationdb.ReadTransaction;

/**
 * One short read-only FoundationDB transaction: the snapshot view the scan reads through, and how
 * to release the transaction behind it. A scan opens many, one after another.
 */
public record SnapshotTransaction(ReadTransaction reads, Runnable release) implements AutoCloseable {

  /** Opens the transactions of a scan. */
  @FunctionalInterface
  public interface Opener {
    SnapshotTransaction open();
  }

  @Override
  public void close() {
    release.run();
  }
}
