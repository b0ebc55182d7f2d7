package dev.cutover.phase;

import dev.cutover.api.BackfillStatus;
import dev.cutover.api.RunState;
import java.time.Instant;

/**
 * What the engine asks for when it starts a backfill Job. The reconciler keeps these numbers in
 * status.backfill (and may copy them onto the Job) and hands them back in {@link BackfillRun}.
 *
 * @param attempt never reused in the life of the Migration: the Job's {@code cutover.dev/attempt}
 *     label, so adopting "the Job with this attempt" can never pick up an older run's Job
 * @param runAttempt the try within the current run, from 1; at spec.backfill.maxAttempts failures
 *     the run is Failed
 * @param generation the Migration's metadata.generation when the engine asked; a spec change after
 *     a Failed run starts a new run
 */
public record BackfillRequest(int attempt, int runAttempt, long generation) {

  /**
   * The status.backfill to record right after creating (or adopting) the Job of this request.
   * startedAt is {@code now} for the first try of a run and the run's start for a retry: the engine
   * tells a backfill of the current shadow stay from an older one by it, so a new run must never
   * keep an older run's startedAt. A retry keeps the previous failure reason visible.
   */
  public BackfillStatus startedStatus(String job, Instant now, BackfillStatus previous) {
    BackfillStatus status = new BackfillStatus();
    writeTo(status);
    status.job = job;
    status.state = RunState.Running;
    boolean retry = runAttempt > 1 && previous != null && previous.startedAt != null;
    status.startedAt = retry ? previous.startedAt : Timestamps.format(now);
    status.failureReason = retry ? previous.failureReason : null;
    return status;
  }

  /** Copies the request into status.backfill; the reconciler adds the Job name and times. */
  public void writeTo(BackfillStatus status) {
    status.attempt = attempt;
    status.runAttempt = runAttempt;
    status.generation = generation;
  }
}
