package dev.cutover.store.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.store.BackfillCheckpoint;
import dev.cutover.store.CatchUpCounts;
import dev.cutover.store.CheckpointId;
import dev.cutover.store.Key;
import dev.cutover.store.KeyRange;
import dev.cutover.store.PartitionProgress;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The backfill's bookkeeping in the target, in its own schema {@value #SCHEMA}, created on first
 * use: a checkpoint per migration, table and partition, and the partition plan of each table.
 * Statements run on the caller's connection and transaction, so a checkpoint moves atomically with
 * the rows it describes.
 */
final class PostgresCheckpoints {
  static final String SCHEMA = "cutover";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Serialises schema creation between pods starting at once (CREATE ... IF NOT EXISTS can race). */
  private static final long SCHEMA_LOCK = 0x637574_6f766572L;

  private static final String[] CREATE = {
      "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
      "CREATE TABLE IF NOT EXISTS " + SCHEMA + ".backfill_checkpoints ("
          + " migration text NOT NULL, table_schema text NOT NULL, table_name text NOT NULL,"
          + " partition_index integer NOT NULL, partitions integer NOT NULL,"
          + " last_key text[], rows_copied bigint NOT NULL DEFAULT 0, rows_inserted bigint NOT NULL DEFAULT 0,"
          + " finished boolean NOT NULL DEFAULT false, updated_at timestamptz NOT NULL DEFAULT now(),"
          + " PRIMARY KEY (migration, table_schema, table_name, partition_index, partitions))",
      "CREATE TABLE IF NOT EXISTS " + SCHEMA + ".backfill_partitions ("
          + " migration text NOT NULL, table_schema text NOT NULL, table_name text NOT NULL,"
          + " partitions integer NOT NULL, boundaries jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),"
          + " PRIMARY KEY (migration, table_schema, table_name, partitions))",
  };
  /**
   * The catch-up's columns (docs/backfill.md), added in place to a schema an earlier version
   * created; only when missing, since ALTER TABLE would queue behind every running pod's checkpoint.
   */
  private static final String ADD_CATCH_UP =
      "ALTER TABLE " + SCHEMA + ".backfill_checkpoints"
          + " ADD COLUMN IF NOT EXISTS copied boolean NOT NULL DEFAULT false,"
          + " ADD COLUMN IF NOT EXISTS catch_up_key text[],"
          + " ADD COLUMN IF NOT EXISTS caught_up_deleted bigint NOT NULL DEFAULT 0,"
          + " ADD COLUMN IF NOT EXISTS caught_up_inserted bigint NOT NULL DEFAULT 0,"
          + " ADD COLUMN IF NOT EXISTS caught_up_overwritten bigint NOT NULL DEFAULT 0";
  private static final String HAS_CATCH_UP =
      "SELECT EXISTS (SELECT FROM information_schema.columns WHERE table_schema = '" + SCHEMA + "'"
          + " AND table_name = 'backfill_checkpoints' AND column_name = 'caught_up_overwritten')";
  private static final String ID_MATCH =
      " WHERE migration = ? AND table_schema = ? AND table_name = ? AND partition_index = ? AND partitions = ?";
  private static final String CHECKPOINT_COLUMNS = "last_key, rows_copied, finished, copied, catch_up_key,"
      + " caught_up_deleted, caught_up_inserted, caught_up_overwritten";
  private static final String READ =
      "SELECT " + CHECKPOINT_COLUMNS + " FROM " + SCHEMA + ".backfill_checkpoints" + ID_MATCH;
  private static final String UPSERT =
      "INSERT INTO " + SCHEMA + ".backfill_checkpoints AS c"
          + " (migration, table_schema, table_name, partition_index, partitions, last_key, rows_copied,"
          + " rows_inserted, finished)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (migration, table_schema, table_name, partition_index, partitions) DO UPDATE SET"
          + " last_key = COALESCE(excluded.last_key, c.last_key),"
          + " rows_copied = c.rows_copied + excluded.rows_copied,"
          + " rows_inserted = c.rows_inserted + excluded.rows_inserted,"
          + " finished = excluded.finished, updated_at = now()";
  private static final String READ_PARTITIONS =
      "SELECT partition_index, updated_at, " + CHECKPOINT_COLUMNS + " FROM " + SCHEMA + ".backfill_checkpoints"
          + " WHERE migration = ? AND table_schema = ? AND table_name = ? AND partitions = ? ORDER BY partition_index";
  private static final String READ_PLAN =
      "SELECT boundaries::text FROM " + SCHEMA + ".backfill_partitions"
          + " WHERE migration = ? AND table_schema = ? AND table_name = ? AND partitions = ?";
  private static final String STORE_PLAN =
      "INSERT INTO " + SCHEMA + ".backfill_partitions (migration, table_schema, table_name, partitions, boundaries)"
          + " VALUES (?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING";

  private PostgresCheckpoints() {}

