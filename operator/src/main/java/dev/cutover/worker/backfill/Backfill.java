package dev.cutover.worker.backfill;

import dev.cutover.store.BackfillCheckpoint;
import dev.cutover.store.BackfillTarget;
import dev.cutover.store.CatchUpCounts;
import dev.cutover.store.CheckpointId;
import dev.cutover.store.CopyText;
import dev.cutover.store.ForeignKeyViolation;
import dev.cutover.store.Key;
import dev.cutover.store.KeyRange;
import dev.cutover.store.Retry;
import dev.cutover.store.RowCountEstimate;
import dev.cutover.store.RowBatch;
import dev.cutover.store.RowSource;
import dev.cutover.store.SourceRows;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.worker.PartitionSlot;
import dev.cutover.worker.verify.CanonicalRows;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Backfills tables, one partition of each, from a source to a target, resuming each from its
 * checkpoint: the partition's key range is copied from a snapshot of the source (the source reads
 * ahead while the target writes, {@link BatchPipe}), then caught up against the current source
 * ({@link CatchUp}), so that what the application changed after the snapshot and whose mirror found
 * no row yet is in the target too (docs/backfill.md). A store that fails transiently (UNAVAILABLE)
 * is retried with backoff from the last committed checkpoint, as long as attempts keep making
 * progress; bad input stops at once.
 */
public final class Backfill {
  /** What one table's partition came to: all its rows copied so far, the catch-up's changes, this run's time. */
  public record TableOutcome(TableShape table, long rows, CatchUpCounts caughtUp, long durationMs, boolean skipped) {}

  private final String migration;
  private final PartitionSlot slot;
  private final int batchSize;
  private final RowSource source;
  private final SourceRows current;
  private final BackfillTarget target;
  private final Retry retry;
  private final BackfillProgress progress;
  private final BackfillHooks hooks;

  Backfill(String migration, PartitionSlot slot, int batchSize, RowSource source, SourceRows current,
      BackfillTarget target, Retry retry, BackfillProgress progress) {
    this(migration, slot, batchSize, source, current, target, retry, progress, BackfillHooks.NONE);
  }

  Backfill(String migration, PartitionSlot slot, int batchSize, RowSource source, SourceRows current,
      BackfillTarget target, Retry retry, BackfillProgress progress, BackfillHooks hooks) {
    this.migration = migration;
    this.slot = slot;
    this.batchSize = batchSize;
    this.source = source;
    this.current = current;
    this.target = target;
    this.retry = retry;
    this.progress = progress;
    this.hooks = hooks;
  }

  /** Backfills this partition of {@code table}, or skips it when an earlier run finished it. */
  public TableOutcome copy(TableShape table) throws StoreException {
    long start = System.nanoTime();
    CheckpointId id = CheckpointId.of(migration, table, slot.index(), slot.count());
    int failuresWithoutProgress = 0;
    while (true) {
      long[] steps = {0};
      try {
        BackfillCheckpoint checkpoint = target.checkpoint(id);
        if (checkpoint.finished()) {
          progress.skipped(table, checkpoint.rowsCopied());
          return new TableOutcome(table, checkpoint.rowsCopied(), checkpoint.caughtUp(), millisSince(start), true);
        }
        List<KeyRange> plan = target.partitionPlan(id, () -> source.partitions(table, slot.count()));
        if (slot.index() < plan.size()) {
          KeyRange range = plan.get(slot.index());
          if (!checkpoint.copied()) {
            copyRange(table, range, id, checkpoint, steps);
          }
          hooks.at(BackfillHooks.Moment.COPIED, table);
          progress.catchingUp(table);
          CatchUpCounts counts = new CatchUp(source, current, target, batchSize, hooks)
              .run(table, range, id, checkpoint.copied() ? checkpoint.catchUpKey() : null, steps);
          progress.caughtUp(table, target.checkpoint(id).caughtUp(), counts);
        }
        target.finish(id);
        BackfillCheckpoint done = target.checkpoint(id);
        return new TableOutcome(table, done.rowsCopied(), done.caughtUp(), millisSince(start), false);
      } catch (StoreException e) {
        failuresWithoutProgress = steps[0] > 0 ? 1 : failuresWithoutProgress + 1;
        if (e.kind() != StoreException.Kind.UNAVAILABLE || failuresWithoutProgress >= retry.attempts()) {
          throw e;
        }
        progress.retrying(table, e.getMessage(), failuresWithoutProgress, retry.delayAfter(failuresWithoutProgress));
        retry.pause(failuresWithoutProgress);
      }
    }
  }

  /** Copies the range from one snapshot of the source, after the checkpoint, then marks it copied. */
  private void copyRange(TableShape table, KeyRange range, CheckpointId id, BackfillCheckpoint checkpoint,
      long[] batches) throws StoreException {
    progress.started(table, checkpoint.rowsCopied(), estimate(table));
    hooks.at(BackfillHooks.Moment.COPY_STARTING, table);
    CanonicalRows rows = new CanonicalRows(table);
    BatchPipe.run(
        sink -> source.scan(table, range, checkpoint.lastKey(), batchSize, sink),
        batch -> {
          write(table, batch, id, rows);
          batches[0]++;
          progress.copied(batch.rows());
          hooks.at(BackfillHooks.Moment.BATCH_COPIED, table);
        });
    progress.finished();
    target.copied(id);
  }

  /**
   * Writes one batch. A batch from the snapshot can hold a row whose parent was deleted on both
   * sides since: on a foreign-key violation the batch's rows are read again from the current source,
   * the rows it no longer has dropped, and the batch written again; a violation that survives that is
   * bad input.
   */
  private void write(TableShape table, RowBatch batch, CheckpointId id, CanonicalRows rows) throws StoreException {
    try {
      target.write(table, batch, id);
    } catch (ForeignKeyViolation snapshot) {
      RowBatch now = currentRows(table, batch, rows);
      try {
        target.write(table, now, id);
      } catch (ForeignKeyViolation lasting) {
        throw StoreException.badInput(lasting.getMessage() + "; the source still has the row now: copy the table it"
            + " refers to first (spec.tables is the copy order), or give the target the constraint's rows");
      }
    }
  }

  /** The batch's rows as the source has them now, in the batch's key order, ending at the same key. */
  private RowBatch currentRows(TableShape table, RowBatch batch, CanonicalRows rows) throws StoreException {
    List<Key> keys = rows.keys(batch, null);
    Map<Object, String[]> byKey = new HashMap<>();
    for (String[] row : current.read(table, keys)) {
      byKey.put(rows.identity(row), row);
    }
    StringBuilder text = new StringBuilder();
    int count = 0;
    for (Key key : keys) {
      String[] row = byKey.get(rows.identity(key));
      if (row != null) {
        text.append(CopyText.line(Arrays.asList(row))).append('\n');
        count++;
      }
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    return new RowBatch(bytes, bytes.length, count, batch.lastKey());
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
