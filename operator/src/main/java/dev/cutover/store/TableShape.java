package dev.cutover.store;

import dev.cutover.api.Identifiers;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One table as both sides must agree on it: where it lives in the target, the columns copied and
 * compared (in this order, which is also the order of fields in a COPY text line), and the primary
 * key. Resolved from the spec and the target's catalog before any row moves.
 */
public record TableShape(String schema, String name, List<Column> columns, List<String> primaryKey) {

  public TableShape {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    for (String key : primaryKey) {
      if (columns.stream().noneMatch(c -> c.name().equals(key))) {
        throw new IllegalArgumentException(
            "table " + name + ": primary-key column " + key + " is not among the copied columns");
      }
    }
  }

  /** {@code "schema"."name"}, quoted. */
  public String qualifiedName() {
    return Identifiers.quote(schema) + "." + Identifiers.quote(name);
  }

  /** The positions of the primary-key columns in {@link #columns()}, in key order. */
  public int[] keyIndexes() {
    int[] indexes = new int[primaryKey.size()];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = columnIndex(primaryKey.get(i));
    }
    return indexes;
  }

  public int columnIndex(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) {
        return i;
      }
    }
    throw new IllegalArgumentException("table " + name + " has no column " + column);
  }

  /** The quoted column list, for SELECT and COPY. */
  public String quotedColumnList() {
    return columns.stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "));
  }

  /** The quoted primary-key list, for ORDER BY and ON CONFLICT. */
  public String quotedKeyList() {
    return primaryKey.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
  }
}
