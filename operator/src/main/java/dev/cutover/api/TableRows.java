package dev.cutover.api;

/** Rows copied into one table. */
public class TableRows {
  public String name;
  public long rows;

  public TableRows() {}

  public TableRows(String name, long rows) {
    this.name = name;
    this.rows = rows;
  }
}
