package dev.cutover.store;

import java.util.List;

/**
 * Where a backfill writes. Each batch is merged and its checkpoint advanced in one transaction, so
 * a crash at any moment leaves the checkpoint and the rows in agreement. After the copy of a
 * partition's range, its catch-up compares the range with the current source and rewrites the keys
 * that differ (see docs/backfill.md).
 */
public interface BackfillTarget extends AutoCloseable {

  /** The checkpoint of {@code id}, or {@link BackfillCheckpoint#NONE}. */
  BackfillCheckpoint checkpoint(CheckpointId id) throws StoreException;

  /**
   * The key ranges of {@code id.partitions()} partitions of the table: the stored plan when one
   * exists, else {@code planner}'s, stored first, so that every partition of every attempt splits
   * the table the same way (a plan computed anew on a live table could leave gaps between pods).
   */
  List<KeyRange> partitionPlan(CheckpointId id, Planner planner) throws StoreException;

  /**
   * Inserts the batch's rows that are not in the target yet (a row already there, such as one the
   * application dual-wrote, is kept) and moves the checkpoint to the batch's last key, atomically.
   *
   * @return the rows actually inserted
   * @throws ForeignKeyViolation when a row refers to one the target does not have
   */
  long write(TableShape table, RowBatch batch, CheckpointId id) throws StoreException;

  /** Marks the copy of the partition's range done: what follows is its catch-up. */
  void copied(CheckpointId id) throws StoreException;

  /**
   * The target's rows of {@code range} with a key after {@code after} (null: from the range's
   * start) and up to {@code through} inclusive (null: to the range's end), in the target's key
   * order, at most {@code limit}, as COPY text.
   */
  RowBatch rows(TableShape table, KeyRange range, Key after, Key through, int limit) throws StoreException;

  /** Whether the target orders key {@code a} after key {@code b}. */
  boolean isAfter(TableShape table, Key a, Key b) throws StoreException;

  /**
   * Makes the target's rows of {@code keys} the source's current ones, under the locking of
   * docs/backfill.md: the target's rows of the keys locked, the source's read through {@code source}
   * (locked where it can), {@code plan} told what to change, the change and the counts of {@code id}
   * committed, then the source's lock released.
   */
  CatchUpCounts catchUp(TableShape table, List<Key> keys, SourceRows source, CatchUpPlanner plan, CheckpointId id)
      throws StoreException;

  /** Moves the catch-up of {@code id} past {@code lastKey}. */
  void caughtUp(CheckpointId id, Key lastKey) throws StoreException;

  /**
   * Marks the partition done; a later run skips it. The mark is durable, with every batch of the
   * partition, before any other partition can read it: the partitions of the next table start on it.
   */
  void finish(CheckpointId id) throws StoreException;

  /**
   * The checkpoints of every partition of {@code id}'s table and partition count, by partition index;
   * partitions that committed nothing of the table yet are absent.
   */
  List<PartitionProgress> partitionCheckpoints(CheckpointId id) throws StoreException;

  @Override
  void close() throws StoreException;

  /** Computes a partition plan. */
  @FunctionalInterface
  interface Planner {
    List<KeyRange> plan() throws StoreException;
  }

  /** Decides what a catch-up writes, from the target's locked rows and the source's current ones. */
  @FunctionalInterface
  interface CatchUpPlanner {
    CatchUpChange plan(List<String[]> targetRows, List<String[]> sourceRows);
  }

  /**
   * Rows to insert or overwrite (the source's current version) and keys to delete, with the counts
   * they make.
   */
  record CatchUpChange(List<String[]> upserts, List<Key> deletes, CatchUpCounts counts) {}
}
