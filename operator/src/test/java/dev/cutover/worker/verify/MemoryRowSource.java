package dev.cutover.worker.verify;

import dev.cutover.store.CopyText;
import dev.cutover.store.Key;
import dev.cutover.store.KeyRange;
import dev.cutover.store.RowBatch;
import dev.cutover.store.RowSource;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A store of one table's rows in memory, returned in the order they were added, in COPY text batches. */
final class MemoryRowSource implements RowSource {
  final List<String[]> rows = new ArrayList<>();
  StoreException failAfterRows;
  /** Fails the next scan once, as a lost connection, after this many rows (0: never). */
  int failOnceAfterRows;
  int scans;

  MemoryRowSource add(String... fields) {
    rows.add(fields);
    return this;
  }

  @Override
  public void scan(TableShape table, KeyRange range, Key after, int batchSize, BatchSink sink) throws StoreException {
    scans++;
    StringBuilder text = new StringBuilder();
    int inBatch = 0;
    int sent = 0;
    // Rows are kept in key order; a resumed scan starts after the row of key `after`.
    boolean started = after == null;
    for (String[] row : rows) {
      if (!started) {
        started = Key.fromFields(row, table.keyIndexes()).equals(after);
        continue;
      }
      if (failAfterRows != null && sent == 3) {
        throw failAfterRows;
      }
      if (failOnceAfterRows > 0 && sent == failOnceAfterRows) {
        failOnceAfterRows = 0;
        throw StoreException.unavailable("connection reset", null);
      }
      sent++;
      text.append(CopyText.line(Arrays.asList(row))).append('\n');
      if (++inBatch == batchSize) {
        send(text, inBatch, row, table, sink);
        text.setLength(0);
        inBatch = 0;
      }
    }
    if (inBatch > 0) {
      send(text, inBatch, rows.get(rows.size() - 1), table, sink);
    }
  }

  private static void send(StringBuilder text, int rows, String[] last, TableShape table, BatchSink sink)
      throws StoreException {
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    sink.accept(new RowBatch(bytes, bytes.length, rows, Key.fromFields(last, table.keyIndexes())));
  }

  @Override
  public List<KeyRange> partitions(TableShape table, int partitions) {
    return List.of(KeyRange.ALL);
  }

  @Override
  public void close() {}
}
