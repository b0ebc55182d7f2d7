package dev.cutover.worker.backfill;

import dev.cutover.store.CatchUpCounts;
import dev.cutover.store.TableShape;
import dev.cutover.worker.PartitionSlot;
import java.io.PrintStream;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Progress lines on stderr, at most one per interval per table plus one when the table ends: table,
 * rows, rows/s, and an ETA when the source could estimate the table's size.
 */
final class BackfillProgress {
  private final PrintStream err;
  private final PartitionSlot slot;
  private final long intervalNanos;
  private final LongSupplier nanoClock;

  private String table;
  private long startNanos;
  private long lastPrintNanos;
  private long rowsBefore;
  private long rowsThisRun;
  private OptionalLong expected = OptionalLong.empty();

  BackfillProgress(PrintStream err, PartitionSlot slot, Duration interval, LongSupplier nanoClock) {
    this.err = err;
    this.slot = slot;
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
  }

  /** A table starts; {@code alreadyCopied} rows came from earlier runs; {@code estimatedRows} is the whole table's. */
  void started(TableShape shape, long alreadyCopied, OptionalLong estimatedRows) {
    table = shape.qualifiedName();
    startNanos = nanoClock.getAsLong();
    lastPrintNanos = startNanos;
    rowsBefore = alreadyCopied;
    rowsThisRun = 0;
    expected = estimatedRows.isPresent() && estimatedRows.getAsLong() > 0
        ? OptionalLong.of(Math.max(1, estimatedRows.getAsLong() / slot.count()))
        : OptionalLong.empty();
    err.println("backfill " + table + prefix() + ": starting"
        + (alreadyCopied > 0 ? ", resuming after " + alreadyCopied + " rows copied earlier" : "")
        + (expected.isPresent() ? ", about " + expected.getAsLong() + " rows" : ""));
  }

  void copied(long rows) {
    rowsThisRun += rows;
    long now = nanoClock.getAsLong();
    if (now - lastPrintNanos >= intervalNanos) {
      lastPrintNanos = now;
      err.println(line(now) + eta(now));
    }
  }

  void finished() {
    err.println(line(nanoClock.getAsLong()) + ", done");
  }

  /**
   * The rows of {@code shape}'s partition committed so far, earlier runs included, if its copy
   * started; for the result of a run that fails part-way through the table.
   */
  OptionalLong rowsCommitted(TableShape shape) {
    return shape.qualifiedName().equals(table) ? OptionalLong.of(rowsBefore + rowsThisRun) : OptionalLong.empty();
  }

  void catchingUp(TableShape shape) {
    err.println("backfill " + shape.qualifiedName() + prefix() + ": catching up with the current source");
  }

  /** The catch-up is done: {@code total} over all runs, {@code thisRun} in this one. */
  void caughtUp(TableShape shape, CatchUpCounts total, CatchUpCounts thisRun) {
    err.println("backfill " + shape.qualifiedName() + prefix() + ": caught up: " + total.deleted() + " rows deleted, "
        + total.inserted() + " inserted, " + total.overwritten() + " overwritten with the source's current version"
        + (thisRun.equals(total) ? "" : " (" + thisRun.total() + " of them in this run)"));
  }

  void skipped(TableShape shape, long rows) {
    err.println("backfill " + shape.qualifiedName() + prefix() + ": already finished (" + rows
        + " rows copied earlier), skipped");
  }

  void retrying(TableShape shape, String problem, int attempt, Duration delay) {
    err.println("backfill " + shape.qualifiedName() + prefix() + ": " + problem + "; retry " + attempt
        + " in " + delay.toMillis() + " ms, resuming from the last checkpoint");
  }

  private String line(long now) {
    return "backfill " + table + prefix() + ": " + (rowsBefore + rowsThisRun) + " rows, " + rate(now) + " rows/s";
  }

  private String eta(long now) {
    long rate = rate(now);
    if (expected.isEmpty() || rate <= 0) {
      return "";
    }
    long remaining = Math.max(0, expected.getAsLong() - rowsBefore - rowsThisRun);
    return ", ETA " + format(Duration.ofSeconds(remaining / rate));
  }

  private long rate(long now) {
    double seconds = (now - startNanos) / 1e9;
    return seconds <= 0 ? 0 : Math.round(rowsThisRun / seconds);
  }

  private String prefix() {
    return slot.count() > 1 ? " [partition " + slot + "]" : "";
  }

  static String format(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return (seconds / 60) + "m" + (seconds % 60) + "s";
    }
    return (seconds / 3600) + "h" + ((seconds % 3600) / 60) + "m";
  }
}
