package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The latest move of the sequences to a new primary. */
public class SequencesStatus {

  /** The side whose sequences were moved: target (before shadow to reverse-shadow) or source (after the rollback). */
  @JsonPropertyDescription("The side whose sequences were moved: target (before shadow to reverse-shadow) or source (after the rollback).")
  public SequenceSide to;

  /** status.phaseSince when the move was started: the stay it belongs to. */
  @JsonPropertyDescription("status.phaseSince when the move was started: the stay it belongs to (a move to the target opens only that shadow stay's switch).")
  public String phaseSince;

  /** When the sequences were last moved (RFC 3339); absent until a move succeeded. */
  @JsonPropertyDescription("When the sequences were last moved (RFC 3339); absent until a move succeeded.")
  public String syncedAt;

  /** How many sequences the last move set. */
  @JsonPropertyDescription("How many sequences the last move set.")
  public Integer sequences;

  /** The Job of the current or last attempt. */
  @JsonPropertyDescription("The Job of the current or last attempt.")
  public String job;

  /** The attempt number, from 1; never reused in the life of the Migration (the Job's cutover.dev/attempt label). */
  @JsonPropertyDescription("The attempt number, from 1; never reused in the life of the Migration (the Job's cutover.dev/attempt label).")
  public int attempt;

  /** The attempt within the current run, from 1; a failed move is retried up to spec.backfill.maxAttempts. */
  @JsonPropertyDescription("The attempt within the current run, from 1; a failed move is retried up to spec.backfill.maxAttempts.")
  public Integer runAttempt;

  /** The metadata.generation the attempt was started for; a spec change after a failed run starts a new one. */
  @JsonPropertyDescription("The metadata.generation the attempt was started for; a spec change after a failed run starts a new one.")
  public Long generation;

  /** Running, Succeeded or Failed. */
  @JsonPropertyDescription("Running, Succeeded or Failed.")
  public RunState state;

  /** When the attempt's Job was created (RFC 3339). */
  @JsonPropertyDescription("When the attempt's Job was created (RFC 3339).")
  public String startedAt;

  /** When the attempt finished (RFC 3339). */
  @JsonPropertyDescription("When the attempt finished (RFC 3339).")
  public String finishedAt;

  /** Why the last attempt failed, from the Job. */
  @JsonPropertyDescription("Why the last attempt failed, from the Job.")
  public String failureReason;
}
