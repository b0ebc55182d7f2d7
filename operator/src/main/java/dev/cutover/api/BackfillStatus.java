package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The latest backfill run. */
public class BackfillStatus {

  /** The Job of the current or last attempt. */
  @JsonPropertyDescription("The Job of the current or last attempt.")
  public String job;

  /** The attempt number, from 1; never reused in the life of the Migration (the Job's cutover.dev/attempt label). */
  @JsonPropertyDescription("The attempt number, from 1; never reused in the life of the Migration (the Job's cutover.dev/attempt label).")
  public int attempt;

  /** The attempt within the current run, from 1; the run fails when this reaches spec.backfill.maxAttempts. */
  @JsonPropertyDescription("The attempt within the current run, from 1; the run fails when this reaches spec.backfill.maxAttempts.")
  public Integer runAttempt;

  /** The metadata.generation the attempt was started for; a spec change after a failed run starts a new run. */
  @JsonPropertyDescription("The metadata.generation the attempt was started for; a spec change after a failed run starts a new run.")
  public Long generation;

  /** Running, Succeeded or Failed. */
  @JsonPropertyDescription("Running, Succeeded or Failed.")
  public RunState state;

  /** When the first attempt's Job was created (RFC 3339). */
  @JsonPropertyDescription("When the first attempt's Job was created (RFC 3339).")
  public String startedAt;

  /** When the run succeeded or finally failed (RFC 3339). */
  @JsonPropertyDescription("When the run succeeded or finally failed (RFC 3339).")
  public String finishedAt;

  /** Why the last attempt failed, from the Job. */
  @JsonPropertyDescription("Why the last attempt failed, from the Job.")
  public String failureReason;

  /** Rows copied per table, summed over the Job's pods. */
  @JsonPropertyDescription("Rows copied per table, summed over the Job's pods.")
  public List<TableRows> tables = new ArrayList<>();
}
