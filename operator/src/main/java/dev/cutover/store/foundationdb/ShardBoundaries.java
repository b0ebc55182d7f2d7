package dev.cutover.store.foundationdb;

import java.util.List;

/**
 * Where the cluster's shards start inside a key range, for splitting a table into partitions. In
 * production {@link FoundationDbConnector} answers with {@code LocalityUtil.getBoundaryKeys}; tests
 * give fixed boundaries.
 */
@FunctionalInterface
public interface ShardBoundaries {
  /** Keys k with begin <= k < end at which a shard starts, in any order. */
  List<byte[]> within(byte[] begin, byte[] end);
}
