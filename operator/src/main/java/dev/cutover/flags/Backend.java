package dev.cutover.flags;

import dev.cutover.phase.FlagSet.Primary;

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

  /** The store the phase engine names {@code primary}. */
  public static Backend of(Primary primary) {
    return switch (primary) {
      case SOURCE -> SOURCE;
      case TARGET -> TARGET;
    };
  }

  /** This store as the phase engine names it. */
  public Primary primary() {
    return switch (this) {
      case SOURCE -> Primary.SOURCE;
      case TARGET -> Primary.TARGET;
    };
  }
}
