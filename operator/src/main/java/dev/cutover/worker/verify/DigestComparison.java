package dev.cutover.worker.verify;

import dev.cutover.store.Column;
import dev.cutover.store.Retry;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import dev.cutover.store.postgres.PostgresBucketDigests;
import java.util.BitSet;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Compares a table between two PostgreSQL databases by digests computed inside each of them: one
 * SQL pass per side yields each key-hash bucket's row count and digest, both servers at once, and
 * only the buckets that disagree are read row by row, by {@link TableComparison} over just those
 * buckets' rows, which names the differing keys exactly as a full streaming comparison would. A
 * table that agrees moves a few kilobytes per side to the worker, whatever its size.
 *
 * <p>Sound because equal digests mean equal record text from the same output functions of the same
 * declared types (see {@code DigestSql}); a table where that cannot be pinned (a column type not
 * covered, or declared differently on the two sides, an older server, different server encodings)
 * is compared by streaming instead, and {@link #refusal()} says why. In sample mode the SQL keeps
 * the keys whose md5 falls under the rate on both servers, and the drilled buckets are read with
 * the same condition, so both sides compare the same keys.
 */
final class DigestComparison {
  /** The two PostgreSQL sides that digest. */
  record Sides(PostgresBucketDigests source, PostgresBucketDigests target) {}

  private final TableShape table;
  private final Sides sides;
  private final ComparisonSettings settings;
  private final ExecutorService executor;
  private final Function<String, ScanProgress> progressFactory;
  private final Retry retry;
  private final Transfer transfer;

  DigestComparison(TableShape table, Sides sides, ComparisonSettings settings, ExecutorService executor,
      Function<String, ScanProgress> progressFactory, Retry retry, Transfer transfer) {
    this.retry = retry;
    this.table = table;
    this.sides = sides;
    this.settings = settings;
    this.executor = executor;
    this.progressFactory = progressFactory;
    this.transfer = transfer;
  }

  /** Why this table cannot be digested in the databases and is streamed instead; null when it can. */
  String refusal() throws StoreException {
    PostgresBucketDigests.Server source = sides.source().server();
    PostgresBucketDigests.Server target = sides.target().server();
    if (source.refusal() != null) {
      return "the source's " + source.refusal();
    }
    if (target.refusal() != null) {
      return "the target's " + target.refusal();
    }
    if (!source.encoding().equals(target.encoding())) {
      return "the source's server encoding is " + source.encoding() + " and the target's " + target.encoding();
    }
    Map<String, String> sourceTypes = sides.source().columnTypes(table);
    for (Column column : table.columns()) {
      String sourceType = sourceTypes.get(column.name());
      if (!Objects.equals(sourceType, column.type())) {
        return "column " + column.name() + " is " + sourceType + " in the source and " + column.type()
            + " in the target";
      }
      if (!PostgresBucketDigests.digested(column.type())) {
        return "column " + column.name() + " has type " + column.type() + ", which is not digested in SQL";
      }
    }
    return null;
  }

  /** Compares the table, handing each differing key to {@code sink}; the counts are of (sampled) rows. */
  TableComparison.RowCounts compare(DifferenceSink sink) throws StoreException {
    double rate = settings.sampleRate();
    int buckets = settings.buckets();
    Future<PostgresBucketDigests.Sums> sourceDigest =
        executor.submit(() -> sides.source().digest(table, buckets, rate));
    PostgresBucketDigests.Sums target;
    try {
      target = sides.target().digest(table, buckets, rate);
    } catch (StoreException | RuntimeException e) {
      sourceDigest.cancel(false);
      OtherSide.awaitQuietly(sourceDigest);
      throw e;
    }
    PostgresBucketDigests.Sums source = OtherSide.await(sourceDigest, "digesting", () -> { });
    transfer.digests(source.bytesReceived() + target.bytesReceived());
    BitSet unequal = new BitSet(buckets);
    for (int bucket = 0; bucket < buckets; bucket++) {
      if (!source.sameAs(target, bucket)) {
        unequal.set(bucket);
      }
    }
    if (unequal.isEmpty()) {
      sink.tableDone();
    } else {
      // The SQL condition already sampled the rows; the worker keeps every one it is sent.
      new TableComparison(table, sides.source().rowsIn(buckets, unequal, rate),
          sides.target().rowsIn(buckets, unequal, rate), settings.withSampleRate(1), executor, progressFactory,
          retry, transfer).compare(sink);
    }
    return new TableComparison.RowCounts(source.rows(), target.rows());
  }
}
