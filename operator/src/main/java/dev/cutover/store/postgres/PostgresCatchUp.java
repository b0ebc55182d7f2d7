package dev.cutover.store.postgres;

import dev.cutover.api.Identifiers;
import dev.cutover.store.BackfillTarget.CatchUpChange;
import dev.cutover.store.BackfillTarget.CatchUpPlanner;
import dev.cutover.store.CatchUpCounts;
import dev.cutover.store.CheckpointId;
import dev.cutover.store.CopyText;
import dev.cutover.store.Key;
import dev.cutover.store.KeyRange;
import dev.cutover.store.RowBatch;
import dev.cutover.store.SourceRows;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * The target's half of a backfill's catch-up (docs/backfill.md), on the {@link PostgresTarget}'s
 * connection so that a rewrite and the counts in its checkpoint commit together.
 *
 * <p>One rewrite of a few keys: the target's rows of the keys locked {@code FOR UPDATE} (a mirrored
 * UPDATE or DELETE of them now waits), the source's rows read under its own lock, the keys the
 * source no longer has deleted, and those keys read from the source once more: a key the source
 * re-inserted meanwhile, whose mirrored INSERT failed on the row this transaction was about to
 * delete, is written back (any later mirrored INSERT of it waits for the delete and then succeeds).
 * Then the source's rows are upserted, the target committed, and only after that is the source's
 * lock released, so a write waiting there is mirrored after this rewrite, never before it.
 */
final class PostgresCatchUp {
  /** How long a target row lock is awaited; an application transaction holding one is retried around. */
  static final int LOCK_TIMEOUT_SECONDS = 30;

  private final PostgresSession session;

  PostgresCatchUp(PostgresSession session) {
    this.session = session;
  }

