package dev.cutover.store.postgres;

import dev.cutover.store.Retry;
import dev.cutover.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens connections to one database, telling what a retry can fix (refused, reset, server
 * starting or shutting down, too many clients) from what it cannot (login, database, SSL or a
 * parameter the server refuses), and sets each session up so that PostgreSQL's text output is
 * canonical: UTC timestamps, ISO dates, shortest exact floats.
 */
public final class PostgresConnector {
  /** Session settings every connection gets; COPY text and key literals rely on them. */
  static final String SESSION_SETUP =
      "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres';"
          + " SET extra_float_digits = 3; SET standard_conforming_strings = on; SET bytea_output = 'hex';"
          // A table is read by one long COPY; a role's statement timeout must not cut it short.
          + " SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0";

  private final PostgresDsn dsn;
  private final Retry retry;
  private final String role;

  /**
   * @param role which side this is ("source" or "target"), for messages
   */
  public PostgresConnector(PostgresDsn dsn, Retry retry, String role) {
    this.dsn = dsn;
    this.retry = retry;
    this.role = role;
  }

  public PostgresDsn dsn() {
    return dsn;
  }

  public Retry retry() {
    return retry;
  }

  /** "source" or "target". */
  public String role() {
    return role;
  }

  /**
   * A new connection in autocommit mode with the canonical session settings, in one attempt: the
   * retries belong to the loop that calls it ({@link PostgresSession#retrying}, or a resume loop
   * above a session), so that one loop owns the budget and attempts never multiply.
   *
   * @throws StoreException UNAVAILABLE when the server could not be reached or is not accepting
   *     connections right now (a retry may succeed); BAD_INPUT when the server answered and refused
   *     what the DSN asks for (login, database, SSL, a session parameter), which no retry fixes
   */
  public Connection connect() throws StoreException {
    try {
      return connectOnce();
    } catch (SQLException e) {
      if (PostgresErrors.isTransient(e)) {
        throw StoreException.unavailable(
            "the " + role + " database " + dsn + " is unreachable: " + describe(e), null);
      }
      throw StoreException.badInput(
          "the " + role + " database " + dsn + " refused the connection: " + describe(e)
              + "; check the DSN in " + dsn.source() + "; retrying will not help");
    }
  }

  private Connection connectOnce() throws SQLException {
    Properties properties = dsn.properties();
    properties.putIfAbsent("connectTimeout", "10");
    properties.putIfAbsent("tcpKeepAlive", "true");
    properties.putIfAbsent("ApplicationName", "cutover");
    Connection connection = new org.postgresql.Driver().connect(dsn.jdbcUrl(), properties);
    if (connection == null) {
      throw new SQLException("the driver did not accept the URL", "08001");
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(SESSION_SETUP);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /** The error's message, redacted, with its SQLState; never the DSN. */
  String describe(SQLException e) {
    if (e == null) {
      return "no attempt made";
    }
    String state = e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]";
    return PostgresErrors.redact(PostgresErrors.message(e), dsn.password()) + state;
  }
}
