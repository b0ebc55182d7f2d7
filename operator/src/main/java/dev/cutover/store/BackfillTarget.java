package dev.cutover.store;

import java.util.List;

/**
 * Where a backfill writes. Each batch is merged and its checkpoint advanced in one transaction, so
 * a crash at any moment leaves the checkpoint and the rows in agreement.
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
   */
  long write(TableShape table, RowBatch batch, CheckpointId id) throws StoreException;

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
}
