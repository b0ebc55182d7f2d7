package dev.cutover.worker.backfill;

import dev.cutover.store.BackfillTarget;
import dev.cutover.store.CatchUpCounts;
import dev.cutover.store.CheckpointId;
import dev.cutover.store.Key;
import dev.cutover.store.KeyRange;
import dev.cutover.store.RowBatch;
import dev.cutover.store.RowSource;
import dev.cutover.store.SourceRows;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.worker.verify.CanonicalRows;
import java.util.List;

/**
 * The catch-up of one copied range against the current source (docs/backfill.md): the range is read
 * again from the source, in a new scan, and stretch by stretch (one batch of source keys) the
 * target's rows of the same stretch are read and compared with it by canonical row hash; every key
 * that differs (gone from the source, missing in the target, or different) is rewritten under lock
 * from the source's current row ({@link BackfillTarget#catchUp}). Past the source's last key, every
 * target row left in the range is one the source lacked when read, and is checked the same way. The
 * checkpoint moves after each stretch, so a killed run redoes at most one.
 *
 * <p>A FoundationDB source's ranges end at raw shard keys the target cannot compare with: there the
 * target's side is read from the whole table and narrowed to the range row by row, so the tail of
 * every partition but the last reads the target to the table's end.
 *
 * <p>Stretches are bounded by source keys but read from the target in its own key order; when the
 * two orders differ (another collation), a stretch whose bound the target orders before the last
 * one is left for the rows already read, so that every target row is still compared once. A key then
 * met on one side only is rewritten from the source, which is right whichever stretch found it.
 */
final class CatchUp {
  /** Keys rewritten per transaction: few, since both sides' rows stay locked meanwhile. */
  static final int REWRITE_BATCH = 100;
  /** Rewrites of the same keys, at most, for a source that cannot lock: until one changes nothing. */
  static final int UNLOCKED_ROUNDS = 3;
  private static final RowBatch NO_ROWS = new RowBatch(new byte[0], 0, 0, null);

  private final RowSource source;
  private final SourceRows current;
  private final BackfillTarget target;
  private final int batchSize;
  private final BackfillHooks hooks;

  CatchUp(RowSource source, SourceRows current, BackfillTarget target, int batchSize, BackfillHooks hooks) {
    this.source = source;
    this.current = current;
    this.target = target;
    this.batchSize = batchSize;
    this.hooks = hooks;
  }

  /** Catches up {@code range} after {@code after} (null: from its start); {@code stretches} counts progress. */
  CatchUpCounts run(TableShape table, KeyRange range, CheckpointId id, Key after, long[] stretches)
      throws StoreException {
    CanonicalRows rows = new CanonicalRows(table);
    KeyRange bounds = source.targetRange(table, range);
    CanonicalRows.KeyFilter inRange = bounds.equals(range) ? null : key -> source.contains(table, range, key);
    Key[] targetAfter = {after};
    CatchUpCounts[] counts = {CatchUpCounts.NONE};
    BatchPipe.run(sink -> source.scan(table, range, after, batchSize, sink), batch -> {
      Key through = batch.lastKey();
      RowBatch targetRows = NO_ROWS;
      if (targetAfter[0] == null || target.isAfter(table, through, targetAfter[0])) {
        targetRows = target.rows(table, bounds, targetAfter[0], through, Integer.MAX_VALUE);
        targetAfter[0] = through;
      }
      hooks.at(BackfillHooks.Moment.CATCH_UP_COMPARED, table);
      counts[0] = counts[0].plus(rewrite(table, rows, rows.differingKeys(batch, targetRows, inRange), id));
      target.caughtUp(id, through);
      stretches[0]++;
    });
    while (true) {
      RowBatch tail = target.rows(table, bounds, targetAfter[0], null, batchSize);
      if (tail.rows() == 0) {
        return counts[0];
      }
      counts[0] = counts[0].plus(rewrite(table, rows, rows.keys(tail, inRange), id));
      targetAfter[0] = tail.lastKey();
      target.caughtUp(id, tail.lastKey());
      stretches[0]++;
    }
  }

  private CatchUpCounts rewrite(TableShape table, CanonicalRows rows, List<Key> keys, CheckpointId id)
      throws StoreException {
    CatchUpCounts counts = CatchUpCounts.NONE;
    for (int from = 0; from < keys.size(); from += REWRITE_BATCH) {
      List<Key> chunk = keys.subList(from, Math.min(keys.size(), from + REWRITE_BATCH));
      BackfillTarget.CatchUpPlanner planner = (targetRows, sourceRows) -> rows.change(chunk, targetRows, sourceRows);
      CatchUpCounts changed = target.catchUp(table, chunk, current, planner, id);
      counts = counts.plus(changed);
      // Unlocked, a source write between the read and the target's commit may have had its mirror
      // miss the row being written: read both again until a pass finds nothing to change.
      for (int round = 1; !current.locks() && changed.total() > 0 && round < UNLOCKED_ROUNDS; round++) {
        changed = target.catchUp(table, chunk, current, planner, id);
        counts = counts.plus(changed);
      }
    }
    return counts;
  }
}
