package dev.cutover.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * One embedded PostgreSQL server holding the source and every target as databases of it, so the
 * raw pipe, row-by-row and Cutover share the same CPU, WAL, buffers and settings. The settings are
 * PostgreSQL's defaults, as on a production server: zonky turns fsync, full_page_writes and
 * synchronous_commit off to start fast; they are put back on, so that a commit costs what it costs
 * there (a WAL flush), for every contender alike.
 */
final class BenchServer implements AutoCloseable {
  private final EmbeddedPostgres server;

  private BenchServer(EmbeddedPostgres server) {
    this.server = server;
  }

  static BenchServer start() throws IOException {
    return new BenchServer(EmbeddedPostgres.builder()
        .setServerConfig("fsync", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("synchronous_commit", "on")
        .setPGStartupWait(Duration.ofMinutes(2))
        .start());
  }

  /** A JDBC URL for {@code database}; the embedded server trusts local logins. */
  String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + server.getPort() + "/" + database + "?user=postgres";
  }

  /** A libpq URI for {@code database}, for tools outside the JVM (pgcopydb). */
  String uri(String database) {
    return "postgres://postgres@localhost:" + server.getPort() + "/" + database;
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database));
  }

  /** Creates an empty database holding an empty bench table. */
  void createDatabase(String database) throws SQLException {
    admin("CREATE DATABASE " + database);
    try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
      statement.execute(BenchTable.CREATE);
    }
  }

  void dropDatabase(String database) throws SQLException {
    admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  /** Flushes dirty buffers so that no contender pays for the writes of the one before it. */
  void checkpoint() throws SQLException {
    admin("CHECKPOINT");
  }

  String version() throws SQLException {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW server_version")) {
      rows.next();
      return rows.getString(1);
    }
  }

  private void admin(String sql) throws SQLException {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
