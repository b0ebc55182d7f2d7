package dev.cutover.store;

/**
 * Up to batchSize consecutive rows, in key order, as PostgreSQL COPY text lines (each ended by
 * {@code \n}, fields in {@link TableShape#columns()} order) in {@code text[0, length)}, with the key of the
 * last row so that the batch can be checkpointed.
 */
public record RowBatch(byte[] text, int length, int rows, Key lastKey) {}
