package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * One table to copy and verify.
 *
 * <p>Bounds: the API server estimates the worst-case cost of the columns rule as primaryKey
 * (32) x columns ({@value #MAX_COLUMNS}) list look-ups, times the {@value MigrationSpec#MAX_TABLES}
 * tables it runs for: about 6.5 million of its 10 million per-rule budget. More columns or tables
 * would get the CRD refused; a table with more than {@value #MAX_COLUMNS} columns leaves
 * {@code columns} out (every column is copied).
 */
@ValidationRule(
    value = "has(self.primaryKey) && size(self.primaryKey) > 0",
    message = "every table needs a primaryKey: rows are copied, checkpointed and compared by it",
    fieldPath = ".primaryKey")
@ValidationRule(
    value = "!has(self.columns) || size(self.columns) == 0 || self.primaryKey.all(k, k in self.columns)",
    message = "every primaryKey column must also be listed in columns",
    fieldPath = ".columns")
@ValidationRule(
    value = "!has(self.foundationdb) || (size(self.foundationdb.key) == size(self.primaryKey)"
        + " && self.foundationdb.key.all(k, k in self.primaryKey))",
    message = "foundationdb.key must name exactly the primaryKey columns, in the order of the key tuple",
    fieldPath = ".foundationdb.key")
public class TableSpec {
  /** PostgreSQL limits an index to 32 columns. */
  public static final int MAX_PRIMARY_KEY = 32;
  public static final int MAX_COLUMNS = 1000;

  /** The table name in the target (and in a PostgreSQL source). Quoted in SQL, so case and spaces matter. */
  @JsonPropertyDescription("The table name in the target (and in a PostgreSQL source). Quoted in SQL, so case and spaces matter.")
  @Required
  @Pattern(Identifiers.PATTERN)
  @Size(max = Identifiers.MAX_LENGTH)
  public String name;

  /** The schema the table lives in, on both sides; public when not set. */
  @JsonPropertyDescription("The schema the table lives in, on both sides; public when not set.")
  @Pattern(Identifiers.PATTERN)
  @Size(max = Identifiers.MAX_LENGTH)
  public String schema;

  /** The primary-key columns, in order. Rows are streamed, checkpointed and compared by this key. */
  @JsonPropertyDescription("The primary-key columns, in order. Rows are streamed, checkpointed and compared by this key.")
  @Required
  @Size(min = 1, max = MAX_PRIMARY_KEY)
  public List<@Pattern(Identifiers.PATTERN) @Size(max = Identifiers.MAX_LENGTH) String> primaryKey = new ArrayList<>();

  /** The columns to copy and compare; absent or empty means every column of the target table. */
  @JsonPropertyDescription("The columns to copy and compare; absent or empty means every column of the target table.")
  @Size(max = MAX_COLUMNS)
  public List<@Pattern(Identifiers.PATTERN) @Size(max = Identifiers.MAX_LENGTH) String> columns;

  /** How the table is laid out in FoundationDB; required when the source is FoundationDB. */
  @JsonPropertyDescription("How the table is laid out in FoundationDB; required when the source is FoundationDB.")
  public FoundationDbTableSpec foundationdb;

  /** The schema to use: the one in the spec, or public. */
  public String schemaOrDefault() {
    return schema == null || schema.isEmpty() ? "public" : schema;
  }
}
