package dev.cutover.sandbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;

/** One thread's connections to the two stores, opened on first use and reopened after a break. */
final class StoreConnections implements AutoCloseable {
  private final SandboxDatabases databases;
  private final Map<Side, Connection> open = new EnumMap<>(Side.class);

  StoreConnections(SandboxDatabases databases) {
    this.databases = databases;
  }

  Connection get(Side side) throws SQLException {
    Connection connection = open.get(side);
    if (connection == null) {
      connection = databases.connect(side);
      open.put(side, connection);
    }
    return connection;
  }

  void reset(Side side) {
    Connection connection = open.remove(side);
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Already broken.
      }
    }
  }

  /** A connection-class failure (SQLSTATE 08): the statement's outcome is unknown. */
  static boolean broken(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("08");
  }

  @Override
  public void close() {
    for (Side side : Side.values()) {
      reset(side);
    }
  }
}
