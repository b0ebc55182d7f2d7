package dev.cutover.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code cutover bench}: Cutover's backfill and verify against a raw COPY pipe and row-by-row
 * inserts between the same two databases, in one run, so that the ratios hold on a busy machine
 * even when the absolute numbers do not.
 */
public final class Benchmark {
  /** What to measure. */
  public record Settings(long rows, long rowByRowRows, int repeat) {
    public static final long DEFAULT_ROWS = 1_000_000;
    public static final long DEFAULT_ROW_BY_ROW_ROWS = 50_000;
    public static final long MIN_ROWS = 100;
    /** Rows of the warm-up table every contender runs through once before the clock counts. */
    static final long WARM_UP_ROWS = 20_000;
    static final long WARM_UP_ROW_BY_ROW_ROWS = 2_000;

    long tenth() {
      return Math.max(1, rows / 10);
    }

    long rowByRowLimit() {
      return Math.min(rows, rowByRowRows);
    }
  }

  private static final String SOURCE = "bench_source";
  private static final String SOURCE_TENTH = "bench_source_tenth";
  private static final String WARM_UP = "bench_warm_up";

  private final Settings settings;
  private final WorkerLauncher launcher;
  private final PrintStream out;
  private final PrintStream progress;

  public Benchmark(Settings settings, WorkerLauncher launcher, PrintStream out, PrintStream progress) {
    this.settings = settings;
    this.launcher = launcher;
    this.out = out;
    this.progress = progress;
  }

  /** Measures and prints; returns false when a contender failed rather than measured. */
  public boolean run() throws IOException, SQLException {
    Path dir = Files.createTempDirectory("cutover-bench");
    progress.println("bench: starting embedded PostgreSQL");
    try (BenchServer server = BenchServer.start(); HeapWatch heap = new HeapWatch()) {
      Contenders contenders = new Contenders(server, heap, new WorkerCommand(launcher, dir), dir);
      create(server, SOURCE, settings.rows());
      create(server, SOURCE_TENTH, settings.tenth());
      create(server, WARM_UP, Math.min(settings.rows(), Settings.WARM_UP_ROWS));
      long tableBytes = describe(server);
      warmUp(contenders);
      return measure(contenders, tableBytes);
    } finally {
      deleteTree(dir);
    }
  }

