package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One reason the preflight refuses the migration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PreflightProblem {

  /** The table, schema-qualified when not public; absent for a database-wide problem. */
  @JsonPropertyDescription("The table, schema-qualified when not public; absent for a database-wide problem.")
  public String table;

  /** The column, when the problem is about one. */
  @JsonPropertyDescription("The column, when the problem is about one.")
  public String column;

  /** What is wrong and what to do. */
  @JsonPropertyDescription("What is wrong and what to do.")
  public String message;

  public PreflightProblem() {}

  public PreflightProblem(String table, String column, String message) {
    this.table = table;
    this.column = column;
    this.message = message;
  }

  /** Like {@code teas.id: ...}, or the message alone for a database-wide problem. */
  public String describe() {
    String where = table == null ? "" : table + (column == null ? "" : "." + column) + ": ";
    return where + message;
  }
}
