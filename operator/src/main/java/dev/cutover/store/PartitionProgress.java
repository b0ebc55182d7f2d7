package dev.cutover.store;

import java.time.Instant;

/**
 * One partition's checkpoint of a table as the other partitions see it: how far it got, and when it
 * last committed ({@code updatedAt}, the target's clock). A partition that committed nothing of the
 * table yet has no entry.
 */
public record PartitionProgress(int partition, BackfillCheckpoint checkpoint, Instant updatedAt) {}
