package dev.cutover.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The bench's output: one line per contender, then each docs/performance.md target as a ratio
 * between contenders of the same run with PASS or MISS, then the memory flatness check.
 */
final class BenchReport {
  static final double BACKFILL_VS_PIPE = 0.75;
  static final double BACKFILL_VS_PGCOPYDB = 1.25;
  static final double BACKFILL_VS_ROW_BY_ROW = 20;
  static final double VERIFY_VS_PIPE_TIME = 1;
  /** A table that agrees should cost the worker a sliver of its bytes: the digests, not the rows. */
  static final double VERIFY_BYTES_PERCENT = 1;
  /** Live heap may grow this much from N/10 to N rows and still count as flat (GC timing jitter). */
  static final double FLAT_FACTOR = 1.5;
  static final long FLAT_SLACK_BYTES = 32L << 20;

  private final PrintStream out;

  BenchReport(PrintStream out) {
    this.out = out;
  }

  void header() {
    out.printf(Locale.ROOT, "%-30s %11s %10s %12s %11s %13s%n", "contender", "rows", "time", "rows/s",
        "peak heap", "live after GC");
  }

  void line(Measurement m) {
    if (m.skipped()) {
      out.printf(Locale.ROOT, "%-30s skipped: %s%n", m.contender(), m.failure());
      return;
    }
    if (!m.ok()) {
      out.printf(Locale.ROOT, "%-30s FAILED: %s%n", m.contender(), m.failure().replace("\n", "\n    "));
      return;
    }
    HeapWatch.HeapUse heap = m.heap();
    out.printf(Locale.ROOT, "%-30s %,11d %9.2fs %,12.0f %11s %13s%n", m.contender(), m.rows(), m.seconds(),
        m.rowsPerSecond(), mib(heap.peakBytes()), heap.liveAfterGcBytes() < 0 ? "no GC" : mib(heap.liveAfterGcBytes()));
  }

  /** backfill rows/s against the binary pipe's, pgcopydb's and row-by-row's; verify time against the pipe's. */
  void ratios(Measurement pipe, Measurement rowByRow, Measurement pgcopydb, Measurement backfill, Measurement verify) {
    atLeast("backfill rows/s / binary pipe rows/s", pipe, backfill,
        () -> backfill.rowsPerSecond() / pipe.rowsPerSecond(), BACKFILL_VS_PIPE);
    if (pgcopydb.skipped()) {
      out.printf(Locale.ROOT, "%-40s %8s   target >= %-5s %s%n", "backfill rows/s / pgcopydb rows/s", "n/a",
          number(BACKFILL_VS_PGCOPYDB), "SKIPPED (" + pgcopydb.failure() + ")");
    } else {
      atLeast("backfill rows/s / pgcopydb rows/s", pgcopydb, backfill,
          () -> backfill.rowsPerSecond() / pgcopydb.rowsPerSecond(), BACKFILL_VS_PGCOPYDB);
    }
    atLeast("backfill rows/s / row-by-row rows/s", rowByRow, backfill,
        () -> backfill.rowsPerSecond() / rowByRow.rowsPerSecond(), BACKFILL_VS_ROW_BY_ROW);
    if (pipe.ok() && rowByRow.ok()) {
      // No copy beats the pipe, so this bounds the ratio above on this machine.
      out.printf(Locale.ROOT, "%-40s %8.2f   (the ceiling of the ratio above here)%n",
          "  binary pipe rows/s / row-by-row rows/s", pipe.rowsPerSecond() / rowByRow.rowsPerSecond());
    }
    if (!pipe.ok() || !verify.ok()) {
      out.printf(Locale.ROOT, "%-40s %8s   target <= %-5s %s%n", "verify time / binary pipe time", "n/a",
          number(VERIFY_VS_PIPE_TIME), "MISS (a contender failed)");
      return;
    }
    double ratio = verify.seconds() / pipe.seconds();
    out.printf(Locale.ROOT, "%-40s %8.2f   target <= %-5s %s%n", "verify time / binary pipe time", ratio,
        number(VERIFY_VS_PIPE_TIME), ratio <= VERIFY_VS_PIPE_TIME ? "PASS" : "MISS");
  }

  /** What verify read from both databases into the worker, against the table's size on disk. */
  void verifyBytes(Measurement verify, long tableBytes) {
    String label = "verify bytes to worker / table bytes";
    if (!verify.ok() || verify.workerBytes() < 0 || tableBytes <= 0) {
      out.printf(Locale.ROOT, "%-40s %8s   target < %s %%  %s%n", label, "n/a", number(VERIFY_BYTES_PERCENT),
          verify.ok() ? "MISS (verify did not say what it moved)" : "MISS (a contender failed)");
      return;
    }
    double percent = 100.0 * verify.workerBytes() / tableBytes;
    out.printf(Locale.ROOT, "%-40s %7.3f%%   target < %s %%   %s (%s of %s)%n", label, percent,
        number(VERIFY_BYTES_PERCENT), percent < VERIFY_BYTES_PERCENT ? "PASS" : "MISS", bytes(verify.workerBytes()),
        mib(tableBytes));
  }

  private static String bytes(long bytes) {
    return bytes < 1 << 20 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0) : mib(bytes);
  }

  /**
   * Live heap after GC of the backfill at N/10 rows and at N rows. A run without a collection counts
   * its peak heap instead, an upper bound of what it kept alive.
   */
  void memory(Measurement small, Measurement large) {
    String label = "backfill live heap, N/10 -> N rows";
    if (!small.ok() || !large.ok()) {
      out.printf(Locale.ROOT, "%-40s %8s   %s%n", label, "n/a", "MISS (a contender failed)");
      return;
    }
    long before = liveOrPeak(small.heap());
    long after = liveOrPeak(large.heap());
    boolean flat = after <= before * FLAT_FACTOR || after - before <= FLAT_SLACK_BYTES;
    out.printf(Locale.ROOT, "%-40s %s -> %s   flat: at most %sx or +%s   %s%n", label, mib(before), mib(after),
        number(FLAT_FACTOR), mib(FLAT_SLACK_BYTES), flat ? "PASS" : "MISS");
  }

  private static long liveOrPeak(HeapWatch.HeapUse heap) {
    return heap.liveAfterGcBytes() < 0 ? heap.peakBytes() : heap.liveAfterGcBytes();
  }

  void note(String text) {
    out.println(text);
  }

  private interface Ratio {
    double value();
  }

  private void atLeast(String label, Measurement base, Measurement measured, Ratio ratio, double target) {
    if (!base.ok() || !measured.ok()) {
      out.printf(Locale.ROOT, "%-40s %8s   target >= %-5s %s%n", label, "n/a", number(target),
          "MISS (a contender failed)");
      return;
    }
    double value = ratio.value();
    out.printf(Locale.ROOT, "%-40s %8.2f   target >= %-5s %s%n", label, value, number(target),
        value >= target ? "PASS" : "MISS");
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private static String number(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
