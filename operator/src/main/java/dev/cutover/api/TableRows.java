package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Rows copied into one table. */
public class TableRows {
  /** The table, as named in spec.tables. */
  @JsonPropertyDescription("The table, as named in spec.tables.")
  public String name;

  /** Rows copied, summed over the Job's pods. */
  @JsonPropertyDescription("Rows copied, summed over the Job's pods.")
  public long rows;

  public TableRows() {}

  public TableRows(String name, long rows) {
    this.name = name;
    this.rows = rows;
  }
}
