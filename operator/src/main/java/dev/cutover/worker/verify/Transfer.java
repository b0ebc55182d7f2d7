package dev.cutover.worker.verify;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one table's comparison moved from the databases to the worker: the rows streamed row by
 * row (all of them on the streaming path, only those of unequal buckets after digests in the
 * databases) with their COPY bytes, and the bytes of the digests themselves. Both scans add to it
 * at once, from two threads.
 */
final class Transfer {
  private final LongAdder rows = new LongAdder();
  private final LongAdder rowBytes = new LongAdder();
  private final LongAdder digestBytes = new LongAdder();

  void streamed(long batchRows, long batchBytes) {
    rows.add(batchRows);
    rowBytes.add(batchBytes);
  }

  void digests(long bytes) {
    digestBytes.add(bytes);
  }

  /** Rows read row by row, both sides together. */
  long rowsStreamed() {
    return rows.sum();
  }

  long bytes() {
    return rowBytes.sum() + digestBytes.sum();
  }

  long digestBytes() {
    return digestBytes.sum();
  }
}
