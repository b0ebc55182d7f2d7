package dev.cutover.store.postgres;

import dev.cutover.api.Identifiers;
import dev.cutover.store.Key;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Makes rows of one database equal to given rows, for a repair: each row is inserted or, when its
 * key exists, overwritten ({@code INSERT ... ON CONFLICT (pk) DO UPDATE}), and each key the primary
 * no longer has is deleted, all of one batch in one transaction. Values are bound as text and cast
 * to this database's column types ({@code ?::type}). A batch that fails on a lost connection is
 * rolled back and retried whole within the connector's bounds; it is idempotent.
 */
public final class PostgresRowRewriter implements AutoCloseable {
  static final int LOCK_TIMEOUT_SECONDS = 30;

  private final PostgresConnector connector;
  private final PostgresSession session;

  public PostgresRowRewriter(PostgresConnector connector) {
    this.connector = connector;
    this.session = new PostgresSession(connector);
  }

  /** Upserts {@code rows} (fields in {@link TableShape#columns()} order) and deletes {@code deletes}, atomically. */
  public void rewrite(TableShape table, List<String[]> rows, List<Key> deletes) throws StoreException {
    if (rows.isEmpty() && deletes.isEmpty()) {
      return;
    }
    try {
      session.retrying(() -> {
        rewriteOnce(table, rows, deletes);
        return null;
      });
    } catch (SQLException e) {
      throw explained(failure(e, table), table, rows);
    }
  }

  /** A lasting failure, with the value at fault when one is found. */
  private StoreException explained(StoreException failure, TableShape table, List<String[]> rows) {
    if (failure.kind() == StoreException.Kind.BAD_INPUT) {
      String culprit = culprit(table, rows);
      if (culprit != null) {
        return StoreException.badInput(failure.getMessage() + "; " + culprit);
      }
    }
    return failure;
  }

  /**
   * The first value of {@code rows} this database's column type refuses, named by column and key
   * (a batch error does not say which row failed), or null when every value converts.
   */
  private String culprit(TableShape table, List<String[]> rows) {
    try {
      Map<String, String> types = session.columnTypes(table);
      int[] keyIndexes = table.keyIndexes();
      for (String[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          String column = table.columns().get(i).name();
          try (PreparedStatement probe = session.connection().prepareStatement("SELECT ?::" + types.get(column))) {
            probe.setString(1, row[i]);
            probe.executeQuery().close();
          } catch (SQLException e) {
            return "column " + Identifiers.quote(column) + " of key " + Key.fromFields(row, keyIndexes)
                + " does not convert to " + types.get(column) + ": " + PostgresErrors.message(e)
                + "; fix the value in the primary or the column type here, then repair again";
          }
        }
      }
    } catch (StoreException e) {
      return null;
    }
    return null;
  }

  private void rewriteOnce(TableShape table, List<String[]> rows, List<Key> deletes)
      throws SQLException, StoreException {
    Connection open = session.connection();
    open.setAutoCommit(false);
    try {
      try (Statement bound = open.createStatement()) {
        // A repair may hold the primary's rows locked while this waits for rows here; an application
        // transaction holding these while waiting for those would be a wait across two databases no
        // deadlock detector sees. Waiting at most this long breaks such a cycle (retried as transient).
        bound.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT_SECONDS + "s'");
      }
      if (!rows.isEmpty()) {
        try (PreparedStatement upsert = open.prepareStatement(upsert(table))) {
          for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
              upsert.setString(i + 1, row[i]);
            }
            upsert.addBatch();
          }
          upsert.executeBatch();
        }
      }
      if (!deletes.isEmpty()) {
        try (PreparedStatement delete = open.prepareStatement(delete(table))) {
          for (Key key : deletes) {
            for (int i = 0; i < key.values().size(); i++) {
              delete.setString(i + 1, key.values().get(i));
            }
            delete.addBatch();
          }
          delete.executeBatch();
        }
      }
      open.commit();
    } catch (SQLException | RuntimeException e) {
      session.rollback();
      throw e;
    } finally {
      if (!open.isClosed()) {
        open.setAutoCommit(true);
      }
    }
  }

  /**
   * The catch-up's upsert ({@link PostgresCatchUp#upsertSql}): a row is updated in place, and an
   * identity column {@code GENERATED ALWAYS} takes the primary's value.
   */
  String upsert(TableShape table) throws StoreException {
    return PostgresCatchUp.upsertSql(table, session.columnTypes(table));
  }

  /** {@code DELETE FROM t WHERE pk0 = ?::type AND ...}. */
  String delete(TableShape table) throws StoreException {
    Map<String, String> types = session.columnTypes(table);
    StringBuilder sql = new StringBuilder("DELETE FROM ").append(table.qualifiedName()).append(" WHERE ");
    for (int k = 0; k < table.primaryKey().size(); k++) {
      String column = table.primaryKey().get(k);
      sql.append(k > 0 ? " AND " : "").append(Identifiers.quote(column)).append(" = ?::").append(types.get(column));
    }
    return sql.toString();
  }


  private StoreException failure(SQLException e, TableShape table) {
    SQLException cause = e instanceof BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
    String message = "repairing table " + table.qualifiedName() + " in the " + connector.role() + ": "
        + connector.describe(cause);
    return PostgresErrors.isTransient(cause)
        ? StoreException.unavailable(message, null)
        : StoreException.badInput(message);
  }

  @Override
  public void close() {
    session.close();
  }
}