  /** Creates the schema and tables if missing, and commits. */
  static void ensureSchema(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
      for (String sql : CREATE) {
        statement.execute(sql);
      }
      try (ResultSet present = statement.executeQuery(HAS_CATCH_UP)) {
        present.next();
        if (!present.getBoolean(1)) {
          statement.execute(ADD_CATCH_UP);
        }
      }
    }
    connection.commit();
  }

  static BackfillCheckpoint read(Connection connection, CheckpointId id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(READ)) {
      bindId(statement, id, 1);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return BackfillCheckpoint.NONE;
        }
        return checkpoint(rows, 1);
      }
    }
  }

  /** Every partition's checkpoint of {@code id}'s table and partition count, by partition index. */
  static List<PartitionProgress> readPartitions(Connection connection, CheckpointId id) throws SQLException {
    List<PartitionProgress> partitions = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(READ_PARTITIONS)) {
      bindTable(statement, id);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          partitions.add(new PartitionProgress(rows.getInt(1), checkpoint(rows, 3),
              rows.getObject(2, OffsetDateTime.class).toInstant()));
        }
      }
    }
    return partitions;
  }

  /**
   * The checkpoint in the columns of {@link #CHECKPOINT_COLUMNS}, starting at {@code first}.
   */
  private static BackfillCheckpoint checkpoint(ResultSet rows, int first) throws SQLException {
    CatchUpCounts caughtUp =
        new CatchUpCounts(rows.getLong(first + 5), rows.getLong(first + 6), rows.getLong(first + 7));
    return new BackfillCheckpoint(key(rows.getArray(first)), rows.getLong(first + 1), rows.getBoolean(first + 3),
        key(rows.getArray(first + 4)), caughtUp, rows.getBoolean(first + 2));
  }

  private static Key key(Array values) throws SQLException {
    return values == null ? null : Key.of((String[]) values.getArray());
  }

  /** Marks the copy of the range done; the catch-up starts from the range's start. */
  static void copied(Connection connection, CheckpointId id) throws SQLException {
    upsert(connection, id, null, 0, 0, false);
    update(connection, "copied = true", id);
  }

  /** Adds what a catch-up transaction changed; the caller commits with the change. */
  static void addCaughtUp(Connection connection, CheckpointId id, CatchUpCounts counts) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("UPDATE " + SCHEMA + ".backfill_checkpoints SET"
        + " caught_up_deleted = caught_up_deleted + ?, caught_up_inserted = caught_up_inserted + ?,"
        + " caught_up_overwritten = caught_up_overwritten + ?, updated_at = now()" + ID_MATCH)) {
      statement.setLong(1, counts.deleted());
      statement.setLong(2, counts.inserted());
      statement.setLong(3, counts.overwritten());
      bindId(statement, id, 4);
      statement.executeUpdate();
    }
  }

  /** Moves the catch-up past {@code lastKey}. */
  static void caughtUp(Connection connection, CheckpointId id, Key lastKey) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "UPDATE " + SCHEMA + ".backfill_checkpoints SET catch_up_key = ?, updated_at = now()" + ID_MATCH)) {
      statement.setArray(1, connection.createArrayOf("text", lastKey.values().toArray(new String[0])));
      bindId(statement, id, 2);
      statement.executeUpdate();
    }
  }

  private static void update(Connection connection, String set, CheckpointId id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "UPDATE " + SCHEMA + ".backfill_checkpoints SET " + set + ", updated_at = now()" + ID_MATCH)) {
      bindId(statement, id, 1);
      statement.executeUpdate();
    }
  }

  /** Moves the checkpoint on by one batch; the caller commits with the batch's rows. */
  static void advance(Connection connection, CheckpointId id, Key lastKey, long rows, long inserted)
      throws SQLException {
    upsert(connection, id, lastKey, rows, inserted, false);
  }

  static void finish(Connection connection, CheckpointId id) throws SQLException {
    upsert(connection, id, null, 0, 0, true);
  }

  private static void upsert(Connection connection, CheckpointId id, Key lastKey, long rows, long inserted,
      boolean finished) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
      int next = bindId(statement, id, 1);
      statement.setArray(next++, lastKey == null ? null
          : connection.createArrayOf("text", lastKey.values().toArray(new String[0])));
      statement.setLong(next++, rows);
      statement.setLong(next++, inserted);
      statement.setBoolean(next, finished);
      statement.executeUpdate();
    }
  }

  static Optional<List<KeyRange>> readPlan(Connection connection, CheckpointId id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(READ_PLAN)) {
      bindTable(statement, id);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        List<List<String>> boundaries = JSON.readValue(rows.getString(1), new TypeReference<>() {});
        return Optional.of(ranges(boundaries));
      }
    } catch (JsonProcessingException e) {
      throw new SQLException("the stored partition plan of " + id.schema() + "." + id.table()
          + " is unreadable; delete its row in " + SCHEMA + ".backfill_partitions", "XX000", e);
    }
  }

  /** Stores the plan unless another worker stored one first; the caller commits and re-reads. */
  static void storePlan(Connection connection, CheckpointId id, List<KeyRange> ranges) throws SQLException {
    List<List<String>> boundaries = new ArrayList<>();
    for (int i = 1; i < ranges.size(); i++) {
      boundaries.add(ranges.get(i).from().values());
    }
    try (PreparedStatement statement = connection.prepareStatement(STORE_PLAN)) {
      bindTable(statement, id);
      statement.setString(5, JSON.writeValueAsString(boundaries));
      statement.executeUpdate();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<KeyRange> ranges(List<List<String>> boundaries) {
    List<KeyRange> ranges = new ArrayList<>();
    Key from = null;
    for (List<String> boundary : boundaries) {
      Key to = new Key(boundary);
      ranges.add(new KeyRange(from, to));
      from = to;
    }
    ranges.add(new KeyRange(from, null));
    return ranges;
  }

  private static int bindId(PreparedStatement statement, CheckpointId id, int first) throws SQLException {
    statement.setString(first, id.migration());
    statement.setString(first + 1, id.schema());
    statement.setString(first + 2, id.table());
    statement.setInt(first + 3, id.partition());
    statement.setInt(first + 4, id.partitions());
    return first + 5;
  }

  private static void bindTable(PreparedStatement statement, CheckpointId id) throws SQLException {
    statement.setString(1, id.migration());
    statement.setString(2, id.schema());
    statement.setString(3, id.table());
    statement.setInt(4, id.partitions());
  }
}
