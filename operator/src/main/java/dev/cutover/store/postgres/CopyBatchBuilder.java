package dev.cutover.store.postgres;

import dev.cutover.store.CopyText;
import dev.cutover.store.Key;
import dev.cutover.store.RowBatch;

/**
 * Gathers COPY text rows, as the server sends them (one row per message, newline included), into
 * one byte array per batch. Each batch gets its own array, so a consumer may keep a batch.
 */
final class CopyBatchBuilder {
  private static final int FIRST_CAPACITY = 1 << 16;

  private final int[] keyIndexes;
  private byte[] text;
  private int length;
  private int rows;
  private int lastRowStart;

  CopyBatchBuilder(int[] keyIndexes) {
    this.keyIndexes = keyIndexes;
    this.text = new byte[FIRST_CAPACITY];
  }

  void add(byte[] row) {
    if (row.length == 0 || row[row.length - 1] != '\n') {
      throw new IllegalStateException("a COPY row did not end with a newline");
    }
    if (length + row.length > text.length) {
      byte[] grown = new byte[Math.max(text.length * 2, length + row.length)];
      System.arraycopy(text, 0, grown, 0, length);
      text = grown;
    }
    System.arraycopy(row, 0, text, length, row.length);
    lastRowStart = length;
    length += row.length;
    rows++;
  }

  int rows() {
    return rows;
  }

  /** The batch so far; starts a new one sized like it, so the next batch rarely grows. */
  RowBatch take() {
    Key lastKey = Key.fromFields(CopyText.split(text, lastRowStart, length - 1), keyIndexes);
    RowBatch batch = new RowBatch(text, length, rows, lastKey);
    text = new byte[Math.max(FIRST_CAPACITY, length + (length >> 3))];
    length = 0;
    rows = 0;
    lastRowStart = 0;
    return batch;
  }
}
