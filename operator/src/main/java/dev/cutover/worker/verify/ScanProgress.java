package dev.cutover.worker.verify;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Tells an SRE watching stderr that a long comparison is moving: at most one line per side every
 * interval, with the rows read and the rate. Each side calls from its own thread with its own
 * instance, so nothing here is shared.
 */
final class ScanProgress {
  private final PrintStream err;
  private final String label;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final long started;
  private long nextReport;

  ScanProgress(PrintStream err, String label, long intervalNanos, LongSupplier clock) {
    this.err = err;
    this.label = label;
    this.intervalNanos = intervalNanos;
    this.clock = clock;
    this.started = clock.getAsLong();
    this.nextReport = started + intervalNanos;
  }

  /** Says that the scan lost its store and resumes after {@code after} (null: from the start). */
  void resuming(dev.cutover.store.Key after, String problem, int failures, java.time.Duration delay) {
    err.printf(Locale.ROOT, "cutover verify: %s: %s; resuming %s in %d ms (failure %d in a row)%n", label,
        problem, after == null ? "from the start" : "after key " + after, delay.toMillis(), failures);
  }

  /** Called after each batch with the rows read so far. */
  void read(long rows) {
    long now = clock.getAsLong();
    if (now < nextReport) {
      return;
    }
    nextReport = now + intervalNanos;
    double seconds = (now - started) / 1e9;
    err.printf(Locale.ROOT, "cutover verify: %s: %,d rows read (%,.0f rows/s)%n", label, rows, rows / Math.max(seconds, 1e-9));
  }
}