  /** The target's rows of {@code range} after {@code after} and up to {@code through}, as COPY text. */
  RowBatch rows(Connection open, TableShape table, KeyRange range, Key after, Key through, int limit)
      throws SQLException, StoreException {
    Map<String, String> types = session.columnTypes(table);
    List<String> conditions = new ArrayList<>();
    String key = "(" + table.quotedKeyList() + ")";
    if (range.from() != null) {
      conditions.add(key + " >= " + literalRow(table, range.from(), types));
    }
    if (range.to() != null) {
      conditions.add(key + " < " + literalRow(table, range.to(), types));
    }
    if (after != null) {
      conditions.add(key + " > " + literalRow(table, after, types));
    }
    if (through != null) {
      conditions.add(key + " <= " + literalRow(table, through, types));
    }
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try {
      open.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT " + table.quotedColumnList() + " FROM "
          + table.qualifiedName() + where + " ORDER BY " + table.quotedKeyList() + " LIMIT " + limit + ") TO STDOUT", text);
    } catch (IOException e) {
      throw new SQLException("reading rows of " + table.qualifiedName(), "08006", e);
    }
    byte[] bytes = text.toByteArray();
    int rows = 0;
    int lastStart = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        rows++;
        if (i + 1 < bytes.length) {
          lastStart = i + 1;
        }
      }
    }
    Key last = rows == 0 ? null : Key.fromFields(CopyText.split(bytes, lastStart, bytes.length - 1), table.keyIndexes());
    return new RowBatch(bytes, bytes.length, rows, last);
  }

  /** Whether this database orders key {@code a} after key {@code b}. */
  boolean isAfter(Connection open, TableShape table, Key a, Key b) throws SQLException, StoreException {
    Map<String, String> types = session.columnTypes(table);
    try (Statement statement = open.createStatement();
        ResultSet result = statement.executeQuery(
            "SELECT " + literalRow(table, a, types) + " > " + literalRow(table, b, types))) {
      result.next();
      return result.getBoolean(1);
    }
  }

  /**
   * One try of the rewrite described above, counts added to {@code id}'s checkpoint; the caller
   * rolls back and retries on failure.
   */
  CatchUpCounts rewrite(Connection open, TableShape table, List<Key> keys, SourceRows source, CatchUpPlanner planner,
      CheckpointId id) throws SQLException, StoreException {
    Map<String, String> types = session.columnTypes(table);
    try (Statement statement = open.createStatement()) {
      statement.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT_SECONDS + "s'");
    }
    List<String[]> targetRows = PostgresRowsByKey.query(open,
        PostgresRowsByKey.select(table, types) + " FOR UPDATE OF t", table, keys);
    CatchUpCounts[] done = {CatchUpCounts.NONE};
    source.readWhileWriting(table, keys, (sourceRows, again) -> {
      CatchUpChange change = planner.plan(targetRows, sourceRows);
      List<String[]> upserts = new ArrayList<>(change.upserts());
      CatchUpCounts counts = change.counts();
      try {
        if (!change.deletes().isEmpty()) {
          delete(open, table, change.deletes(), types);
          List<String[]> reborn = again.read(change.deletes());
          upserts.addAll(reborn);
          counts = new CatchUpCounts(counts.deleted() - reborn.size(), counts.inserted(),
              counts.overwritten() + reborn.size());
        }
        upsert(open, table, upserts, types);
        PostgresCheckpoints.addCaughtUp(open, id, counts);
        open.commit();
      } catch (SQLException e) {
        throw new Failed(e);
      }
      done[0] = counts;
    });
    return done[0];
  }

  /** A target failure inside the source's locked read, carried out of it to be classified. */
  static final class Failed extends StoreException {
    final SQLException cause;

    Failed(SQLException cause) {
      super(Kind.UNAVAILABLE, cause.getMessage(), cause);
      this.cause = cause;
    }
  }

  private static void delete(Connection open, TableShape table, List<Key> keys, Map<String, String> types)
      throws SQLException {
    StringBuilder sql = new StringBuilder("DELETE FROM ").append(table.qualifiedName()).append(" AS t USING unnest(");
    List<String> primaryKey = table.primaryKey();
    for (int k = 0; k < primaryKey.size(); k++) {
      sql.append(k > 0 ? ", " : "").append("?::text[]");
    }
    sql.append(") AS k(");
    for (int k = 0; k < primaryKey.size(); k++) {
      sql.append(k > 0 ? ", " : "").append("k").append(k);
    }
    sql.append(") WHERE ");
    for (int k = 0; k < primaryKey.size(); k++) {
      sql.append(k > 0 ? " AND " : "").append("t.").append(Identifiers.quote(primaryKey.get(k)))
          .append(" = k.k").append(k).append("::").append(types.get(primaryKey.get(k)));
    }
    try (PreparedStatement statement = open.prepareStatement(sql.toString())) {
      for (int k = 0; k < primaryKey.size(); k++) {
        String[] values = new String[keys.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = keys.get(i).values().get(k);
        }
        statement.setArray(k + 1, open.createArrayOf("text", values));
      }
      statement.executeUpdate();
    }
  }

  private static void upsert(Connection open, TableShape table, List<String[]> rows, Map<String, String> types)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement upsert = open.prepareStatement(upsertSql(table, types))) {
      for (String[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          upsert.setString(i + 1, row[i]);
        }
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  /**
   * {@code INSERT INTO t (cols) OVERRIDING SYSTEM VALUE VALUES (?::type, ...) ON CONFLICT (pk) DO
   * UPDATE SET c = EXCLUDED.c, ...}: an existing row is updated in place, never deleted and
   * re-inserted, so rows of other tables that refer to it are left alone.
   */
  static String upsertSql(TableShape table, Map<String, String> types) {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.qualifiedName())
        .append(" (").append(table.quotedColumnList()).append(") OVERRIDING SYSTEM VALUE VALUES (");
    for (int i = 0; i < table.columns().size(); i++) {
      sql.append(i > 0 ? ", " : "").append("?::").append(types.get(table.columns().get(i).name()));
    }
    sql.append(") ON CONFLICT (").append(table.quotedKeyList()).append(") ");
    StringBuilder updates = new StringBuilder();
    for (var column : table.columns()) {
      if (!table.primaryKey().contains(column.name())) {
        String quoted = Identifiers.quote(column.name());
        updates.append(updates.length() > 0 ? ", " : "").append(quoted).append(" = EXCLUDED.").append(quoted);
      }
    }
    return sql.append(updates.length() == 0 ? "DO NOTHING" : "DO UPDATE SET " + updates).toString();
  }

  static String literalRow(TableShape table, Key key, Map<String, String> types) {
    if (key.values().size() != table.primaryKey().size()) {
      throw new IllegalArgumentException("key " + key + " has " + key.values().size() + " values; table "
          + table.qualifiedName() + " has " + table.primaryKey().size() + " key columns");
    }
    StringBuilder row = new StringBuilder("(");
    for (int i = 0; i < key.values().size(); i++) {
      String column = table.primaryKey().get(i);
      row.append(i > 0 ? ", " : "").append(SqlLiteral.typed(key.values().get(i), types.get(column)));
    }
    return row.append(')').toString();
  }
}
