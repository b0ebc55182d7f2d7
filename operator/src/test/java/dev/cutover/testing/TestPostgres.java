package dev.cutover.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL server for the whole test JVM (starting one costs about a second), and
 * fresh databases on it for each test class or test: {@code CREATE DATABASE} takes milliseconds.
 */
public final class TestPostgres {
  /** A password put in test DSNs; the embedded server trusts local logins, so it is never checked. */
  public static final String PASSWORD = "s3cr3t-P@ss:w/rd%";

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException e) {
          // the JVM is exiting anyway
        }
      }));
    }
    return server;
  }

  /** Creates a new, empty database named {@code prefix_N}. */
  public static Database createDatabase(String prefix) {
    String name = prefix.toLowerCase() + "_" + COUNTER.incrementAndGet();
    try (Connection admin = server().getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return new Database(name, server().getPort());
  }

  /** A database of the embedded server. */
  public record Database(String name, int port) {
    /** A libpq URI with a password that must never show up in any output. */
    public String uri() {
      return "postgres://postgres:" + PASSWORD.replace("%", "%25").replace("@", "%40").replace(":", "%3A")
          .replace("/", "%2F") + "@localhost:" + port + "/" + name;
    }

    public String jdbcUrl() {
      return "jdbc:postgresql://localhost:" + port + "/" + name + "?user=postgres";
    }

    public Connection connect() throws SQLException {
      return DriverManager.getConnection(jdbcUrl());
    }

    /** Runs statements, one per string, in autocommit. */
    public void execute(String... sql) {
      try (Connection connection = connect(); Statement statement = connection.createStatement()) {
        for (String each : sql) {
          statement.execute(each);
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
  }
}
