package dev.cutover.store;

/**
 * A batch the target refused because a row refers to one the target does not have (SQLSTATE 23503).
 * Copied from an older snapshot, the row may be one whose parent was deleted since: the backfill
 * takes the batch's current rows from the source and tries again before it calls this bad input.
 */
public final class ForeignKeyViolation extends StoreException {
  private final String constraint;

  public ForeignKeyViolation(String message, String constraint) {
    super(Kind.BAD_INPUT, message);
    this.constraint = constraint;
  }

  /** The constraint's name, or null when the server did not say. */
  public String constraint() {
    return constraint;
  }
}
