package dev.cutover.sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole-row reads over a {@link TableDefinition}, with every value bound as text and cast to the
 * column's type in SQL, and every column read back as PostgreSQL's text output: how the application
 * reads a row and how the sandbox compares a store with the write ledger.
 */
final class RowStatements {
  private RowStatements() {}

  static String select(TableDefinition table) {
    return "SELECT " + table.selectListAsText() + " FROM " + table.quotedName() + " WHERE " + table.keyPredicate();
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
