package dev.cutover.sandbox;

import dev.cutover.api.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One write of the sample application, decided before it runs (so its row can be locked): an
 * insert of a whole row, an update of some columns, or a delete, of one row by key. Run on the
 * primary, it returns the row as the primary now holds it, which is what gets mirrored and what
 * the ledger remembers.
 */
record SampleWrite(TableDefinition table, WriteKind kind, RowKey key, Map<String, String> values) {

  SampleWrite {
    values = values == null ? Map.of() : new LinkedHashMap<>(values);
  }

  static SampleWrite insert(TableDefinition table, Map<String, String> row) {
    List<String> key = table.primaryKey().stream().map(row::get).toList();
    return new SampleWrite(table, WriteKind.INSERT, new RowKey(table.name(), key), row);
  }

  static SampleWrite update(TableDefinition table, RowKey key, Map<String, String> changes) {
    return new SampleWrite(table, WriteKind.UPDATE, key, changes);
  }

  static SampleWrite delete(TableDefinition table, RowKey key) {
    return new SampleWrite(table, WriteKind.DELETE, key, Map.of());
  }

  /**
   * Runs on the primary. Returns the row after the write ({@link RowImage#DELETED} for a delete), or
   * null when the write changed nothing (the row to update or delete was gone, the pair to insert
   * already there).
   */
  RowImage applyTo(Connection primary) throws SQLException {
    List<String> parameters = new ArrayList<>();
    String sql = switch (kind) {
      case INSERT -> insertSql(parameters);
      case UPDATE -> updateSql(parameters);
      case DELETE -> deleteSql(parameters);
    };
    try (PreparedStatement statement = primary.prepareStatement(sql)) {
      RowStatements.bind(statement, 1, parameters);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return null;
        }
        return kind == WriteKind.DELETE ? RowImage.DELETED : RowStatements.image(rows, table.columns().size());
      }
    }
  }

  private String insertSql(List<String> parameters) {
    List<String> casts = new ArrayList<>();
    for (TableDefinition.Column column : table.columns()) {
      casts.add("CAST(? AS " + column.type() + ")");
      parameters.add(values.get(column.name()));
    }
    // A pair that exists already is no write at all (the application's "tag this tea" is idempotent).
    return "INSERT INTO " + table.quotedName() + " (" + TableDefinition.quoted(table.columnNames()) + ") VALUES ("
        + String.join(", ", casts) + ") ON CONFLICT DO NOTHING RETURNING " + table.selectListAsText();
  }

  private String updateSql(List<String> parameters) {
    List<String> sets = new ArrayList<>();
    for (Map.Entry<String, String> change : values.entrySet()) {
      sets.add(Identifiers.quote(change.getKey()) + " = CAST(? AS " + table.column(change.getKey()).type() + ")");
      parameters.add(change.getValue());
    }
    parameters.addAll(key.values());
    return "UPDATE " + table.quotedName() + " SET " + String.join(", ", sets) + " WHERE " + table.keyPredicate()
        + " RETURNING " + table.selectListAsText();
  }

  private String deleteSql(List<String> parameters) {
    parameters.addAll(key.values());
    return "DELETE FROM " + table.quotedName() + " WHERE " + table.keyPredicate() + " RETURNING 1";
  }
}
