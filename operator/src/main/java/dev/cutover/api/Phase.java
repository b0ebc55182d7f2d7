package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the service reads and writes; the order of the constants is the forward order of a migration. */
public enum Phase {
  /** The source is primary and the only store written. */
  @JsonProperty("old")
  OLD("old"),
  /** The source is primary; writes are mirrored to the target; reads ramp onto the target once verified. */
  @JsonProperty("shadow")
  SHADOW("shadow"),
  /** The target is primary; writes are mirrored back to the source so rollback stays cheap. */
  @JsonProperty("reverse-shadow")
  REVERSE_SHADOW("reverse-shadow"),
  /** The target is primary and the only store written. */
  @JsonProperty("new")
  NEW("new");

  private final String value;

  Phase(String value) {
    this.value = value;
  }

  /** The name used in the spec, status and printer columns. */
  public String value() {
    return value;
  }

  public boolean isBefore(Phase other) {
    return ordinal() < other.ordinal();
  }

  public Phase next() {
    return this == NEW ? NEW : values()[ordinal() + 1];
  }

  public Phase previous() {
    return this == OLD ? OLD : values()[ordinal() - 1];
  }

  public static Phase fromValue(String value) {
    for (Phase phase : values()) {
      if (phase.value.equals(value)) {
        return phase;
      }
    }
    throw new IllegalArgumentException(
        "unknown phase '" + value + "': expected one of old, shadow, reverse-shadow, new");
  }

  @Override
  public String toString() {
    return value;
  }
}
