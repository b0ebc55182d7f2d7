package dev.cutover.sandbox;

import dev.cutover.api.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One table of the sandbox's data set, enough to create it and to write a row to it generically:
 * its columns with their PostgreSQL types (used to cast text values back into the column type),
 * where a column's values come from when an insert leaves it out (a sequence), its primary key and
 * its foreign keys.
 */
record TableDefinition(String name, List<Column> columns, List<String> primaryKey, List<ForeignKey> foreignKeys) {

  /**
   * A column: name, type as PostgreSQL writes it (the type values are cast to), the rest of its
   * definition (NOT NULL, DEFAULT), and whether the database hands out its values.
   */
  record Column(String name, String type, String constraints, Generated generated) {
    /** The column as CREATE TABLE writes it. */
    String definition() {
      String declared = switch (generated) {
        case NO -> type + " " + constraints;
        case SERIAL -> serialType() + " " + constraints;
        case IDENTITY -> type + " " + constraints + " GENERATED ALWAYS AS IDENTITY";
      };
      return (Identifiers.quote(name) + " " + declared).strip();
    }

    private String serialType() {
      return switch (type) {
        case "bigint" -> "bigserial";
        case "integer" -> "serial";
        default -> throw new IllegalArgumentException("column " + name + ": no serial type for " + type);
      };
    }
  }

  /** Where the values of a column come from when an insert leaves it out. */
  enum Generated {
    /** The application gives every value (or a DEFAULT that is no sequence). */
    NO,
    /** {@code bigserial}: a sequence the column's DEFAULT draws from; explicit values are accepted. */
    SERIAL,
    /** {@code GENERATED ALWAYS AS IDENTITY}: explicit values need {@code OVERRIDING SYSTEM VALUE}. */
    IDENTITY
  }

  /** {@code columns} reference {@code table(referenced)}. */
  record ForeignKey(List<String> columns, String table, List<String> referenced) {}

  TableDefinition {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    foreignKeys = List.copyOf(foreignKeys);
  }

  static Builder named(String name) {
    return new Builder(name);
  }

  String quotedName() {
    return Identifiers.quote(name);
  }

  String createStatement() {
    List<String> parts = new ArrayList<>();
    for (Column column : columns) {
      parts.add(column.definition());
    }
    parts.add("PRIMARY KEY (" + quoted(primaryKey) + ")");
    for (ForeignKey fk : foreignKeys) {
      parts.add("FOREIGN KEY (" + quoted(fk.columns()) + ") REFERENCES "
          + Identifiers.quote(fk.table()) + " (" + quoted(fk.referenced()) + ")");
    }
    return "CREATE TABLE " + quotedName() + " (\n  " + String.join(",\n  ", parts) + "\n)";
  }

  Column column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("table " + name + " has no column " + columnName));
  }

  List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  /** The column whose values a sequence of the database hands out, if any. */
  Optional<Column> generatedColumn() {
    return columns.stream().filter(c -> c.generated() != Generated.NO).findFirst();
  }

  /** True when an insert that gives every column a value must say OVERRIDING SYSTEM VALUE. */
  boolean hasAlwaysIdentity() {
    return columns.stream().anyMatch(c -> c.generated() == Generated.IDENTITY);
  }

  /** The columns as text, in definition order: {@code "id"::text, "name"::text}. */
  String selectListAsText() {
    return columns.stream().map(c -> Identifiers.quote(c.name()) + "::text").collect(Collectors.joining(", "));
  }

  /** {@code "a" = CAST(? AS bigint) AND "b" = CAST(? AS uuid)} over the primary key. */
  String keyPredicate() {
    return primaryKey.stream()
        .map(k -> Identifiers.quote(k) + " = CAST(? AS " + column(k).type() + ")")
        .collect(Collectors.joining(" AND "));
  }

  /** The positions of the primary-key columns among the columns. */
  int[] keyIndexes() {
    List<String> names = columnNames();
    return primaryKey.stream().mapToInt(names::indexOf).toArray();
  }

  static String quoted(List<String> names) {
    return names.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
  }

  static final class Builder {
    private final String name;
    private final List<Column> columns = new ArrayList<>();
    private final List<ForeignKey> foreignKeys = new ArrayList<>();
    private List<String> primaryKey = List.of();

    private Builder(String name) {
      this.name = name;
    }

    Builder column(String column, String type, String constraints) {
      columns.add(new Column(column, type, constraints, Generated.NO));
      return this;
    }

    /** A {@code bigserial} (or {@code serial}) column of {@code type}. */
    Builder serial(String column, String type) {
      columns.add(new Column(column, type, "NOT NULL", Generated.SERIAL));
      return this;
    }

    /** A {@code GENERATED ALWAYS AS IDENTITY} column of {@code type}. */
    Builder identity(String column, String type) {
      columns.add(new Column(column, type, "NOT NULL", Generated.IDENTITY));
      return this;
    }

    Builder primaryKey(String... key) {
      primaryKey = List.of(key);
      return this;
    }

    Builder references(String column, String table, String referenced) {
      foreignKeys.add(new ForeignKey(List.of(column), table, List.of(referenced)));
      return this;
    }

    TableDefinition build() {
      return new TableDefinition(name, columns, primaryKey, foreignKeys);
    }
  }
}
