package dev.cutover.store.postgres;

import dev.cutover.api.Identifiers;
import dev.cutover.store.Key;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the current rows of given keys from one database, as the text PostgreSQL prints for each
 * column (what COPY would write), for a repair that rewrites them elsewhere. The keys are bound as
 * text arrays and matched by primary-key equality after a cast to this database's own key types,
 * so the primary-key index serves the lookup and no value is spliced into SQL. Retries a lost
 * connection within the connector's bounds; a read is idempotent.
 */
public final class PostgresRowsByKey implements AutoCloseable {
  private final PostgresConnector connector;
  private final PostgresSession session;

  public PostgresRowsByKey(PostgresConnector connector) {
    this.connector = connector;
    this.session = new PostgresSession(connector);
  }

  /** The rows that exist for {@code keys}, fields in {@link TableShape#columns()} order, null for SQL NULL. */
  public List<String[]> read(TableShape table, List<Key> keys) throws StoreException {
    if (keys.isEmpty()) {
      return List.of();
    }
    try {
      return session.retrying(() -> readOnce(table, keys));
    } catch (SQLException e) {
      throw failure(e, table);
    }
  }

  private List<String[]> readOnce(TableShape table, List<Key> keys) throws SQLException, StoreException {
    Connection open = session.connection();
    List<String[]> rows = new ArrayList<>();
    try (PreparedStatement statement = open.prepareStatement(select(table))) {
      int keyColumns = table.primaryKey().size();
      for (int k = 0; k < keyColumns; k++) {
        String[] values = new String[keys.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = keys.get(i).values().get(k);
        }
        statement.setArray(k + 1, open.createArrayOf("text", values));
      }
      try (ResultSet result = statement.executeQuery()) {
        int columns = table.columns().size();
        while (result.next()) {
          String[] row = new String[columns];
          for (int i = 0; i < columns; i++) {
            row[i] = result.getString(i + 1);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /**
   * {@code SELECT t."a"::text, ... FROM "s"."t" AS t JOIN unnest(?::text[], ...) AS k(k0, ...)
   * ON t."pk0" = k.k0::type AND ...}.
   */
  String select(TableShape table) throws StoreException {
    Map<String, String> types = session.columnTypes(table);
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < table.columns().size(); i++) {
      sql.append(i > 0 ? ", " : "").append("t.").append(Identifiers.quote(table.columns().get(i).name()))
          .append("::text");
    }
    sql.append(" FROM ").append(table.qualifiedName()).append(" AS t JOIN unnest(");
    List<String> primaryKey = table.primaryKey();
    for (int k = 0; k < primaryKey.size(); k++) {
      sql.append(k > 0 ? ", " : "").append("?::text[]");
    }
    sql.append(") AS k(");
    for (int k = 0; k < primaryKey.size(); k++) {
      sql.append(k > 0 ? ", " : "").append("k").append(k);
    }
    sql.append(") ON ");
    for (int k = 0; k < primaryKey.size(); k++) {
      sql.append(k > 0 ? " AND " : "").append("t.").append(Identifiers.quote(primaryKey.get(k)))
          .append(" = k.k").append(k).append("::").append(types.get(primaryKey.get(k)));
    }
    return sql.toString();
  }


  private StoreException failure(SQLException e, TableShape table) {
    String message = "reading rows of table " + table.qualifiedName() + " by key from the " + connector.role()
        + ": " + connector.describe(e);
    return PostgresErrors.isTransient(e)
        ? StoreException.unavailable(message, null)
        : StoreException.badInput(message);
  }

  @Override
  public void close() {
    session.close();
  }
}
