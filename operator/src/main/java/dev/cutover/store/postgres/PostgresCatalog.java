package dev.cutover.store.postgres;

import dev.cutover.api.Identifiers;
import dev.cutover.api.TableSpec;
import dev.cutover.store.Column;
import dev.cutover.store.StoreException;
import dev.cutover.store.TableShape;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What one database's catalog says about the spec's tables: whether they exist, their columns in
 * order with the types {@code format_type} names, and how many rows the planner thinks they hold.
 * Every check happens before any row moves, so a bad spec fails in seconds with the culprit named.
 */
public final class PostgresCatalog {
  /** A column as the catalog has it. */
  public record CatalogColumn(String name, String type, boolean generated) {}

  /**
   * What the catalog says about one relation, for the preflight, which lists every problem rather
   * than stopping at the first: whether it is a table, its columns by name, and the column sets of
   * its unique indexes (the primary key's among them).
   */
  public record TableFacts(boolean isTable, Map<String, CatalogColumn> columns, List<Set<String>> uniqueKeys) {}

  private static final String FIND_RELATION =
      "SELECT c.oid, c.relkind FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f')";
  private static final String COLUMNS =
      "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attgenerated <> ''"
          + " FROM pg_catalog.pg_attribute a"
          + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
  private static final String UNIQUE_KEYS =
      "SELECT ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)"
          + " JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
          + " WHERE k.ord <= i.indnkeyatts ORDER BY k.ord)"
          + " FROM pg_catalog.pg_index i"
          + " WHERE i.indrelid = ? AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL";
  private static final String ESTIMATED_ROWS =
      "SELECT c.reltuples::bigint FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?";

  private final Connection connection;
  private final String role;
  private final String envVar;

  /**
   * @param role "source" or "target", and {@code envVar} where its DSN came from, for messages
   */
  public PostgresCatalog(Connection connection, String role, String envVar) {
    this.connection = connection;
    this.role = role;
    this.envVar = envVar;
  }

  /**
   * The shape of spec table {@code index} in this (the target) database: the spec's columns, or
   * every non-generated column in table order, with the catalog's types.
   */
  public TableShape resolveTarget(TableSpec spec, int index) throws StoreException {
    String path = "spec.tables[" + index + "]";
    if (spec.primaryKey == null || spec.primaryKey.isEmpty()) {
      throw StoreException.badInput(
          path + " (" + display(spec) + ") has no primaryKey: rows are copied, checkpointed and compared by it");
    }
    long oid = requireTable(spec, path, true);
    Map<String, CatalogColumn> byName = columns(oid);
    for (String key : spec.primaryKey) {
      if (!byName.containsKey(key)) {
        throw missingColumn(spec, key, path + ".primaryKey");
      }
    }
    List<Column> columns = new ArrayList<>();
    if (spec.columns == null || spec.columns.isEmpty()) {
      for (CatalogColumn column : byName.values()) {
        if (!column.generated()) {
          columns.add(new Column(column.name(), column.type()));
        }
      }
    } else {
      for (String name : spec.columns) {
        CatalogColumn column = byName.get(name);
        if (column == null) {
          throw missingColumn(spec, name, path + ".columns");
        }
        if (column.generated()) {
          throw StoreException.badInput(
              "table " + display(spec) + ": column " + Identifiers.quote(name) + " (" + path
                  + ".columns) is generated in the target and cannot be written; remove it from the list");
        }
        columns.add(new Column(column.name(), column.type()));
      }
      for (String key : spec.primaryKey) {
        if (!spec.columns.contains(key)) {
          throw StoreException.badInput(
              path + ".columns must include the primaryKey column " + Identifiers.quote(key)
                  + " of table " + display(spec));
        }
      }
    }
    requireUniqueKey(oid, spec, path);
    return new TableShape(spec.schemaOrDefault(), spec.name, columns, spec.primaryKey);
  }

  /** Checks that this (the source) database has the table and every column of {@code shape}. */
  public void checkSource(TableShape shape, int index) throws StoreException {
    columnTypes(shape, "spec.tables[" + index + "]");
  }

