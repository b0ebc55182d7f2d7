package dev.cutover.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.api.WorkerResult;
import dev.cutover.testing.TestPostgres;
import dev.cutover.testing.TestPostgres.Database;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A source and a target database, a manifest over them, and the worker commands run against them. */
final class TwoDatabases {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Database source = TestPostgres.createDatabase("cli_src");
  final Database target = TestPostgres.createDatabase("cli_tgt");
  private final Path dir;
  private String manifest;

  TwoDatabases(Path dir) {
    this.dir = dir;
  }

  void both(String... sql) {
    source.execute(sql);
    target.execute(sql);
  }

  /** The manifest over {@code tables} (YAML list items indented by two), with {@code extraSpec} lines. */
  TwoDatabases manifest(String extraSpec, String tables) {
    manifest = "apiVersion: cutover.dev/v1alpha1\nkind: Migration\nmetadata: {name: shop, namespace: default}\n"
        + "spec:\n  phase: shadow\n"
        + "  source: {kind: postgres, postgres: {dsn: {secretKeyRef: {name: src, key: dsn}}}}\n"
        + "  target: {kind: postgres, postgres: {dsn: {secretKeyRef: {name: tgt, key: dsn}}}}\n"
        + "  flags: {configMap: shop-flags}\n"
        + extraSpec
        + "  tables:\n" + tables;
    return this;
  }

  void setManifest(String text) {
    manifest = text;
  }

  String manifestText() {
    return manifest;
  }

  Map<String, String> env() {
    return new HashMap<>(Map.of(
        "CUTOVER_SOURCE_DSN", source.uri(), "CUTOVER_TARGET_DSN", target.uri(),
        "CUTOVER_STORE_ATTEMPTS", "3", "CUTOVER_STORE_RETRY_DELAY_MS", "10", "CUTOVER_VERIFY_CONFIRM_PAUSE_MS", "10"));
  }

  /** What one command did. */
  record Run(int exit, WorkerResult result, String err) {}

  Run run(String command, String... options) {
    return run(env(), command, options);
  }

  Run run(Map<String, String> env, String command, String... options) {
    try {
      Path file = Files.writeString(dir.resolve("migration-" + System.nanoTime() + ".yaml"), manifest);
      Path resultFile = dir.resolve("result-" + System.nanoTime() + ".json");
      List<String> args = new ArrayList<>(List.of(command, "-f", file.toString(), "--result-file", resultFile.toString()));
      args.addAll(List.of(options));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit = Main.run(args.toArray(String[]::new), env,
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
      WorkerResult result = Files.exists(resultFile) ? JSON.readValue(resultFile.toFile(), WorkerResult.class) : null;
      return new Run(exit, result, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of the first row of {@code sql}, as a long. */
  static long queryLong(Database db, String sql) {
    try (Connection connection = db.connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
