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
 * One write of the sample application, decided before it runs: an insert of a row, an update of
 * some columns, or a delete, of one row. It runs on the primary as one statement ending in
 * {@code RETURNING}, which gives the row as the primary now holds it (what the ledger remembers).
 *
 * <p>The mirror is the same statement with the same values, as a dual-writing application sends
 * it: an UPDATE stays an UPDATE, which finds no row in a shadow the backfill has not filled yet, a
 * DELETE stays a DELETE, an INSERT stays an INSERT, which collides with a row the backfill brought
 * first. The one difference: an insert whose id the primary's sequence chose names that id on the
 * mirror ({@code OVERRIDING SYSTEM VALUE} for an identity column), since the shadow's own sequence
 * would hand out another.
 *
 * @param key the row's key, or null for an insert whose key the primary's sequence chooses
 * @param values the columns the application sets: the whole row (without a generated id) for an
 *     insert, the changed columns for an update, none for a delete
 * @param ifAbsent an insert that does nothing when the row exists ({@code ON CONFLICT DO NOTHING})
 */
record SampleWrite(TableDefinition table, WriteKind kind, RowKey key, Map<String, String> values, boolean ifAbsent) {

  /** SQL with its parameters, each bound as text and cast to the column's type in the SQL. */
  record Statement(String sql, List<String> parameters) {}

  SampleWrite {
    values = values == null ? Map.of() : new LinkedHashMap<>(values);
  }

  /** An insert; without the table's generated column in {@code row}, the primary's sequence gives it. */
  static SampleWrite insert(TableDefinition table, Map<String, String> row) {
    return new SampleWrite(table, WriteKind.INSERT, keyIn(table, row), row, false);
  }

  /** An insert that is no write at all when the row exists (the application's "tag this tea"). */
  static SampleWrite insertIfAbsent(TableDefinition table, Map<String, String> row) {
    return new SampleWrite(table, WriteKind.INSERT, keyIn(table, row), row, true);
  }

  static SampleWrite update(TableDefinition table, RowKey key, Map<String, String> changes) {
    return new SampleWrite(table, WriteKind.UPDATE, key, changes, false);
  }

  static SampleWrite delete(TableDefinition table, RowKey key) {
    return new SampleWrite(table, WriteKind.DELETE, key, Map.of(), false);
  }

  private static RowKey keyIn(TableDefinition table, Map<String, String> row) {
    if (!table.primaryKey().stream().allMatch(row::containsKey)) {
      return null;
    }
    return new RowKey(table.name(), table.primaryKey().stream().map(row::get).toList());
  }

  /** True for an insert whose id the database hands out. */
  boolean generatesKey() {
    return kind == WriteKind.INSERT && key == null;
  }

  /** The key of the row written, once the primary returned it. */
  RowKey keyOf(RowImage primaryRow) {
    return key != null ? key : RowStatements.keyOf(table, primaryRow);
  }

  /** The statement the primary runs. */
  Statement onPrimary() {
    return switch (kind) {
      case INSERT -> insert(values, false);
      case UPDATE -> update();
      case DELETE -> delete();
    };
  }

  /** The statement the other store runs after the primary returned {@code primaryRow}. */
  Statement mirrorOf(RowImage primaryRow) {
    if (!generatesKey()) {
      return onPrimary();
    }
    Map<String, String> withId = new LinkedHashMap<>(values);
    TableDefinition.Column generated = table.generatedColumn().orElseThrow();
    withId.put(generated.name(), primaryRow.values().get(table.columnNames().indexOf(generated.name())));
    return insert(withId, table.hasAlwaysIdentity());
  }

  /**
   * Runs {@code statement} on {@code connection}. Returns the row after the write
   * ({@link RowImage#DELETED} for a delete), or null when it changed nothing: the row to update or
   * delete was not there, the row to insert if absent was.
   */
  RowImage run(Connection connection, Statement statement) throws SQLException {
    try (PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
      RowStatements.bind(prepared, 1, statement.parameters());
      try (ResultSet rows = prepared.executeQuery()) {
        if (!rows.next()) {
          return null;
        }
        return kind == WriteKind.DELETE ? RowImage.DELETED : RowStatements.image(rows, table.columns().size());
      }
    }
  }

  /** Why a statement that changed nothing did so, as the mirror counts it. */
  String changedNothing() {
    return switch (kind) {
      case INSERT -> "INSERT ... ON CONFLICT DO NOTHING found the row there";
      case UPDATE -> "UPDATE found no row";
      case DELETE -> "DELETE found no row";
    };
  }

  private Statement insert(Map<String, String> row, boolean overridingSystemValue) {
    List<String> columns = new ArrayList<>();
    List<String> casts = new ArrayList<>();
    List<String> parameters = new ArrayList<>();
    for (TableDefinition.Column column : table.columns()) {
      if (row.containsKey(column.name())) {
        columns.add(column.name());
        casts.add("CAST(? AS " + column.type() + ")");
        parameters.add(row.get(column.name()));
      }
    }
    String sql = "INSERT INTO " + table.quotedName() + " (" + TableDefinition.quoted(columns) + ")"
        + (overridingSystemValue ? " OVERRIDING SYSTEM VALUE" : "") + " VALUES (" + String.join(", ", casts) + ")"
        + (ifAbsent ? " ON CONFLICT DO NOTHING" : "") + " RETURNING " + table.selectListAsText();
    return new Statement(sql, parameters);
  }

  private Statement update() {
    List<String> sets = new ArrayList<>();
    List<String> parameters = new ArrayList<>();
    for (Map.Entry<String, String> change : values.entrySet()) {
      sets.add(Identifiers.quote(change.getKey()) + " = CAST(? AS " + table.column(change.getKey()).type() + ")");
      parameters.add(change.getValue());
    }
    parameters.addAll(key.values());
    return new Statement("UPDATE " + table.quotedName() + " SET " + String.join(", ", sets) + " WHERE "
        + table.keyPredicate() + " RETURNING " + table.selectListAsText(), parameters);
  }

  private Statement delete() {
    return new Statement("DELETE FROM " + table.quotedName() + " WHERE " + table.keyPredicate() + " RETURNING 1",
        key.values());
  }
}
