package dev.cutover.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Consumer;

/**
 * Runs each contender from a source database into a fresh target database of the same server,
 * timed alone: the target is created and the server checkpointed before the clock starts, the
 * rows are counted after it stops.
 */
final class Contenders {
  /** A contender's work between the clock's start and stop. */
  @FunctionalInterface
  private interface Work {
    void run(String source, String target) throws Exception;
  }

  /** The rows a contender handled, counted once the clock has stopped. */
  @FunctionalInterface
  private interface Rows {
    long count(String source, String target) throws SQLException;
  }

  private final BenchServer server;
  private final HeapWatch heap;
  private final WorkerCommand worker;
  private static final Pattern MOVED = Pattern.compile("moved (\\d+) bytes to the worker");

  private final AtomicInteger targets = new AtomicInteger();
  private final Path dir;

  Contenders(BenchServer server, HeapWatch heap, WorkerCommand worker, Path dir) {
    this.dir = dir;
    this.server = server;
    this.heap = heap;
    this.worker = worker;
  }

  Measurement pipe(String name, String source, RawCopyPipe.Format format) {
    return timed(name, source, (from, to) -> {
      try (Connection in = server.connect(from); Connection out = server.connect(to)) {
        RawCopyPipe.copy(in, out, format);
      }
    }, this::targetRows);
  }

  /** {@code pgcopydb copy table-data --table-jobs 2}, or a skip saying how to install it. */
  Measurement pgcopydb(String name, String source) {
    Optional<PgCopyDb> pgcopydb = PgCopyDb.onPath();
    if (pgcopydb.isEmpty()) {
      return Measurement.skipped(name, PgCopyDb.INSTALL);
    }
    return timed(name, source, (from, to) -> pgcopydb.get().copyTableData(server.uri(from), server.uri(to),
        dir.resolve("pgcopydb-" + to)), this::targetRows);
  }

  Measurement rowByRow(String name, String source, long limit) {
    return timed(name, source, (from, to) -> {
      try (Connection in = server.connect(from);
          Connection out = DriverManager.getConnection(server.jdbcUrl(to) + "&stringtype=unspecified")) {
        RowByRowCopy.copy(in, out, limit);
      }
    }, this::targetRows);
  }

  Measurement backfill(String name, String source) {
    return timed(name, source, (from, to) -> command("backfill", from, to), this::targetRows);
  }

  /** {@code cutover backfill}, then {@code cutover verify} of the same pair of tables. */
  Measurement[] backfillThenVerify(String backfillName, String verifyName, String source) {
    Measurement[] both = new Measurement[2];
    withTarget(target -> {
      both[0] = measure(backfillName, source, target, (from, to) -> command("backfill", from, to), this::targetRows);
      if (!both[0].ok()) {
        both[1] = Measurement.failed(verifyName, "the backfill before it failed");
        return;
      }
      long[] moved = {-1};
      both[1] = measure(verifyName, source, target, (from, to) -> moved[0] = workerBytes(command("verify", from, to)),
          (from, to) -> count(from)).withWorkerBytes(moved[0]);
    });
    return both;
  }

  private Measurement timed(String name, String source, Work work, Rows rows) {
    Measurement[] result = new Measurement[1];
    withTarget(target -> result[0] = measure(name, source, target, work, rows));
    return result[0];
  }

  private void withTarget(Consumer<String> use) {
    String target = "bench_target_" + targets.incrementAndGet();
    try {
      server.createDatabase(target);
      use.accept(target);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the target database " + target + ": " + e.getMessage(), e);
    } finally {
      try {
        server.dropDatabase(target);
      } catch (SQLException e) {
        // the server goes away with the bench anyway
      }
    }
  }

  private Measurement measure(String name, String source, String target, Work work, Rows rows) {
    try {
      server.checkpoint();
      heap.reset();
      long start = System.nanoTime();
      work.run(source, target);
      long nanos = System.nanoTime() - start;
      HeapWatch.HeapUse used = heap.read();
      return new Measurement(name, rows.count(source, target), nanos, used, null);
    } catch (Exception e) {
      return Measurement.failed(name, e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private String command(String command, String source, String target) throws Exception {
    WorkerCommand.Outcome outcome = worker.run(command, server.jdbcUrl(source), server.jdbcUrl(target));
    if (outcome.exitCode() != 0) {
      throw new IllegalStateException("cutover " + command + " exited " + outcome.exitCode() + ":\n"
          + outcome.outputTail().strip());
    }
    return outcome.outputTail();
  }

  /** The bytes {@code cutover verify} says it moved to the worker, summed over its tables; -1 when it does not say. */
  static long workerBytes(String verifyOutput) {
    Matcher moved = MOVED.matcher(verifyOutput);
    long bytes = -1;
    while (moved.find()) {
      bytes = Math.max(bytes, 0) + Long.parseLong(moved.group(1));
    }
    return bytes;
  }

  private long targetRows(String source, String target) throws SQLException {
    return count(target);
  }

  long count(String database) throws SQLException {
    try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + BenchTable.QUALIFIED)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
