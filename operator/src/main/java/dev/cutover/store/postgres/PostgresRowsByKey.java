package dev.cutover.store.postgres;

import dev.cutover.api.Identifiers;
import dev.cutover.store.Key;
import dev.cutover.store.SourceRows;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the current rows of given keys from one database, as the text PostgreSQL prints for each
 * column (what COPY would write), for a repair that rewrites them elsewhere or a confirmation that
 * compares them again. The keys are bound as text arrays and matched by primary-key equality after
 * a cast to this database's own key types, so the primary-key index serves the lookup and no value
 * is spliced into SQL. Retries a lost connection within the connector's bounds; a read is idempotent.
 *
 * <p>{@link #readLocked} reads a repair's primary rows {@code FOR SHARE} and keeps them locked
 * while the repair writes the other database. The lock order is: the primary's rows locked (an
 * application write to them now waits), the other database written, the other database committed,
 * then this transaction ended (the waiting write goes ahead, and its mirror lands after the
 * repair's copy, not before it). A key the primary does not have cannot be locked: an insert of it
 * racing the repair's delete is left to the comparison after the repair to find.
 */
public final class PostgresRowsByKey implements SourceRows {
  /**
   * How long the catch-up's source read waits for a row lock: it holds target rows meanwhile, so an
   * application transaction holding the source row while it waits for the target row would be a
   * cycle across two databases that no deadlock detector sees. The catch-up lets go and retries.
   */
  static final int CATCH_UP_LOCK_TIMEOUT_SECONDS = 5;
  /** Refused {@code FOR SHARE}: no UPDATE privilege on the table, or a read-only server (a standby). */
  private static final java.util.Set<String> LOCK_REFUSED = java.util.Set.of("42501", "25006");

  private final PostgresConnector connector;
  private final PostgresSession session;
  private final Consumer<String> notices;
  private boolean locking = true;

  public PostgresRowsByKey(PostgresConnector connector) {
    this(connector, notice -> { });
  }

  /** @param notices where to say that rows are read without a lock because the database refused one */
  public PostgresRowsByKey(PostgresConnector connector, Consumer<String> notices) {
    this.connector = connector;
    this.session = new PostgresSession(connector);
    this.notices = notices;
  }

  /** Runs {@link #readLocked}'s {@code whileLocked} with the rows it was given. */
  @FunctionalInterface
  public interface LockedRows {
    /** Writes {@code rows} elsewhere and commits there, while they stay locked here. */
    void write(List<String[]> rows) throws StoreException;
  }

  /**
   * Reads the rows of {@code keys} {@code FOR SHARE} in a transaction and runs {@code whileLocked}
   * with them before ending it, so nobody changes them here until the rows are committed elsewhere.
   * A lost connection retries the whole (the write elsewhere being idempotent). When the database
   * refuses the lock (the DSN's role may only read, or the server is a standby) the rows are read
   * without one, once said through the notices.
   */
  public void readLocked(TableShape table, List<Key> keys, LockedRows whileLocked) throws StoreException {
    if (keys.isEmpty() || !locking) {
      whileLocked.write(read(table, keys));
      return;
    }
    try {
      session.retrying(() -> {
        readLockedOnce(table, keys, whileLocked);
        return null;
      });
    } catch (SQLException e) {
      if (!LOCK_REFUSED.contains(e.getSQLState())) {
        throw failure(e, table);
      }
      locking = false;
      notices.accept("the " + connector.role() + " refused to lock rows of table " + table.qualifiedName()
          + " (" + connector.describe(e) + "); repairing without locking the primary's rows, so a write racing"
          + " the repair is left to the check after it; grant UPDATE on the table to lock them");
      whileLocked.write(read(table, keys));
    }
  }

  /**
   * For the backfill's catch-up (docs/backfill.md): the rows of {@code keys} read {@code FOR SHARE},
   * waiting at most {@link #CATCH_UP_LOCK_TIMEOUT_SECONDS} for a lock, and {@code write} run before the
   * transaction ends; {@code write} may read more keys inside it. One try, no retry: the caller holds
   * the target's rows and must let them go before trying again. Where the database refuses the lock,
   * the rows are read without one and {@link #locks()} turns false.
   */
  @Override
  public void readWhileWriting(TableShape table, List<Key> keys, LockedWrite write) throws StoreException {
    if (!locking) {
      write.write(read(table, keys), more -> read(table, more));
      return;
    }
    Connection open = session.connection();
    try {
      open.setAutoCommit(false);
      try (java.sql.Statement bound = open.createStatement()) {
        bound.execute("SET LOCAL lock_timeout = '" + CATCH_UP_LOCK_TIMEOUT_SECONDS + "s'");
      }
      String sql = select(table) + " FOR SHARE OF t";
      List<String[]> rows = query(open, sql, table, keys);
      write.write(rows, more -> {
        try {
          return query(open, sql, table, more);
        } catch (SQLException e) {
          throw failure(e, table);
        }
      });
      open.commit();
      open.setAutoCommit(true);
    } catch (SQLException e) {
      session.reset();
      if (!LOCK_REFUSED.contains(e.getSQLState())) {
        throw failure(e, table);
      }
      locking = false;
      notices.accept("the " + connector.role() + " refused to lock rows of table " + table.qualifiedName()
          + " (" + connector.describe(e) + "); catching up without locking the source's rows, each key read"
          + " again after it is written; grant UPDATE on the table to lock them");
      write.write(read(table, keys), more -> read(table, more));
    } catch (StoreException | RuntimeException e) {
      session.reset();
      throw e;
    }
  }

  @Override
  public boolean locks() {
    return locking;
  }

  private void readLockedOnce(TableShape table, List<Key> keys, LockedRows whileLocked)
      throws SQLException, StoreException {
    Connection open = session.connection();
    open.setAutoCommit(false);
    try {
      List<String[]> rows = query(open, select(table) + " FOR SHARE OF t", table, keys);
      whileLocked.write(rows);
      open.commit();
    } catch (SQLException | StoreException | RuntimeException e) {
      session.rollback();
      throw e;
    } finally {
      if (!open.isClosed()) {
        open.setAutoCommit(true);
      }
    }
  }

  /** The rows that exist for {@code keys}, fields in {@link TableShape#columns()} order, null for SQL NULL. */
  public List<String[]> read(TableShape table, List<Key> keys) throws StoreException {
    if (keys.isEmpty()) {
      return List.of();
    }
    try {
      return session.retrying(() -> readOnce(table, keys));
    } catch (SQLException e) {
      throw failure(e, table);
    }
  }

  private List<String[]> readOnce(TableShape table, List<Key> keys) throws SQLException, StoreException {
    return query(session.connection(), select(table), table, keys);
  }

  /** Runs {@code sql} (a {@link #select} or its locking form) with {@code keys} bound as text arrays. */
  static List<String[]> query(Connection open, String sql, TableShape table, List<Key> keys)
      throws SQLException {
    List<String[]> rows = new ArrayList<>();
    try (PreparedStatement statement = open.prepareStatement(sql)) {
      int keyColumns = table.primaryKey().size();
      for (int k = 0; k < keyColumns; k++) {
        String[] values = new String[keys.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = keys.get(i).values().get(k);
        }
        statement.setArray(k + 1, open.createArrayOf("text", values));
      }
      try (ResultSet result = statement.executeQuery()) {
        int columns = table.columns().size();
        while (result.next()) {
          String[] row = new String[columns];
          for (int i = 0; i < columns; i++) {
            row[i] = result.getString(i + 1);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /**
   * {@code SELECT t."a"::text, ... FROM "s"."t" AS t JOIN unnest(?::text[], ...) AS k(k0, ...)
   * ON t."pk0" = k.k0::type AND ...}.
   */
  String select(TableShape table) throws StoreException {
    return select(table, session.columnTypes(table));
  }

  /** {@link #select(TableShape)} with the key casts to {@code types}, this database's column types. */
  static String select(TableShape table, Map<String, String> types) {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < table.columns().size(); i++) {
      sql.append(i > 0 ? ", " : "").append("t.").append(Identifiers.quote(table.columns().get(i).name()))
          .append("::text");
    }
    sql.append(" FROM ").append(table.qualifiedName()).append(" AS t JOIN unnest(");
    List<String> primaryKey = table.primaryKey();
    for (int k = 0; k < primaryKey.size(); k++) {
      sql.append(k > 0 ? ", " : "").append("?::text[]");
    }
    sql.append(") AS k(");
    for (int k = 0; k < primaryKey.size(); k++) {
      sql.append(k > 0 ? ", " : "").append("k").append(k);
    }
    sql.append(") ON ");
    for (int k = 0; k < primaryKey.size(); k++) {
      sql.append(k > 0 ? " AND " : "").append("t.").append(Identifiers.quote(primaryKey.get(k)))
          .append(" = k.k").append(k).append("::").append(types.get(primaryKey.get(k)));
    }
    return sql.toString();
  }


  private StoreException failure(SQLException e, TableShape table) {
    String message = "reading rows of table " + table.qualifiedName() + " by key from the " + connector.role()
        + ": " + connector.describe(e);
    return PostgresErrors.isTransient(e)
        ? StoreException.unavailable(message, null)
        : StoreException.badInput(message);
  }

  @Override
  public void close() {
    session.close();
  }
}
