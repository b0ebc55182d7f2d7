package dev.cutover.sandbox;

import dev.cutover.api.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Whole-row statements over a {@link TableDefinition}, with every value bound as text and cast to
 * the column's type in SQL. This is how a mirrored write is applied to the other store: an upsert
 * of the row as the primary returned it (so a mirrored write of a row the backfill has not copied
 * yet creates it), or a delete by key.
 */
final class RowStatements {
  private RowStatements() {}

  static String upsert(TableDefinition table) {
    String columns = TableDefinition.quoted(table.columnNames());
    String values = table.columns().stream().map(c -> "CAST(? AS " + c.type() + ")").collect(Collectors.joining(", "));
    List<String> updates = table.columns().stream()
        .filter(c -> !table.primaryKey().contains(c.name()))
        .map(c -> Identifiers.quote(c.name()) + " = EXCLUDED." + Identifiers.quote(c.name()))
        .toList();
    String onConflict = updates.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ", updates);
    return "INSERT INTO " + table.quotedName() + " (" + columns + ") VALUES (" + values + ") ON CONFLICT ("
        + TableDefinition.quoted(table.primaryKey()) + ") " + onConflict;
  }

  static String delete(TableDefinition table) {
    return "DELETE FROM " + table.quotedName() + " WHERE " + table.keyPredicate();
  }

  static String select(TableDefinition table) {
    return "SELECT " + table.selectListAsText() + " FROM " + table.quotedName() + " WHERE " + table.keyPredicate();
  }

  /** Makes the row on {@code connection} what {@code image} says: upserted, or deleted. */
  static void apply(Connection connection, TableDefinition table, RowKey key, RowImage image) throws SQLException {
    if (image.deleted()) {
      try (PreparedStatement statement = connection.prepareStatement(delete(table))) {
        bind(statement, 1, key.values());
        statement.executeUpdate();
      }
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(upsert(table))) {
      bind(statement, 1, image.values());
      statement.executeUpdate();
    }
  }

  /** The row as it is on {@code connection} now, or {@link RowImage#DELETED} when it is not there. */
  static RowImage read(Connection connection, TableDefinition table, RowKey key) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(select(table))) {
      bind(statement, 1, key.values());
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? image(rows, table.columns().size()) : RowImage.DELETED;
      }
    }
  }

  static RowImage image(ResultSet rows, int columns) throws SQLException {
    List<String> values = new ArrayList<>(columns);
    for (int i = 1; i <= columns; i++) {
      values.add(rows.getString(i));
    }
    return RowImage.of(values);
  }

  static int bind(PreparedStatement statement, int first, List<String> values) throws SQLException {
    int index = first;
    for (String value : values) {
      statement.setString(index++, value);
    }
    return index;
  }

  /** The key of a row image. */
  static RowKey keyOf(TableDefinition table, RowImage image) {
    List<String> key = new ArrayList<>();
    for (int index : table.keyIndexes()) {
      key.add(image.values().get(index));
    }
    return new RowKey(table.name(), key);
  }
}
