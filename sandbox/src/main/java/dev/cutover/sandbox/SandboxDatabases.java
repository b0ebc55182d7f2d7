package dev.cutover.sandbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Two embedded PostgreSQL servers: the source ("self-hosted") seeded with the TeaElephant data set,
 * and the target ("managed") with the same schema and no rows. Both run in temporary directories
 * and disappear on {@link #close()}.
 */
public final class SandboxDatabases implements AutoCloseable {
  static final String DATABASE = "teaelephant";

  private final Map<Side, EmbeddedPostgres> servers;
  private final TeaElephantSeed.Counts seeded;

  private SandboxDatabases(Map<Side, EmbeddedPostgres> servers, TeaElephantSeed.Counts seeded) {
    this.servers = servers;
    this.seeded = seeded;
  }

  /** Starts both servers (in parallel), creates the schema on both and seeds the source. */
  public static SandboxDatabases start(int rows) {
    TeaElephantSeed.Counts counts = TeaElephantSeed.countsFor(rows);
    CompletableFuture<EmbeddedPostgres> source = CompletableFuture.supplyAsync(SandboxDatabases::startServer);
    CompletableFuture<EmbeddedPostgres> target = CompletableFuture.supplyAsync(SandboxDatabases::startServer);
    Map<Side, EmbeddedPostgres> servers = new EnumMap<>(Side.class);
    try {
      servers.put(Side.SOURCE, source.join());
      servers.put(Side.TARGET, target.join());
      SandboxDatabases databases = new SandboxDatabases(servers, counts);
      databases.prepare(counts);
      return databases;
    } catch (RuntimeException e) {
      servers.values().forEach(SandboxDatabases::closeQuietly);
      source.thenAccept(SandboxDatabases::closeQuietly);
      target.thenAccept(SandboxDatabases::closeQuietly);
      throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private static EmbeddedPostgres startServer() {
    try {
      // Durability does not matter in a sandbox; speed does.
      return EmbeddedPostgres.builder()
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .setServerConfig("max_connections", "100")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start an embedded PostgreSQL server", e);
    }
  }

  private void prepare(TeaElephantSeed.Counts counts) {
    for (Side side : Side.values()) {
      try (Connection admin = servers.get(side).getPostgresDatabase().getConnection();
          Statement statement = admin.createStatement()) {
        statement.execute("CREATE DATABASE " + DATABASE);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create database " + DATABASE + " on the " + side.label(), e);
      }
      try (Connection connection = connect(side); Statement statement = connection.createStatement()) {
        for (TableDefinition table : TeaElephantSchema.TABLES) {
          statement.execute(table.createStatement());
        }
        if (side == Side.SOURCE) {
          TeaElephantSeed.seed(connection, counts);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create the schema on the " + side.label() + ": " + e.getMessage(), e);
      }
    }
  }

  /** The JDBC URL of one side's database, the DSN the Secrets carry. */
  public String jdbcUrl(Side side) {
    return "jdbc:postgresql://localhost:" + servers.get(side).getPort() + "/" + DATABASE + "?user=postgres";
  }

  public Connection connect(Side side) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(side));
  }

  /** What the seed put in the source, per table. */
  public Map<String, Integer> seeded() {
    return seeded.perTable();
  }

  /** The row count of every table on one side, in copy order. */
  public Map<String, Long> rowCounts(Side side) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection connection = connect(side); Statement statement = connection.createStatement()) {
      for (TableDefinition table : TeaElephantSchema.TABLES) {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table.quotedName())) {
          rows.next();
          counts.put(table.name(), rows.getLong(1));
        }
      }
    }
    return counts;
  }

  @Override
  public void close() {
    servers.values().forEach(SandboxDatabases::closeQuietly);
  }

  private static void closeQuietly(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (IOException | RuntimeException e) {
      // The server is going away with the process anyway.
    }
  }
}
