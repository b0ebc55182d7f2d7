package dev.cutover.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A row as the application last wrote it: every column as PostgreSQL's text output (null for SQL
 * NULL), in the table's column order; or the absence of the row after a delete.
 */
record RowImage(List<String> values) {
  static final RowImage DELETED = new RowImage(null);

  RowImage {
    values = values == null ? null : Collections.unmodifiableList(new ArrayList<>(values));
  }

  static RowImage of(List<String> values) {
    return new RowImage(values);
  }

  boolean deleted() {
    return values == null;
  }

  @Override
  public String toString() {
    return deleted() ? "(deleted)" : values.toString();
  }
}
