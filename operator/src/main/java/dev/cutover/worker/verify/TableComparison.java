package dev.cutover.worker.verify;

import dev.cutover.store.Key;
import dev.cutover.store.KeyRange;
import dev.cutover.store.Retry;
import dev.cutover.store.RowBatch;
import dev.cutover.store.RowSource;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Compares one table between two stores in memory that does not grow with the table.
 *
 * <p>First both sides are streamed at once, on two threads, into {@link BucketDigests}: rows are
 * bucketed by a hash of their canonical key, so the order each store returns rows in does not
 * matter. Buckets whose count and digest agree are equal. The others are drilled down in a second
 * pass over just those buckets: the target's rows there become a map from key to row hash, and the
 * source's rows are checked against it, which names every key missing on one side or different.
 * Buckets empty on one side need no map at all; the rest are drilled in groups that fit
 * {@link ComparisonSettings#drillBudget()}.
 */
final class TableComparison {
  private final TableShape table;
  private final RowSource source;
  private final RowSource target;
  private final ComparisonSettings settings;
  private final ExecutorService executor;
  private final Function<String, ScanProgress> progressFactory;
  private final Retry retry;
  private final Transfer transfer;

  /**
   * @param retry how often a scan that lost its store is resumed, as long as it makes progress
   * @param transfer counts what the scans move to the worker
   */
  TableComparison(TableShape table, RowSource source, RowSource target, ComparisonSettings settings,
      ExecutorService executor, Function<String, ScanProgress> progressFactory, Retry retry, Transfer transfer) {
    this.transfer = transfer;
    this.table = table;
    this.source = source;
    this.target = target;
    this.settings = settings;
    this.executor = executor;
    this.progressFactory = progressFactory;
    this.retry = retry;
  }

  /** Compares the table, handing each differing key to {@code sink}; returns the row counts compared. */
  RowCounts compare(DifferenceSink sink) throws StoreException {
    BucketDigests sourceDigests = new BucketDigests(settings.buckets());
    BucketDigests targetDigests = new BucketDigests(settings.buckets());
    scanBothSides(sourceDigests, targetDigests);
    for (BitSet group : drillGroups(sourceDigests, targetDigests)) {
      drill(group, sourceDigests, targetDigests, sink);
    }
    sink.tableDone();
    return new RowCounts(sourceDigests.rows(), targetDigests.rows());
  }

  /** Rows compared on each side (sampled rows in sample mode). */
  record RowCounts(long source, long target) {}

  private void scanBothSides(BucketDigests sourceDigests, BucketDigests targetDigests) throws StoreException {
    ScanStop stop = new ScanStop();
    Future<?> sourceScan = executor.submit(() -> {
      scan(source, "source", stop, encoder -> sourceDigests.add(
          settings.bucket(encoder.keyHashHigh()), encoder.rowHashLow(), encoder.rowHashHigh()));
      return null;
    });
    try {
      scan(target, "target", stop, encoder -> targetDigests.add(
          settings.bucket(encoder.keyHashHigh()), encoder.rowHashLow(), encoder.rowHashHigh()));
    } catch (StoreException | RuntimeException e) {
      stop.requested = true;
      OtherSide.awaitQuietly(sourceScan);
      throw e;
    }
    OtherSide.await(sourceScan, "comparing", () -> stop.requested = true);
  }

  /** Unequal buckets, grouped so that each group's two-sided buckets fit the drill budget. */
  private List<BitSet> drillGroups(BucketDigests sourceDigests, BucketDigests targetDigests) {
    List<BitSet> groups = new ArrayList<>();
    BitSet group = new BitSet(settings.buckets());
    long held = 0;
    for (int bucket = 0; bucket < settings.buckets(); bucket++) {
      if (sourceDigests.sameAs(targetDigests, bucket)) {
        continue;
      }
      long rows = sourceDigests.count(bucket) == 0 ? 0 : targetDigests.count(bucket);
      if (held > 0 && held + rows > settings.drillBudget()) {
        groups.add(group);
        group = new BitSet(settings.buckets());
        held = 0;
      }
      group.set(bucket);
      held += rows;
    }
    if (!group.isEmpty()) {
      groups.add(group);
    }
    return groups;
  }

  private void drill(BitSet group, BucketDigests sourceDigests, BucketDigests targetDigests, DifferenceSink sink)
      throws StoreException {
    Map<KeyBytes, TargetRow> targetRows = new HashMap<>();
    ScanStop stop = new ScanStop();
    scan(target, "target", stop, encoder -> {
      int bucket = settings.bucket(encoder.keyHashHigh());
      if (!group.get(bucket)) {
        return;
      }
      if (sourceDigests.count(bucket) == 0) {
        sink.accept(new Difference(table, DifferenceKind.MISSING_IN_SOURCE, encoder.key()));
      } else {
        targetRows.put(new KeyBytes(encoder.keyBytes(), encoder.keyHashLow()),
            new TargetRow(encoder.rowHashLow(), encoder.rowHashHigh(), encoder.key()));
      }
    });
    scan(source, "source", stop, encoder -> {
      int bucket = settings.bucket(encoder.keyHashHigh());
      if (!group.get(bucket)) {
        return;
      }
      TargetRow match = targetDigests.count(bucket) == 0
          ? null
          : targetRows.remove(new KeyBytes(encoder.keyBytes(), encoder.keyHashLow()));
      if (match == null) {
        sink.accept(new Difference(table, DifferenceKind.MISSING_IN_TARGET, encoder.key()));
      } else if (match.hashLow != encoder.rowHashLow() || match.hashHigh != encoder.rowHashHigh()) {
        sink.accept(new Difference(table, DifferenceKind.DIFFERENT, encoder.key()));
      }
    });
    for (TargetRow left : targetRows.values()) {
      sink.accept(new Difference(table, DifferenceKind.MISSING_IN_SOURCE, left.key));
    }
  }

  private record TargetRow(long hashLow, long hashHigh, Key key) {}

  /**
   * Streams every sampled row of one side through an encoder to {@code visitor}. A scan that loses
   * its store (UNAVAILABLE) resumes after the last key of the last batch it took, as the backfill
   * does, so every row is seen exactly once: up to {@code retry.attempts()} failures in a row, the
   * count starting over whenever a batch arrived in between. This loop owns the budget: the store
   * reconnects once per call, and a failure after the store's own retries (FoundationDB's) is not
   * resumed. What the visitor throws (a confirmation's own reads) is not resumed either.
   */
  private void scan(RowSource store, String side, ScanStop stop, RowVisitor visitor) throws StoreException {
    RowEncoder encoder = new RowEncoder(table);
    ScanProgress progress = progressFactory.apply(table.qualifiedName() + " " + side);
    long[] rows = {0};
    Key[] after = {null};
    int failuresWithoutProgress = 0;
    while (true) {
      boolean[] moved = {false};
      try {
        store.scan(table, KeyRange.ALL, after[0], settings.batchSize(), batch -> {
          if (stop.requested) {
            throw new ScanStopped();
          }
          visit(batch, side, encoder, visitor);
          after[0] = batch.lastKey();
          moved[0] = true;
          rows[0] += batch.rows();
          progress.read(rows[0]);
          transfer.streamed(batch.rows(), batch.length());
        });
        return;
      } catch (VisitorFailed e) {
        throw e.failure;
      } catch (ScanStopped e) {
        throw e;
      } catch (StoreException e) {
        failuresWithoutProgress = moved[0] ? 1 : failuresWithoutProgress + 1;
        if (e.kind() != StoreException.Kind.UNAVAILABLE || e.retriesSpent()
            || failuresWithoutProgress >= retry.attempts()) {
          throw e;
        }
        progress.resuming(after[0], e.getMessage(), failuresWithoutProgress, retry.delayAfter(failuresWithoutProgress));
        retry.pause(failuresWithoutProgress);
      }
    }
  }

  private void visit(RowBatch batch, String side, RowEncoder encoder, RowVisitor visitor) throws StoreException {
    byte[] text = batch.text();
    int at = 0;
    while (at < batch.length()) {
      try {
        at = encoder.encodeLine(text, at, batch.length());
      } catch (StoreException e) {
        throw new StoreException(e.kind(), side + " " + e.getMessage(), e);
      }
      if (settings.sampled(encoder.keyHashLow())) {
        try {
          visitor.row(encoder);
        } catch (StoreException e) {
          throw new VisitorFailed(e);
        }
      }
    }
  }

  /** Carries a failure of the visitor through the store's scan, so that it is not taken for the store's. */
  private static final class VisitorFailed extends StoreException {
    final StoreException failure;

    VisitorFailed(StoreException failure) {
      super(failure.kind(), failure.getMessage(), failure);
      this.failure = failure;
    }
  }

  @FunctionalInterface
  private interface RowVisitor {
    void row(RowEncoder encoder) throws StoreException;
  }

  /** Tells a scan on the other thread to stop because this one failed. */
  private static final class ScanStop {
    volatile boolean requested;
  }

  private static final class ScanStopped extends StoreException {
    ScanStopped() {
      super(Kind.UNAVAILABLE, "scan stopped because the other side failed");
    }
  }
}
