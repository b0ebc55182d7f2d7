package dev.cutover.sandbox;

import java.util.List;

/** One row of one table, by its primary-key values as text. */
record RowKey(String table, List<String> values) {
  RowKey {
    values = List.copyOf(values);
  }

  @Override
  public String toString() {
    return table + "(" + String.join(", ", values) + ")";
  }
}
