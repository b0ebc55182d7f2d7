package dev.cutover.store.postgres;

import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One lazily opened connection to a store, shared by the calls of one reader or writer: the first
 * call opens it, a failure {@link #reset() drops} it and the next call opens a new one. The column
 * types looked up in the catalog are kept across reconnects, since a run does not change them.
 */
final class PostgresSession implements AutoCloseable {
  /** One try of an idempotent piece of work over the session's connection. */
  @FunctionalInterface
  interface Attempt<T> {
    T run() throws SQLException, StoreException;
  }

  /** Prepares each newly opened connection before its first use. */
  @FunctionalInterface
  interface Setup {
    void prepare(Connection opened) throws StoreException;
  }

  private final PostgresConnector connector;
  private final Setup setup;
  private final Map<String, Map<String, String>> typesByTable = new HashMap<>();
  private Connection connection;

  PostgresSession(PostgresConnector connector) {
    this(connector, opened -> {});
  }

  PostgresSession(PostgresConnector connector, Setup setup) {
    this.connector = connector;
    this.setup = setup;
  }

  PostgresConnector connector() {
    return connector;
  }

  /**
   * Opens the connection now if there is none, within the connector's retry bounds: for the first
   * use of a store, so that an unreachable one fails up front.
   */
  void open() throws StoreException {
    try {
      retrying(() -> null);
    } catch (SQLException e) {
      throw new IllegalStateException("opening a connection ran no statement", e);
    }
  }

  /**
   * The open connection, or a new one after one attempt when there is none or the last one was
   * closed. A failure to connect is the caller's to retry: it runs inside a loop that owns the budget
   * ({@link #retrying}, or the backfill's and the verification's resume), so attempts never multiply.
   */
  Connection connection() throws StoreException {
    if (connection != null && isClosed(connection)) {
      reset();
    }
    if (connection == null) {
      prepared(connector.connect());
    }
    return connection;
  }

  private void prepared(Connection opened) throws StoreException {
    try {
      setup.prepare(opened);
    } catch (StoreException | RuntimeException e) {
      closeQuietly(opened);
      throw e;
    }
    connection = opened;
  }

  /**
   * Runs {@code attempt}, and again on a new connection after a transient failure, within the
   * connector's retry bounds: {@code attempts} tries in all, reconnecting included. The work must
   * be idempotent (a read, or one transaction).
   *
   * @throws SQLException the last failure: a lasting one at once, a transient one once the retries
   *     are spent; the connection is dropped either way
   * @throws StoreException a connection that could not be opened (UNAVAILABLE once the retries are
   *     spent, BAD_INPUT at once), or what {@code attempt} throws
   */
  <T> T retrying(Attempt<T> attempt) throws SQLException, StoreException {
    int attempts = connector.retry().attempts();
    for (int tried = 1; ; tried++) {
      try {
        connection();
      } catch (StoreException e) {
        if (e.kind() != StoreException.Kind.UNAVAILABLE || tried >= attempts) {
          if (e.kind() != StoreException.Kind.UNAVAILABLE) {
            throw tried == 1 ? e : StoreException.badInput(e.getMessage() + " (after " + tried + " attempts)");
          }
          throw StoreException.retriesSpent(e.getMessage() + (tried == 1 ? "" : " (after " + tried + " attempts)"), null);
        }
        connector.retry().pause(tried);
        continue;
      }
      try {
        return attempt.run();
      } catch (SQLException e) {
        reset();
        if (!PostgresErrors.isTransient(e) || tried >= attempts) {
          throw e;
        }
        connector.retry().pause(tried);
      }
    }
  }

  /** The catalog of this store, read over the session's connection. */
  PostgresCatalog catalog() throws StoreException {
    return new PostgresCatalog(connection(), connector.role(), connector.dsn().source());
  }

  /** Column name to the type this store declares for it, looked up once per table. */
  Map<String, String> columnTypes(TableShape table) throws StoreException {
    Map<String, String> types = typesByTable.get(table.qualifiedName());
    if (types == null) {
      types = catalog().columnTypes(table, "table " + table.qualifiedName());
      typesByTable.put(table.qualifiedName(), types);
    }
    return types;
  }

  /**
   * Rolls back the open transaction, if any. A connection that cannot roll back is broken: it is
   * dropped (the server rolls back on its own) and false returned.
   */
  boolean rollback() {
    if (connection == null) {
      return true;
    }
    try {
      connection.rollback();
      return true;
    } catch (SQLException e) {
      reset();
      return false;
    }
  }

  /** Drops the connection after a failure; the next call opens a new one. */
  void reset() {
    if (connection != null) {
      closeQuietly(connection);
      connection = null;
    }
  }

  @Override
  public void close() {
    reset();
  }

  private static boolean isClosed(Connection connection) {
    try {
      return connection.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // already broken; nothing to release
    }
  }
}
