package dev.cutover.worker.backfill;

import dev.cutover.api.CutoverConstants;
import dev.cutover.cli.Main;
import dev.cutover.store.Retry;
import dev.cutover.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/** A source and a target database, a manifest over them, and a way to run the CLI against them. */
final class MigrationFixture {
  final TestPostgres.Database source = TestPostgres.createDatabase("src");
  final TestPostgres.Database target = TestPostgres.createDatabase("dst");
  final Path dir;
  final Path manifest;
  final Path resultFile;

  MigrationFixture(Path dir) {
    this.dir = dir;
    this.manifest = dir.resolve("migration.yaml");
    this.resultFile = dir.resolve("result.json");
  }

  /** Both databases run the same DDL. */
  void both(String... sql) {
    source.execute(sql);
    target.execute(sql);
  }

  /** Writes a manifest whose spec.tables is {@code tablesYaml} (a YAML list, indented by two). */
  void manifest(int batchSize, String tablesYaml) {
    write(manifest, """
        apiVersion: cutover.dev/v1alpha1
        kind: Migration
        metadata:
          name: teaelephant
          namespace: default
        spec:
          phase: shadow
          source:
            kind: postgres
            postgres: {dsn: {secretKeyRef: {name: old-db, key: dsn}}}
          target:
            kind: postgres
            postgres: {dsn: {secretKeyRef: {name: new-db, key: dsn}}}
          flags: {configMap: flags}
          backfill: {batchSize: %d}
          tables:
        %s""".formatted(batchSize, tablesYaml));
  }

  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put(CutoverConstants.ENV_SOURCE_DSN, source.uri());
    env.put(CutoverConstants.ENV_TARGET_DSN, target.uri());
    env.put(Retry.ENV_ATTEMPTS, "3");
    env.put(Retry.ENV_FIRST_DELAY_MS, "10");
    return env;
  }

  Run backfill(String... extraArgs) {
    return run(env(), extraArgs);
  }

  Run run(Map<String, String> env, String... extraArgs) {
    String[] args = new String[4 + extraArgs.length];
    args[0] = "backfill";
    args[1] = "-f";
    args[2] = manifest.toString();
    args[3] = "--result-file=" + resultFile;
    System.arraycopy(extraArgs, 0, args, 4, extraArgs.length);
    return launch(args, env, resultFile);
  }

  private static Run launch(String[] args, Map<String, String> env, Path resultFile) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String result;
    try {
      result = Files.exists(resultFile) ? Files.readString(resultFile) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), result);
  }

  /**
   * Runs partition {@code index} of {@code count} as a pod of an Indexed Job would (JOB_COMPLETION_INDEX,
   * CUTOVER_PARTITIONS), with a result file of its own so that partitions can run at once.
   */
  Run partition(int index, int count, Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(env());
    env.putAll(extraEnv);
    env.put(CutoverConstants.ENV_JOB_COMPLETION_INDEX, String.valueOf(index));
    env.put(CutoverConstants.ENV_PARTITIONS, String.valueOf(count));
    Path result = dir.resolve("result-" + index + ".json");
    env.put(CutoverConstants.ENV_RESULT_FILE, result.toString());
    return launch(new String[] {"backfill", "-f", manifest.toString()}, env, result);
  }

  /** The table's rows as COPY text, in key order: equal dumps mean equal tables. */
  static String dump(TestPostgres.Database db, String qualifiedTable, String orderBy) {
    try (Connection connection = db.connect()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TimeZone = 'UTC'; SET extra_float_digits = 3");
      }
      StringWriter text = new StringWriter();
      connection.unwrap(PGConnection.class).getCopyAPI().copyOut(
          "COPY (SELECT * FROM " + qualifiedTable + " ORDER BY " + orderBy + ") TO STDOUT", text);
      return text.toString();
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Asserts that the target's table holds exactly the source's rows, saying how many rows only one
   * side has or differ, with a few of each, instead of printing two whole tables.
   */
  static void assertSameRows(TestPostgres.Database source, TestPostgres.Database target, String table, String orderBy) {
    java.util.Set<String> sourceRows = new java.util.LinkedHashSet<>(List.of(dump(source, table, orderBy).split("\n")));
    java.util.Set<String> targetRows = new java.util.LinkedHashSet<>(List.of(dump(target, table, orderBy).split("\n")));
    List<String> onlyInSource = sourceRows.stream().filter(row -> !targetRows.contains(row)).toList();
    List<String> onlyInTarget = targetRows.stream().filter(row -> !sourceRows.contains(row)).toList();
    org.assertj.core.api.Assertions.assertThat(onlyInSource.size() + onlyInTarget.size())
        .as("table %s: %d rows only in the source (first %s), %d only in the target (first %s)", table,
            onlyInSource.size(), onlyInSource.stream().limit(3).toList(),
            onlyInTarget.size(), onlyInTarget.stream().limit(3).toList())
        .isZero();
  }

  static long count(TestPostgres.Database db, String sql) {
    try (Connection connection = db.connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(TestPostgres.Database db, String sql) {
    try (Connection connection = db.connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What one CLI run did. */
  record Run(int exitCode, String out, String err, String result) {
    String all() {
      return out + err + result;
    }
  }
}
