package dev.cutover.store;

/**
 * How far a table's partition was copied: the last key committed (null: nothing yet), the rows
 * read from the source and merged so far, and whether the partition is done.
 */
public record BackfillCheckpoint(Key lastKey, long rowsCopied, boolean finished) {
  public static final BackfillCheckpoint NONE = new BackfillCheckpoint(null, 0, false);
}
