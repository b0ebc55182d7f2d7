package dev.cutover.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The latest preflight run: the checks made before the shadow flags are first written. */
public class PreflightStatus {
  /** Problems kept in the status; the Job's log lists every one. */
  public static final int MAX_PROBLEMS = 5;

  /** The Job of the current or last attempt. */
  @JsonPropertyDescription("The Job of the current or last attempt.")
  public String job;

  /** The attempt number, from 1; never reused in the life of the Migration (the Job's cutover.dev/attempt label). */
  @JsonPropertyDescription("The attempt number, from 1; never reused in the life of the Migration (the Job's cutover.dev/attempt label).")
  public int attempt;

  /** The attempt within the current run, from 1; a store failure is retried up to spec.backfill.maxAttempts. */
  @JsonPropertyDescription("The attempt within the current run, from 1; a store failure is retried up to spec.backfill.maxAttempts.")
  public Integer runAttempt;

  /** The metadata.generation checked; a passed preflight opens the move to shadow only for this generation. */
  @JsonPropertyDescription("The metadata.generation checked; a passed preflight opens the move to shadow only for this generation.")
  public Long generation;

  /** Running, Succeeded (the checks ran, passed or not) or Failed (a store could not be reached, or the Job failed). */
  @JsonPropertyDescription("Running, Succeeded (the checks ran, passed or not) or Failed (a store could not be reached, or the Job failed).")
  public RunState state;

  /** True when nothing stops the migration; false when the preflight refused it (see problems). */
  @JsonPropertyDescription("True when nothing stops the migration; false when the preflight refused it (see problems).")
  public Boolean passed;

  /** When the Job was created (RFC 3339). */
  @JsonPropertyDescription("When the Job was created (RFC 3339).")
  public String startedAt;

  /** When the Job finished (RFC 3339). */
  @JsonPropertyDescription("When the Job finished (RFC 3339).")
  public String finishedAt;

  /** How many problems the preflight reported; at most the first few are listed in problems. */
  @JsonPropertyDescription("How many problems the preflight reported; at most the first few are listed in problems.")
  public Integer problemCount;

  /** The first problems, each naming its table, column or sequence; the Job's log lists every one. */
  @JsonPropertyDescription("The first problems, each naming its table, column or sequence; the Job's log lists every one.")
  public List<PreflightProblem> problems = new ArrayList<>();

  /** What the Job came to, in one line. */
  @JsonPropertyDescription("What the Job came to, in one line.")
  public String message;
}
