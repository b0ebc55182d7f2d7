package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One change of phase or read percentage. */
public class HistoryEntry {
  /** The phase the flags moved to. */
  @JsonPropertyDescription("The phase the flags moved to.")
  public Phase phase;
  /** The read percentage the flags moved to. */
  @JsonPropertyDescription("The read percentage the flags moved to.")
  public Integer readPercent;
  /** When (RFC 3339). */
  @JsonPropertyDescription("When (RFC 3339).")
  public String at;
  /** A CamelCase reason, as on the matching Event. */
  @JsonPropertyDescription("A CamelCase reason, as on the matching Event.")
  public String reason;
  /** What happened, in a sentence, as on the matching Event. */
  @JsonPropertyDescription("What happened, in a sentence, as on the matching Event.")
  public String message;

  public HistoryEntry() {}

  public HistoryEntry(Phase phase, Integer readPercent, String at, String reason, String message) {
    this.phase = phase;
    this.readPercent = readPercent;
    this.at = at;
    this.reason = reason;
    this.message = message;
  }
}
