package dev.cutover.worker.backfill;

import dev.cutover.store.RowBatch;
import dev.cutover.store.RowSource;
import dev.cutover.store.StoreException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a source scan on a reader thread and hands its batches, in order, to a writer on the
 * calling thread through a small bounded queue: the source streams the next batches while the
 * target merges this one, and memory stays at a few batches whatever the table's size.
 *
 * <p>A reader failure reaches the writer after every batch read before it, so checkpoints stay in
 * order; a writer failure stops the reader at its next batch.
 */
final class BatchPipe {
  /** Batches read ahead of the one being written. */
  static final int DEPTH = 2;

  /** The scan, given the sink it must feed. */
  @FunctionalInterface
  interface Scan {
    void run(RowSource.BatchSink sink) throws StoreException;
  }

  /** Writes one batch. */
  @FunctionalInterface
  interface Writer {
    void write(RowBatch batch) throws StoreException;
  }

  /** The reader's last word: done, or the failure that ended it. */
  private record End(Throwable failure) {}

  /** Thrown inside the reader when the writer has given up, to end the scan. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super("the writer stopped", null, false, false);
    }
  }

  private BatchPipe() {}

  static void run(Scan scan, Writer writer) throws StoreException {
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(DEPTH);
    AtomicBoolean stop = new AtomicBoolean();
    Thread reader = new Thread(() -> read(scan, queue, stop), "backfill-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      while (true) {
        Object item = take(queue);
        if (item instanceof End end) {
          rethrow(end.failure());
          return;
        }
        writer.write((RowBatch) item);
      }
    } finally {
      stop.set(true);
      queue.clear();
      join(reader);
    }
  }

  private static void read(Scan scan, BlockingQueue<Object> queue, AtomicBoolean stop) {
    Throwable failure = null;
    try {
      scan.run(batch -> put(queue, batch, stop));
    } catch (Stopped e) {
      return;
    } catch (Throwable e) {
      failure = e;
    }
    try {
      put(queue, new End(failure), stop);
    } catch (Stopped e) {
      // nobody is listening any more
    }
  }

  private static void put(BlockingQueue<Object> queue, Object item, AtomicBoolean stop) {
    try {
      while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
        if (stop.get()) {
          throw new Stopped();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stopped();
    }
  }

  private static Object take(BlockingQueue<Object> queue) throws StoreException {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StoreException.unavailable("interrupted while copying", e);
    }
  }

  private static void join(Thread reader) {
    boolean interrupted = false;
    while (reader.isAlive()) {
      try {
        reader.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void rethrow(Throwable failure) throws StoreException {
    if (failure == null) {
      return;
    }
    if (failure instanceof StoreException store) {
      throw store;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException(failure);
  }
}
