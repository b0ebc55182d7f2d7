package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The flags last written to the ConfigMap. */
public class FlagsStatus {
  /** Hash of the owned keys and their values; stamped on restarted workloads. */
  @JsonPropertyDescription("Hash of the owned keys and their values; stamped on restarted workloads.")
  public String hash;
  /** When they were written (RFC 3339). */
  @JsonPropertyDescription("When they were written (RFC 3339).")
  public String appliedAt;
  /** The phase they express. */
  @JsonPropertyDescription("The phase they express.")
  public Phase phase;
  /** The read percentage they express. */
  @JsonPropertyDescription("The read percentage they express.")
  public int readPercent;
}
