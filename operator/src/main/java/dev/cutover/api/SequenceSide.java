package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The side whose sequences a {@code cutover sequences} run moves: the one that is about to be, or has just become, the primary. */
public enum SequenceSide {
  @JsonProperty("source")
  SOURCE("source"),
  @JsonProperty("target")
  TARGET("target");

  private final String value;

  SequenceSide(String value) {
    this.value = value;
  }

  /** The value of {@code --to} and of status.sequences.to. */
  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return value;
  }
}
