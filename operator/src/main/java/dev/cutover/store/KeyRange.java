package dev.cutover.store;

/**
 * A slice of a table's key space, in the source's own key order: from {@code from} inclusive to
 * {@code to} exclusive; null ends are open. One backfill partition copies one range.
 */
public record KeyRange(Key from, Key to) {
  public static final KeyRange ALL = new KeyRange(null, null);

  public boolean isAll() {
    return from == null && to == null;
  }
}
