package dev.cutover.store;

/**
 * How far a table's partition was backfilled: the last key copied (null: nothing yet) and the rows
 * read from the source so far; whether the copy of the range is done, and then how far its
 * catch-up against the current source got (the last key caught up, null: not started) and what
 * it changed; and whether the partition is done (see docs/backfill.md).
 */
public record BackfillCheckpoint(Key lastKey, long rowsCopied, boolean copied, Key catchUpKey,
    CatchUpCounts caughtUp, boolean finished) {
  public static final BackfillCheckpoint NONE = new BackfillCheckpoint(null, 0, false, null, CatchUpCounts.NONE, false);
}
