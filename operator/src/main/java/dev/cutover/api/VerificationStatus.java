package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The latest verification run. */
public class VerificationStatus {

  /** The Job of the current or last attempt. */
  @JsonPropertyDescription("The Job of the current or last attempt.")
  public String job;

  /** The attempt number, from 1; never reused in the life of the Migration (the Job's cutover.dev/attempt label). */
  @JsonPropertyDescription("The attempt number, from 1; never reused in the life of the Migration (the Job's cutover.dev/attempt label).")
  public int attempt;

  /** The attempt within the current run, from 1; the run fails when this reaches spec.backfill.maxAttempts. */
  @JsonPropertyDescription("The attempt within the current run, from 1; the run fails when this reaches spec.backfill.maxAttempts.")
  public Integer runAttempt;

  /** The metadata.generation the attempt was started for; a spec change after a failed or mismatching run verifies again. */
  @JsonPropertyDescription("The metadata.generation the attempt was started for; a spec change after a failed or mismatching run verifies again.")
  public Long generation;

  /** Check, Repair (rewrites differing rows from the primary) or Recheck (the check after a Repair). */
  @JsonPropertyDescription("Check, Repair (rewrites differing rows from the primary) or Recheck (the check after a Repair).")
  public VerificationPurpose purpose;

  /** Running, Succeeded (the Job finished, passed or not) or Failed (the Job itself failed). */
  @JsonPropertyDescription("Running, Succeeded (the Job finished, passed or not) or Failed (the Job itself failed).")
  public RunState state;

  /** True when mismatches were at most spec.verification.maxMismatches. */
  @JsonPropertyDescription("True when mismatches were at most spec.verification.maxMismatches.")
  public Boolean passed;

  /** The phase the flags were in when this verification ran. */
  @JsonPropertyDescription("The phase the flags were in when this verification ran.")
  public Phase phase;

  /** The read percentage when this verification ran. */
  @JsonPropertyDescription("The read percentage when this verification ran.")
  public Integer readPercent;

  /** When the Job was created (RFC 3339). */
  @JsonPropertyDescription("When the Job was created (RFC 3339).")
  public String startedAt;

  /** When the Job finished (RFC 3339); freshness and maxAge count from here. */
  @JsonPropertyDescription("When the Job finished (RFC 3339); freshness and maxAge count from here.")
  public String finishedAt;

  /** Mismatching rows over all tables. */
  @JsonPropertyDescription("Mismatching rows over all tables.")
  public long mismatches;

  /** Why the Job failed, or which tables differ. */
  @JsonPropertyDescription("Why the Job failed, or which tables differ.")
  public String message;

  /** Per-table counts and sample keys. */
  @JsonPropertyDescription("Per-table counts and sample keys.")
  public List<TableVerification> tables = new ArrayList<>();
}
