package dev.cutover.flags;

/** One of the two stores of a migration, as the flags name them. */
public enum Backend {
  /** The database the service runs on today (spec.source). */
  SOURCE("source"),
  /** The database the service moves to (spec.target). */
  TARGET("target");

  private final String variant;

  Backend(String variant) {
    this.variant = variant;
  }

  /** The flagd variant name of this store. */
  public String variant() {
    return variant;
  }
}
