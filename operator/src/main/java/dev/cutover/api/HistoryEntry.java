package dev.cutover.api;

/** One change of phase or read percentage. */
public class HistoryEntry {
  public Phase phase;
  public Integer readPercent;
  /** When (RFC 3339). */
  public String at;
  /** A CamelCase reason, as on the matching Event. */
  public String reason;
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