  /**
   * The types of {@code shape}'s columns in this database, by column name: a PostgreSQL source casts
   * key literals to its own types, which may differ from the target's.
   */
  public Map<String, String> columnTypes(TableShape shape, String path) throws StoreException {
    TableSpec spec = new TableSpec();
    spec.schema = shape.schema();
    spec.name = shape.name();
    long oid = requireTable(spec, path, false);
    Map<String, CatalogColumn> byName = columns(oid);
    Map<String, String> types = new LinkedHashMap<>();
    for (Column column : shape.columns()) {
      CatalogColumn found = byName.get(column.name());
      if (found == null) {
        throw missingColumn(spec, column.name(), path + (shape.primaryKey().contains(column.name())
            ? ".primaryKey" : ".columns"));
      }
      types.put(found.name(), found.type());
    }
    return types;
  }

  /** The relation {@code schema.name}, if this database has one. */
  public Optional<TableFacts> describe(String schema, String name) throws StoreException {
    Optional<long[]> found = relation(schema, name);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    long oid = found.get()[0];
    boolean isTable = found.get()[1] == 'r' || found.get()[1] == 'p';
    return Optional.of(new TableFacts(isTable, columns(oid), uniqueKeys(oid)));
  }

  /** The planner's row estimate, empty when the table was never analyzed. */
  public OptionalLong estimatedRows(String schema, String name) throws StoreException {
    try (PreparedStatement statement = connection.prepareStatement(ESTIMATED_ROWS)) {
      statement.setString(1, schema);
      statement.setString(2, name);
      try (ResultSet rows = statement.executeQuery()) {
        if (rows.next() && rows.getLong(1) >= 0) {
          return OptionalLong.of(rows.getLong(1));
        }
        return OptionalLong.empty();
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private long requireTable(TableSpec spec, String path, boolean mustBeTable) throws StoreException {
    Optional<long[]> found = relation(spec.schemaOrDefault(), spec.name);
    boolean isTable = found.isPresent() && (found.get()[1] == 'r' || found.get()[1] == 'p');
    if (found.isEmpty() || (mustBeTable && !isTable)) {
      throw StoreException.badInput(
          "table " + display(spec) + " (" + path + ") does not exist in the " + role + " database ("
              + envVar + ")" + (mustBeTable ? "; create it with its primary key before the backfill" : ""));
    }
    return found.get()[0];
  }

  /** {oid, relkind} of the relation, if any. */
  private Optional<long[]> relation(String schema, String name) throws StoreException {
    try (PreparedStatement statement = connection.prepareStatement(FIND_RELATION)) {
      statement.setString(1, schema);
      statement.setString(2, name);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(new long[] {rows.getLong(1), rows.getString(2).charAt(0)});
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private Map<String, CatalogColumn> columns(long oid) throws StoreException {
    Map<String, CatalogColumn> columns = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
      statement.setLong(1, oid);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          CatalogColumn column = new CatalogColumn(rows.getString(1), rows.getString(2), rows.getBoolean(3));
          columns.put(column.name(), column);
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return columns;
  }

  /** ON CONFLICT (pk) needs a unique index on exactly the key columns, in any order. */
  private void requireUniqueKey(long oid, TableSpec spec, String path) throws StoreException {
    if (uniqueKeys(oid).contains(new HashSet<>(spec.primaryKey))) {
      return;
    }
    throw StoreException.badInput(
        "table " + display(spec) + " in the target has no primary key or unique index on "
            + path + ".primaryKey " + spec.primaryKey
            + ": the backfill merges with ON CONFLICT and needs one; create the primary key first");
  }

  /** The column sets of the relation's unique indexes without predicate or expression. */
  private List<Set<String>> uniqueKeys(long oid) throws StoreException {
    List<Set<String>> keys = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(UNIQUE_KEYS)) {
      statement.setLong(1, oid);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          Array names = rows.getArray(1);
          keys.add(new HashSet<>(List.of((String[]) names.getArray())));
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return keys;
  }

  private StoreException missingColumn(TableSpec spec, String column, String path) {
    return StoreException.badInput(
        "table " + display(spec) + ": column " + Identifiers.quote(column) + " (" + path
            + ") does not exist in the " + role + " database (" + envVar + ")");
  }

  private StoreException failure(SQLException e) {
    return new StoreException(
        PostgresErrors.isTransient(e) ? StoreException.Kind.UNAVAILABLE : StoreException.Kind.BAD_INPUT,
        "reading the " + role + " catalog failed: " + PostgresErrors.message(e));
  }

  static String display(TableSpec spec) {
    return Identifiers.quote(spec.schemaOrDefault()) + "." + Identifiers.quote(spec.name);
  }
}
