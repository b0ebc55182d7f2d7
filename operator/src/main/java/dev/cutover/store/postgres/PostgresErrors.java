package dev.cutover.store.postgres;

import java.sql.SQLException;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** What a PostgreSQL error means for the worker: retry it, blame the input, or give up. */
final class PostgresErrors {
  /** Connection lost or refused, server shutting down, too many clients, transaction conflicts. */
  private static final Set<String> TRANSIENT_STATES =
      Set.of("57P01", "57P02", "57P03", "53300", "40001", "40P01", "55P03");

  private PostgresErrors() {}

  /** True when trying again (on a new connection if needed) may well succeed. */
  static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    if (isConfiguration(e)) {
      return false;
    }
    return state == null || state.startsWith("08") || TRANSIENT_STATES.contains(state);
  }

  /**
   * Connection errors of configuration that no retry fixes: login refused (28), no such database
   * (3D000), no privilege (42501), and the driver's "connection rejected" (08004): the server does
   * not offer the SSL the DSN requires, or asks for a password the DSN does not carry. 08004 is in
   * the connection class, and {@link #isTransient} excludes it.
   */
  static boolean isConfiguration(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && (state.startsWith("28") || state.equals("3D000") || state.equals("42501") || state.equals("08004"));
  }

  /** The server's primary message (without the driver's "ERROR:" prefix), or the driver's message. */
  static String message(SQLException e) {
    if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
      ServerErrorMessage server = psql.getServerErrorMessage();
      if (server.getMessage() != null) {
        return server.getMessage();
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The server's error fields, or null when the error came from the driver. */
  static ServerErrorMessage server(SQLException e) {
    return e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
  }

  /** Removes a secret from a message, for the rare driver message that would echo it. */
  static String redact(String message, String secret) {
    if (message == null || secret == null || secret.length() < 4) {
      return message;
    }
    return message.replace(secret, "****");
  }
}
