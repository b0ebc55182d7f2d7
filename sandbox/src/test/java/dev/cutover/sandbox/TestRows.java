package dev.cutover.sandbox;

import dev.cutover.api.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Whole-row writes for the tests' stand-ins (a copy, a repair): what a tool that knows the whole
 * row writes, never what the application does.
 */
final class TestRows {
  private TestRows() {}

  /** An insert of a whole row that leaves an existing one alone; identity columns take the given id. */
  static String insertIfAbsent(TableDefinition table) {
    return insert(table) + " ON CONFLICT DO NOTHING";
  }

  /** An insert of a whole row that overwrites an existing one. */
  static String upsert(TableDefinition table) {
    List<String> updates = table.columns().stream()
        .filter(c -> !table.primaryKey().contains(c.name()))
        .map(c -> Identifiers.quote(c.name()) + " = EXCLUDED." + Identifiers.quote(c.name()))
        .toList();
    String onConflict = updates.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ", updates);
    return insert(table) + " ON CONFLICT (" + TableDefinition.quoted(table.primaryKey()) + ") " + onConflict;
  }

  private static String insert(TableDefinition table) {
    String values = table.columns().stream().map(c -> "CAST(? AS " + c.type() + ")").collect(Collectors.joining(", "));
    return "INSERT INTO " + table.quotedName() + " (" + TableDefinition.quoted(table.columnNames()) + ")"
        + (table.hasAlwaysIdentity() ? " OVERRIDING SYSTEM VALUE" : "") + " VALUES (" + values + ")";
  }

  /** Makes the row {@code key} on {@code connection} what {@code image} says: upserted, or deleted. */
  static void put(Connection connection, TableDefinition table, RowKey key, RowImage image) throws SQLException {
    if (image.deleted()) {
      try (PreparedStatement statement = connection.prepareStatement(
          "DELETE FROM " + table.quotedName() + " WHERE " + table.keyPredicate())) {
        RowStatements.bind(statement, 1, key.values());
        statement.executeUpdate();
      }
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(upsert(table))) {
      RowStatements.bind(statement, 1, image.values());
      statement.executeUpdate();
    }
  }

  /** Every row of {@code table}, by key, in key order. */
  static Map<RowKey, RowImage> rows(TableDefinition table, Connection connection) throws SQLException {
    Map<RowKey, RowImage> rows = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT " + table.selectListAsText() + " FROM " + table.quotedName()
            + " ORDER BY " + TableDefinition.quoted(table.primaryKey()))) {
      while (result.next()) {
        RowImage row = RowStatements.image(result, table.columns().size());
        rows.put(RowStatements.keyOf(table, row), row);
      }
    }
    return rows;
  }

  /** The next id the sequence feeding {@code table}'s generated column hands out, without taking it. */
  static long nextId(Connection connection, TableDefinition table) throws SQLException {
    String column = table.generatedColumn().orElseThrow().name();
    String sequence;
    try (PreparedStatement statement = connection.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
      statement.setString(1, table.quotedName());
      statement.setString(2, column);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        sequence = result.getString(1);
      }
    }
    try (Statement statement = connection.createStatement();
        ResultSet values = statement.executeQuery(
            "SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM " + sequence)) {
      values.next();
      return values.getLong(1);
    }
  }

  /**
   * Moves the sequence feeding {@code table}'s generated column on {@code to} past every id either
   * side has used, plus {@code headroom}, never backwards: what a primary switch must do.
   */
  static long moveSequence(Connection to, Connection other, TableDefinition table, long headroom) throws SQLException {
    long used = Math.max(Math.max(maxId(to, table), nextId(to, table) - 1), Math.max(maxId(other, table), nextId(other, table) - 1));
    long value = Math.max(used + headroom, nextId(to, table) - 1);
    try (PreparedStatement statement = to.prepareStatement("SELECT setval(pg_get_serial_sequence(?, ?), ?)")) {
      statement.setString(1, table.quotedName());
      statement.setString(2, table.generatedColumn().orElseThrow().name());
      statement.setLong(3, value);
      statement.executeQuery().close();
    }
    return value;
  }

  private static long maxId(Connection connection, TableDefinition table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT coalesce(max(" + Identifiers.quote(
            table.generatedColumn().orElseThrow().name()) + "), 0) FROM " + table.quotedName())) {
      result.next();
      return result.getLong(1);
    }
  }
}
