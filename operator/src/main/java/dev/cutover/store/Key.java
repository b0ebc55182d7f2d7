package dev.cutover.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A primary-key value: one text value per key column, as PostgreSQL's text output (the unescaped
 * COPY text field) writes it. Never null elements: primary keys are NOT NULL.
 */
public record Key(List<String> values) {

  public Key {
    values = List.copyOf(values);
  }

  public static Key of(String... values) {
    return new Key(List.of(values));
  }

  /** The key of a COPY text line. */
  public static Key fromFields(String[] fields, int[] keyIndexes) {
    List<String> values = new ArrayList<>(keyIndexes.length);
    for (int index : keyIndexes) {
      values.add(fields[index]);
    }
    return new Key(values);
  }

  /** Human-readable, for errors and sample keys: {@code (42)} or {@code (7, abc)}. */
  @Override
  public String toString() {
    return "(" + String.join(", ", values) + ")";
  }
}
