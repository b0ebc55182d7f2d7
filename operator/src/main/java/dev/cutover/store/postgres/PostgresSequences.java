package dev.cutover.store.postgres;

import dev.cutover.api.Identifiers;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The sequences of one database that feed the spec's columns, what they and the columns have
 * handed out, and the move that sets them past it. Every read is retried on a lost connection
 * within the connector's bounds; the move is idempotent (it never goes backwards).
 */
public final class PostgresSequences implements AutoCloseable {
  /** A sequence, by schema and name. */
  public record Sequence(String schema, String name) {
    /** {@code "schema"."name"}, quoted. */
    public String qualifiedName() {
      return Identifiers.quote(schema) + "." + Identifiers.quote(name);
    }
  }

  /** One sequence move: {@code sequence} set so that its next value is above {@code value}. */
  public record Move(Sequence sequence, long value) {}

  /**
   * Per column of a table, the sequence that feeds it: the one {@code pg_get_serial_sequence} names
   * (serial and identity columns: the sequence is owned by the column), else the sequence the
   * column's default depends on ({@code DEFAULT nextval('custom_seq')}: the default expression
   * records a dependency on the sequence it names as a regclass).
   */
  private static final String FEEDING =
      "SELECT a.attname, n.nspname, s.relname FROM pg_catalog.pg_attribute a"
          + " JOIN pg_catalog.pg_class s ON s.relkind = 'S' AND s.oid = COALESCE("
          + "   pg_catalog.pg_get_serial_sequence(a.attrelid::regclass::text, a.attname)::regclass::oid,"
          + "   (SELECT d.refobjid FROM pg_catalog.pg_attrdef ad JOIN pg_catalog.pg_depend d"
          + "      ON d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.objid = ad.oid"
          + "     AND d.refclassid = 'pg_catalog.pg_class'::regclass"
          + "     JOIN pg_catalog.pg_class r ON r.oid = d.refobjid AND r.relkind = 'S'"
          + "    WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum ORDER BY d.refobjid LIMIT 1))"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = s.relnamespace"
          + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

  private final PostgresConnector connector;
  private final PostgresSession session;

  public PostgresSequences(PostgresConnector connector) {
    this.connector = connector;
    this.session = new PostgresSession(connector);
  }

  /** "source" or "target". */
  public String role() {
    return connector.role();
  }

  /** Column name to the sequence feeding it, for the columns of {@code table} fed by one. */
  public Map<String, Sequence> feeding(TableShape table) throws StoreException {
    return read("finding the sequences of table " + table.qualifiedName(), open -> {
      Map<String, Sequence> found = new LinkedHashMap<>();
      try (PreparedStatement statement = open.prepareStatement(FEEDING)) {
        statement.setString(1, table.qualifiedName());
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            String column = rows.getString(1);
            if (table.columns().stream().anyMatch(c -> c.name().equals(column))) {
              found.put(column, new Sequence(rows.getString(2), rows.getString(3)));
            }
          }
        }
      }
      return found;
    });
  }

  /** The last value the sequence handed out (or will start from, when it never did). */
  public long lastValue(Sequence sequence) throws StoreException {
    return read("reading sequence " + sequence.qualifiedName(), open -> {
      try (PreparedStatement statement = open.prepareStatement(
          "SELECT s.last_value, p.increment_by FROM " + sequence.qualifiedName()
              + " AS s, pg_catalog.pg_sequences AS p WHERE p.schemaname = ? AND p.sequencename = ?")) {
        statement.setString(1, sequence.schema());
        statement.setString(2, sequence.name());
        try (ResultSet rows = statement.executeQuery()) {
          if (!rows.next()) {
            throw new SQLException("sequence " + sequence.qualifiedName() + " is not listed in pg_sequences", "42P01");
          }
          if (rows.getLong(2) < 0) {
            throw new SQLException("sequence " + sequence.qualifiedName() + " counts down (INCREMENT BY "
                + rows.getLong(2) + "); only ascending sequences can be moved past the values used", "0A000");
          }
          return rows.getLong(1);
        }
      }
    });
  }

  /** The highest value of the column in this database, empty when the table is empty. */
  public OptionalLong maxOf(TableShape table, String column) throws StoreException {
    return read("reading max(" + Identifiers.quote(column) + ") of table " + table.qualifiedName(), open -> {
      try (PreparedStatement statement = open.prepareStatement(
          "SELECT max(" + Identifiers.quote(column) + ")::bigint FROM " + table.qualifiedName())) {
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          long max = rows.getLong(1);
          return rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(max);
        }
      }
    });
  }

  /**
   * Sets every sequence of {@code moves} to its value in one transaction, never backwards: a
   * sequence already past its value (a re-run, or nextval() racing the move) keeps its own.
   *
   * @return per sequence, the value it holds now (its next nextval() returns more)
   */
  public List<Long> move(List<Move> moves) throws StoreException {
    return read("moving the sequences", open -> {
      List<Long> values = new ArrayList<>();
      open.setAutoCommit(false);
      try {
        for (Move move : moves) {
          values.add(setval(open, move));
        }
        open.commit();
      } catch (SQLException e) {
        session.rollback();
        throw e;
      } finally {
        if (!open.isClosed()) {
          open.setAutoCommit(true);
        }
      }
      return values;
    });
  }

  private static long setval(Connection open, Move move) throws SQLException {
    String sequence = move.sequence().qualifiedName();
    try (PreparedStatement statement = open.prepareStatement(
        "SELECT pg_catalog.setval(?::regclass, greatest(?, s.last_value), true) FROM " + sequence + " AS s")) {
      statement.setString(1, sequence);
      statement.setLong(2, move.value());
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  @FunctionalInterface
  private interface Read<T> {
    T run(Connection open) throws SQLException;
  }

  private <T> T read(String action, Read<T> read) throws StoreException {
    try {
      return session.retrying(() -> read.run(session.connection()));
    } catch (SQLException e) {
      String message = "the " + connector.role() + ": " + action + ": " + connector.describe(e);
      if (PostgresErrors.isTransient(e)) {
        throw StoreException.unavailable(message, null);
      }
      if ("42501".equals(e.getSQLState())) {
        throw StoreException.badInput(message + "; the " + connector.role()
            + " user needs SELECT and UPDATE on the sequences and SELECT on the tables");
      }
      throw StoreException.badInput(message);
    }
  }

  @Override
  public void close() {
    session.close();
  }
}
