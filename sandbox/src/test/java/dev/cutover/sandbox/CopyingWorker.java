package dev.cutover.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.api.CutoverConstants;
import dev.cutover.api.Migration;
import dev.cutover.api.TableSpec;
import dev.cutover.api.WorkerResult;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stand-in for the real worker commands, for testing the sandbox on its own, correct in the
 * simplest way: the backfill copies each table, parents first, with ON CONFLICT DO NOTHING while it
 * holds a SHARE lock on the source table (the application's writes to it wait, so no row deleted or
 * updated meanwhile can come back stale); the verify compares every row as text and, with --repair,
 * rewrites what differs from the source; sequences moves the sequences of the {@code --to} side past
 * every id used.
 */
final class CopyingWorker implements LocalJobRunner.WorkerLauncher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long COPY_PAUSE_MILLIS = 100;

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      Migration migration = Serialization.unmarshal(Files.readString(Path.of(args[2])), Migration.class);
      boolean repair = List.of(args).contains("--repair");
      WorkerResult result = new WorkerResult();
      result.command = args[0];
      try (Connection source = DriverManager.getConnection(env.get(CutoverConstants.ENV_SOURCE_DSN));
          Connection target = DriverManager.getConnection(env.get(CutoverConstants.ENV_TARGET_DSN))) {
        for (TableSpec spec : migration.getSpec().tables) {
          TableDefinition table = TeaElephantSchema.table(spec.name);
          switch (args[0]) {
            case "backfill" -> {
              result.tables.add(copy(table, source, target));
              // A real backfill takes long enough for the application to update and delete meanwhile.
              sleep(COPY_PAUSE_MILLIS);
            }
            case "verify" -> result.tables.add(compare(table, source, target, repair));
            case "sequences" -> moveSequence(table, args, source, target);
            default -> throw new IllegalArgumentException("the copying worker has no command " + args[0]);
          }
        }
      }
      result.ok = result.tables.stream().allMatch(t -> t.different == null
          || t.different + t.missingInSource + t.missingInTarget == 0);
      result.exitCode = result.ok ? 0 : 1;
      Files.writeString(Path.of(env.get(CutoverConstants.ENV_RESULT_FILE)), JSON.writeValueAsString(result));
      return result.exitCode;
    } catch (Exception e) {
      e.printStackTrace(err);
      return 3;
    }
  }

  private static WorkerResult.Table copy(TableDefinition table, Connection source, Connection target) throws SQLException {
    long copied = 0;
    source.setAutoCommit(false);
    try (Statement lock = source.createStatement()) {
      lock.execute("LOCK TABLE " + table.quotedName() + " IN SHARE MODE");
      Map<RowKey, RowImage> rows = rows(table, source);
      try (PreparedStatement statement = target.prepareStatement(TestRows.insertIfAbsent(table))) {
        for (RowImage row : rows.values()) {
          RowStatements.bind(statement, 1, row.values());
          copied += statement.executeUpdate();
        }
      }
    } finally {
      source.commit();
      source.setAutoCommit(true);
    }
    WorkerResult.Table result = new WorkerResult.Table();
    result.name = table.name();
    result.rows = copied;
    return result;
  }

  private static WorkerResult.Table compare(TableDefinition table, Connection source, Connection target, boolean repair)
      throws SQLException {
    Set<RowKey> differing = differing(table, source, target);
    if (repair) {
      for (RowKey key : differing) {
        TestRows.put(target, table, key, RowStatements.read(source, table, key));
      }
    }
    Set<RowKey> remaining = differing(table, source, target);
    WorkerResult.Table result = new WorkerResult.Table();
    result.name = table.name();
    result.sourceRows = (long) rows(table, source).size();
    result.targetRows = (long) rows(table, target).size();
    long missingInTarget = 0;
    long missingInSource = 0;
    for (RowKey key : remaining) {
      if (RowStatements.read(target, table, key).deleted()) {
        missingInTarget++;
      } else if (RowStatements.read(source, table, key).deleted()) {
        missingInSource++;
      }
    }
    result.missingInTarget = missingInTarget;
    result.missingInSource = missingInSource;
    result.different = remaining.size() - missingInTarget - missingInSource;
    result.repaired = repair ? (long) differing.size() : null;
    result.sampleKeys = remaining.stream().limit(3).map(k -> "(" + String.join(", ", k.values()) + ")").toList();
    return result;
  }

  /**
   * Keys whose rows differ, re-read by key a few times first: a live write lands on the primary a
   * moment before its mirror, and such a row is not a mismatch.
   */
  private static Set<RowKey> differing(TableDefinition table, Connection source, Connection target)
      throws SQLException {
    Map<RowKey, RowImage> sourceRows = rows(table, source);
    Map<RowKey, RowImage> targetRows = rows(table, target);
    Set<RowKey> keys = new HashSet<>(sourceRows.keySet());
    keys.addAll(targetRows.keySet());
    keys.removeIf(k -> java.util.Objects.equals(sourceRows.get(k), targetRows.get(k)));
    for (int recheck = 0; recheck < 5 && !keys.isEmpty(); recheck++) {
      sleep(50);
      Set<RowKey> still = new HashSet<>();
      for (RowKey key : keys) {
        if (!RowStatements.read(source, table, key).equals(RowStatements.read(target, table, key))) {
          still.add(key);
        }
      }
      keys = still;
    }
    return keys;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Map<RowKey, RowImage> rows(TableDefinition table, Connection connection) throws SQLException {
    return TestRows.rows(table, connection);
  }

  private static void moveSequence(TableDefinition table, String[] args, Connection source, Connection target)
      throws SQLException {
    if (table.generatedColumn().isEmpty()) {
      return;
    }
    boolean toTarget = "target".equals(args[List.of(args).indexOf("--to") + 1]);
    TestRows.moveSequence(toTarget ? target : source, toTarget ? source : target, table, 10_000);
  }
}
