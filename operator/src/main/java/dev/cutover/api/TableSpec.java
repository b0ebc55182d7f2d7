package dev.cutover.api;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** One table to copy and verify. */
@ValidationRule(
    value = "has(self.primaryKey) && size(self.primaryKey) > 0",
    message = "every table needs a primaryKey: rows are copied, checkpointed and compared by it",
    fieldPath = ".primaryKey")
@ValidationRule(
    value = "!has(self.columns) || self.primaryKey.all(k, k in self.columns)",
    message = "every primaryKey column must also be listed in columns",
    fieldPath = ".columns")
public class TableSpec {

  /** The table name in the target (and in a PostgreSQL source). Quoted in SQL, so case and spaces matter. */
  @Required
  @Pattern(Identifiers.PATTERN)
  public String name;

  /** The schema the table lives in, on both sides. */
  @Pattern(Identifiers.PATTERN)
  public String schema;

  /** The primary-key columns, in order. Rows are streamed, checkpointed and compared by this key. */
  @Required
  @Size(min = 1, max = 32)
  public List<@Pattern(Identifiers.PATTERN) String> primaryKey = new ArrayList<>();

  /** The columns to copy and compare; empty means every column of the target table. */
  @Size(max = 1600)
  public List<@Pattern(Identifiers.PATTERN) String> columns;

  /** How the table is laid out in FoundationDB; required when the source is FoundationDB. */
  public FoundationDbTableSpec foundationdb;

  /** The schema to use: the one in the spec, or public. */
  public String schemaOrDefault() {
    return schema == null || schema.isEmpty() ? "public" : schema;
  }
}
