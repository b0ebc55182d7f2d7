package dev.cutover.phase;

import dev.cutover.api.BackfillStatus;

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

  /** Copies the request into status.backfill; the reconciler adds the Job name and times. */
  public void writeTo(BackfillStatus status) {
    status.attempt = attempt;
    status.runAttempt = runAttempt;
    status.generation = generation;
  }
}
