package dev.cutover.phase;

import dev.cutover.api.PreflightStatus;
import dev.cutover.api.RunState;
import java.time.Instant;

/**
 * What the engine asks for when it starts a preflight Job. The reconciler keeps it in
 * status.preflight and hands it back in {@link PreflightRun}.
 *
 * @param attempt never reused in the life of the Migration: the Job's {@code cutover.dev/attempt} label
 * @param runAttempt the try within the current run, from 1 (counts Jobs that failed to run, not refusals)
 * @param generation the metadata.generation checked: a pass opens the move to shadow only for it
 */
public record PreflightRequest(int attempt, int runAttempt, long generation) {

  /** The status.preflight to record right after creating (or adopting) the Job of this request. */
  public PreflightStatus startedStatus(String job, Instant now) {
    PreflightStatus status = new PreflightStatus();
    status.attempt = attempt;
    status.runAttempt = runAttempt;
    status.generation = generation;
    status.job = job;
    status.state = RunState.Running;
    status.startedAt = Timestamps.format(now);
    return status;
  }
}
