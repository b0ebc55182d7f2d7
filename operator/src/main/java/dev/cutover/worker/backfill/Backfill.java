package dev.cutover.worker.backfill;

import dev.cutover.store.BackfillCheckpoint;
import dev.cutover.store.BackfillTarget;
import dev.cutover.store.CheckpointId;
import dev.cutover.store.KeyRange;
import dev.cutover.store.Retry;
import dev.cutover.store.RowCountEstimate;
import dev.cutover.store.RowSource;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.worker.PartitionSlot;
import java.util.List;
import java.util.OptionalLong;

/**
 * Copies tables, one partition of each, from a source to a target, resuming each from its
 * checkpoint; the source reads ahead while the target writes ({@link BatchPipe}). A store that fails transiently (UNAVAILABLE) is retried with backoff from the last
 * committed checkpoint, as long as attempts keep making progress; bad input stops at once.
 */
public final class Backfill {
  /** What copying one table did: all rows of this partition so far, and this run's time. */
  public record TableOutcome(TableShape table, long rows, long durationMs, boolean skipped) {}

  private final String migration;
  private final PartitionSlot slot;
  private final int batchSize;
  private final RowSource source;
  private final BackfillTarget target;
  private final Retry retry;
  private final BackfillProgress progress;

  Backfill(String migration, PartitionSlot slot, int batchSize, RowSource source, BackfillTarget target,
      Retry retry, BackfillProgress progress) {
    this.migration = migration;
    this.slot = slot;
    this.batchSize = batchSize;
    this.source = source;
    this.target = target;
    this.retry = retry;
    this.progress = progress;
  }

  /** Copies this partition of {@code table}, or skips it when an earlier run finished it. */
  public TableOutcome copy(TableShape table) throws StoreException {
    long start = System.nanoTime();
    CheckpointId id = CheckpointId.of(migration, table, slot.index(), slot.count());
    int failuresWithoutProgress = 0;
    while (true) {
      long[] batches = {0};
      try {
        BackfillCheckpoint checkpoint = target.checkpoint(id);
        if (checkpoint.finished()) {
          progress.skipped(table, checkpoint.rowsCopied());
          return new TableOutcome(table, checkpoint.rowsCopied(), millisSince(start), true);
        }
        List<KeyRange> plan = target.partitionPlan(id, () -> source.partitions(table, slot.count()));
        if (slot.index() < plan.size()) {
          progress.started(table, checkpoint.rowsCopied(), estimate(table));
          KeyRange range = plan.get(slot.index());
          BatchPipe.run(
              sink -> source.scan(table, range, checkpoint.lastKey(), batchSize, sink),
              batch -> {
                target.write(table, batch, id);
                batches[0]++;
                progress.copied(batch.rows());
              });
          progress.finished();
        }
        target.finish(id);
        return new TableOutcome(table, target.checkpoint(id).rowsCopied(), millisSince(start), false);
      } catch (StoreException e) {
        failuresWithoutProgress = batches[0] > 0 ? 1 : failuresWithoutProgress + 1;
        if (e.kind() != StoreException.Kind.UNAVAILABLE || failuresWithoutProgress >= retry.attempts()) {
          throw e;
        }
        progress.retrying(table, e.getMessage(), failuresWithoutProgress, retry.delayAfter(failuresWithoutProgress));
        retry.pause(failuresWithoutProgress);
      }
    }
  }

  private OptionalLong estimate(TableShape table) {
    if (source instanceof RowCountEstimate estimator) {
      try {
        return estimator.estimatedRows(table);
      } catch (StoreException e) {
        return OptionalLong.empty(); // only for the ETA
      }
    }
    return OptionalLong.empty();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
