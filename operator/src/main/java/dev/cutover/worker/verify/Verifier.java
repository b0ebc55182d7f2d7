package dev.cutover.worker.verify;

import dev.cutover.api.TableVerification;
import dev.cutover.store.Retry;
import dev.cutover.store.RowSource;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Verifies tables one after another, and with a repair, rewrites each table's differing keys from
 * the primary and verifies that table again: the result is then the second comparison, with the
 * count of keys rewritten. Every comparison's differing keys are confirmed (re-read by key from
 * both sides, see {@link DifferenceConfirmation}) before they are counted or repaired, so writes
 * still being mirrored are not mistaken for mismatches.
 */
final class Verifier implements AutoCloseable {
  /** Keys a repair rewrites per transaction: few, since the primary's rows stay locked meanwhile. */
  static final int REPAIR_BATCH = 100;
  private static final long PROGRESS_INTERVAL_NANOS = 10_000_000_000L;

  private final ComparisonSettings settings;
  private final Confirmation confirmation;
  private final DigestComparison.Sides digests;
  private final PrintStream err;
  private final Retry retry;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "cutover-verify-source");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * @param digests when not null, PostgreSQL tables are compared by digests in the databases where they can be
   * @param retry how a scan that lost its store is resumed
   */
  Verifier(ComparisonSettings settings, Confirmation confirmation, DigestComparison.Sides digests, PrintStream err,
      Retry retry) {
    this.digests = digests;
    this.settings = settings;
    this.confirmation = confirmation;
    this.err = err;
    this.retry = retry;
  }

  /** How each table compared (after the repair, when one is given). */
  List<TableVerification> verify(List<TableShape> tables, RowSource source, RowSource target, Repair repair)
      throws StoreException {
    List<TableVerification> results = new ArrayList<>();
    for (TableShape table : tables) {
      Transfer transfer = new Transfer();
      Comparison comparison = comparison(table, source, target, transfer);
      long started = System.nanoTime();
      TableVerification result = compare(comparison, table, "differs", repair == null ? null : repair.sink());
      if (repair != null && result.mismatches > 0) {
        err.println("cutover verify: table " + displayName(table) + ": rewrote " + repair.sink().rewritten(table)
            + " keys from the " + repair.primaryName() + "; verifying again");
        result = compare(comparison, table, "still differs after repair", null);
        result.repaired = repair.sink().rewritten(table);
      }
      err.printf("cutover verify: table %s: %d source rows, %d target rows, %d missing in target,"
              + " %d missing in source, %d different (%d ms); moved %d bytes to the worker, %d rows row by row%n",
          displayName(table), result.sourceRows, result.targetRows, result.missingInTarget,
          result.missingInSource, result.different, (System.nanoTime() - started) / 1_000_000, transfer.bytes(),
          transfer.rowsStreamed());
      results.add(result);
    }
    return results;
  }

  /**
   * Digests in the databases when both sides are PostgreSQL and the table's types allow it; else
   * both sides streamed to the worker, saying why on stderr.
   */
  private Comparison comparison(TableShape table, RowSource source, RowSource target, Transfer transfer)
      throws StoreException {
    Function<String, ScanProgress> progress =
        label -> new ScanProgress(err, label, PROGRESS_INTERVAL_NANOS, System::nanoTime);
    TableComparison streaming = new TableComparison(table, source, target, settings, executor, progress, retry, transfer);
    if (digests == null) {
      return streaming::compare;
    }
    DigestComparison inDatabases = new DigestComparison(table, digests, settings, executor, progress, retry, transfer);
    String refusal = inDatabases.refusal();
    if (refusal == null) {
      return inDatabases::compare;
    }
    err.println("cutover verify: table " + displayName(table) + ": compared row by row in the worker, not by"
        + " digests in the databases: " + refusal);
    return streaming::compare;
  }

  /** One comparison of a table, whichever way it is done. */
  @FunctionalInterface
  private interface Comparison {
    TableComparison.RowCounts compare(DifferenceSink sink) throws StoreException;
  }

  private TableVerification compare(Comparison comparison, TableShape table, String phase, DifferenceSink next)
      throws StoreException {
    DifferenceTally tally = new DifferenceTally(displayName(table), phase, err, next);
    DifferenceConfirmation confirmed =
        new DifferenceConfirmation(confirmation.source(), confirmation.target(), confirmation.settings(), tally);
    TableComparison.RowCounts rows = comparison.compare(confirmed);
    if (confirmed.converged() > 0) {
      err.println("cutover verify: table " + displayName(table) + ": " + confirmed.converged()
          + " differing keys converged while being confirmed (writes in flight), not counted");
    }
    TableVerification result = new TableVerification();
    result.name = resultName(table);
    result.sourceRows = rows.source();
    result.targetRows = rows.target();
    result.missingInTarget = tally.count(DifferenceKind.MISSING_IN_TARGET);
    result.missingInSource = tally.count(DifferenceKind.MISSING_IN_SOURCE);
    result.different = tally.count(DifferenceKind.DIFFERENT);
    result.mismatches = tally.total();
    result.sampleKeys = tally.sampleKeys();
    return result;
  }

  /** The table's name in results: the spec's name, as the backfill reports it. */
  static String resultName(TableShape table) {
    return table.name();
  }

  private static String displayName(TableShape table) {
    return table.qualifiedName();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** Where differing keys are re-read to confirm them, and how. */
  record Confirmation(RowsByKey source, RowsByKey target, ConfirmationSettings settings) {}

  /** A repair: the sink that rewrites keys, and which side it reads them from. */
  record Repair(Repairer sink, String primaryName) {}
}
