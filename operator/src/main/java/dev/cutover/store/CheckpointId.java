package dev.cutover.store;

/**
 * Which checkpoint: one per migration, table and partition. The partition count is part of it, so
 * a run with another parallelism starts a fresh plan instead of misreading an old one.
 */
public record CheckpointId(String migration, String schema, String table, int partition, int partitions) {
  public static CheckpointId of(String migration, TableShape table, int partition, int partitions) {
    return new CheckpointId(migration, table.schema(), table.name(), partition, partitions);
  }
}
