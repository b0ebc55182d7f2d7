package dev.cutover.store.foundationdb;

import com.apple.foundationdb.FDBException;
import com.apple.foundationdb.KeySelector;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.StreamingMode;
import dev.cutover.store.Key;
import dev.cutover.store.RowBatch;
import dev.cutover.store.RowSource.BatchSink;
import dev.cutover.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reads one key range of one table in key order, through a chain of short snapshot transactions.
 *
 * <p>Each read asks for the keys after the last key already read ({@code firstGreaterThan}), so a
 * read that fails is simply asked again, in a new transaction, from the same place: nothing is lost
 * and nothing is read twice. A transaction is replaced before it is {@code transactionMillis} old,
 * which keeps every read inside FoundationDB's 5-second limit even when the sink is slow; a
 * {@code transaction_too_old} that happens anyway is retried like any retryable error. The next
 * read is issued before the rows of the current one are decoded and handed to the sink, so the
 * cluster works while the target writes.
 */
final class RangeScan {
  private final FoundationDbTableLayout layout;
  private final SnapshotTransaction.Opener opener;
  private final ScanSettings settings;
  private final Ticker ticker;
  private final ReadRetries retries;
  private SnapshotTransaction transaction;
  private long firstReadAt;

  RangeScan(FoundationDbTableLayout layout, SnapshotTransaction.Opener opener, ScanSettings settings, Ticker ticker,
      ReadRetries retries) {
    this.layout = layout;
    this.opener = opener;
    this.settings = settings;
    this.ticker = ticker;
    this.retries = retries;
  }

  /** Streams the rows with begin <= key < end to {@code sink}, at most {@code batchSize} a batch. */
  void run(byte[] begin, byte[] end, int batchSize, BatchSink sink) throws StoreException {
    KeySelector from = KeySelector.firstGreaterOrEqual(begin);
    KeySelector to = KeySelector.firstGreaterOrEqual(end);
    Batch batch = new Batch(batchSize);
    try {
      CompletableFuture<List<KeyValue>> pending = read(from, to);
      while (true) {
        List<KeyValue> rows;
        try {
          rows = pending.join();
        } catch (CompletionException e) {
          if (!(e.getCause() instanceof FDBException error)) {
            throw e;
          }
          retries.failed(error, "reading table " + layout.table().qualifiedName() + " from key " + RawKey.describe(from.getKey()));
          closeTransaction();
          pending = read(from, to);
          continue;
        }
        retries.succeeded();
        boolean more = rows.size() >= settings.rowsPerRead();
        if (more) {
          from = KeySelector.firstGreaterThan(rows.get(rows.size() - 1).getKey());
          pending = read(from, to);
        }
        for (KeyValue row : rows) {
          batch.add(row);
          if (batch.rows == batchSize) {
            sink.accept(batch.take());
          }
        }
        if (!more) {
          break;
        }
      }
      if (batch.rows > 0) {
        sink.accept(batch.take());
      }
    } finally {
      closeTransaction();
    }
  }

  private CompletableFuture<List<KeyValue>> read(KeySelector from, KeySelector to) {
    try {
      if (transaction != null && ticker.nowMillis() - firstReadAt >= settings.transactionMillis()) {
        closeTransaction();
      }
      if (transaction == null) {
        transaction = opener.open();
        firstReadAt = ticker.nowMillis();
      }
      return transaction.reads().getRange(from, to, settings.rowsPerRead(), false, StreamingMode.WANT_ALL).asList();
    } catch (FDBException e) {
      closeTransaction();
      return CompletableFuture.failedFuture(e);
    }
  }

  private void closeTransaction() {
    if (transaction != null) {
      SnapshotTransaction closing = transaction;
      transaction = null;
      closing.close();
    }
  }

  /** The rows read since the last batch was handed over, as COPY text. */
  private final class Batch {
    private final StringBuilder text;
    private int rows;
    private Key lastKey;

    Batch(int batchSize) {
      text = new StringBuilder(Math.min(batchSize, 10_000) * 64);
    }

    void add(KeyValue row) throws StoreException {
      lastKey = layout.appendRow(row, text);
      rows++;
    }

    RowBatch take() {
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      RowBatch batch = new RowBatch(bytes, bytes.length, rows, lastKey);
      text.setLength(0);
      rows = 0;
      lastKey = null;
      return batch;
    }
  }
}