  private void create(BenchServer server, String database, long rows) throws SQLException {
    long start = System.nanoTime();
    progress.printf(Locale.ROOT, "bench: filling %s with %,d rows%n", database, rows);
    server.createDatabase(database);
    try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
      statement.execute(BenchTable.fill(rows));
      // Every contender then reads frozen pages with hint bits set: none pays for the fill.
      statement.execute("VACUUM (FREEZE, ANALYZE) " + BenchTable.QUALIFIED);
    }
    progress.printf(Locale.ROOT, "bench: %s filled in %.1fs%n", database, (System.nanoTime() - start) / 1e9);
  }

  /** Prints what is measured and where; returns the bench table's size on disk (with its TOAST). */
  private long describe(BenchServer server) throws SQLException {
    long tableBytes;
    try (Connection connection = server.connect(SOURCE); Statement statement = connection.createStatement();
        ResultSet size = statement.executeQuery("SELECT pg_table_size('" + BenchTable.QUALIFIED.replace("'", "''")
            + "')")) {
      size.next();
      tableBytes = size.getLong(1);
    }
    Runtime runtime = Runtime.getRuntime();
    out.printf(Locale.ROOT, "cutover bench: %,d rows of %s (%d columns: %s), %s on disk%n", settings.rows(),
        BenchTable.QUALIFIED, BenchTable.COLUMNS.size(), BenchTable.TYPES, BenchReport.mib(tableBytes));
    out.printf(Locale.ROOT, "setup: one embedded PostgreSQL %s with PostgreSQL's default settings, the source and "
        + "every target databases of it; each contender into a fresh empty table%n", server.version());
    out.printf(Locale.ROOT, "machine: %d cores, load average %.1f, Java %s, max heap %s%n",
        runtime.availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("java.version"), BenchReport.mib(runtime.maxMemory()));
    out.printf(Locale.ROOT, "warm-up: every contender once on %,d rows; then %s%n",
        Math.min(settings.rows(), Settings.WARM_UP_ROWS),
        settings.repeat() == 1 ? "one measured run each" : "the median of " + settings.repeat() + " runs each");
    return tableBytes;
  }

  private void warmUp(Contenders contenders) {
    progress.println("bench: warming up");
    List<Measurement> runs = List.of(
        contenders.pipe("warm-up pipe", WARM_UP, RawCopyPipe.Format.BINARY),
        contenders.pgcopydb("warm-up pgcopydb", WARM_UP),
        contenders.rowByRow("warm-up row-by-row", WARM_UP, Settings.WARM_UP_ROW_BY_ROW_ROWS),
        contenders.backfillThenVerify("warm-up backfill", "warm-up verify", WARM_UP)[0]);
    for (Measurement run : runs) {
      if (run.failedToRun()) {
        progress.println("bench: " + run.contender() + " failed: " + run.failure());
      }
    }
  }

  private boolean measure(Contenders contenders, long tableBytes) {
    List<List<Measurement>> rounds = new ArrayList<>();
    for (int round = 1; round <= settings.repeat(); round++) {
      progress.printf(Locale.ROOT, "bench: round %d of %d%n", round, settings.repeat());
      List<Measurement> runs = new ArrayList<>();
      runs.add(announce(contenders.pipe("raw binary COPY pipe", SOURCE, RawCopyPipe.Format.BINARY)));
      runs.add(announce(contenders.pipe("raw text COPY pipe", SOURCE, RawCopyPipe.Format.TEXT)));
      runs.add(announce(contenders.rowByRow("row-by-row INSERT ON CONFLICT", SOURCE, settings.rowByRowLimit())));
      runs.add(announce(contenders.pgcopydb("pgcopydb --table-jobs 2", SOURCE)));
      runs.add(announce(contenders.backfill("cutover backfill, N/10 rows", SOURCE_TENTH)));
      for (Measurement run : contenders.backfillThenVerify("cutover backfill", "cutover verify", SOURCE)) {
        runs.add(announce(run));
      }
      rounds.add(runs);
    }
    List<Measurement> medians = new ArrayList<>();
    for (int i = 0; i < rounds.get(0).size(); i++) {
      int contender = i;
      medians.add(Measurement.median(rounds.stream().map(runs -> runs.get(contender)).toList()));
    }
    report(new Contended(medians.get(0), medians.get(1), medians.get(2), medians.get(3), medians.get(4),
        medians.get(5), medians.get(6)), tableBytes);
    return medians.stream().noneMatch(Measurement::failedToRun);
  }

  /** The medians of one run's contenders. */
  record Contended(Measurement binaryPipe, Measurement textPipe, Measurement rowByRow, Measurement pgcopydb,
      Measurement tenth, Measurement backfill, Measurement verify) {
    List<Measurement> all() {
      return List.of(binaryPipe, textPipe, rowByRow, pgcopydb, tenth, backfill, verify);
    }
  }

  private Measurement announce(Measurement run) {
    progress.printf(Locale.ROOT, "bench: %s: %s%n", run.contender(), run.ok()
        ? String.format(Locale.ROOT, "%,d rows in %.2fs", run.rows(), run.seconds())
        : run.skipped() ? "skipped: " + run.failure() : "FAILED");
    return run;
  }

  private void report(Contended run, long tableBytes) {
    BenchReport report = new BenchReport(out);
    report.header();
    for (Measurement each : run.all()) {
      report.line(each);
    }
    report.ratios(run.binaryPipe(), run.rowByRow(), run.pgcopydb(), run.backfill(), run.verify());
    report.verifyBytes(run.verify(), tableBytes);
    report.memory(run.tenth(), run.backfill());
    report.note(String.format(Locale.ROOT,
        "notes: all contenders ran one after another in this one run, on this machine; read the ratios, not the "
            + "times. The raw binary pipe is one COPY (SELECT ...) TO STDOUT (FORMAT binary) streamed into "
            + "COPY ... FROM STDIN (FORMAT binary), the physical limit; the text pipe is the same in text format "
            + "(what Cutover's backfill reads and writes), shown for reference. pgcopydb is pgcopydb copy table-data "
            + "--table-jobs 2 into the same empty table. Row-by-row is one INSERT ... ON CONFLICT DO NOTHING per row "
            + "in autocommit, measured on the first %,d rows by key%s. Verify compares all %,d rows of source and "
            + "target after the backfill (its rows/s counts source rows); moved to the worker is what it read "
            + "from both databases. Peak heap counts uncollected garbage, live after GC is what stayed reachable.",
        settings.rowByRowLimit(), perRow(run.rowByRow()), settings.rows()));
  }

  /** Row-by-row pays a round trip per row: over a network, each adds its latency to this. */
  private static String perRow(Measurement rowByRow) {
    if (!rowByRow.ok() || rowByRow.rows() == 0) {
      return "";
    }
    return String.format(Locale.ROOT, " (%.0f us per row over localhost: one round trip and one commit each; "
        + "a network adds its round-trip time to every row)", rowByRow.seconds() * 1e6 / rowByRow.rows());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
