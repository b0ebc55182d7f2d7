package dev.cutover.phase;

import dev.cutover.api.RunState;
import dev.cutover.api.SequenceSide;
import dev.cutover.api.SequencesStatus;
import java.time.Instant;

/**
 * What the engine asks for when it starts a sequences Job ({@code cutover sequences --to <to>}).
 *
 * @param attempt never reused in the life of the Migration: the Job's {@code cutover.dev/attempt} label
 * @param runAttempt the try within the current run, from 1
 * @param generation the metadata.generation when the engine asked; a spec change after a failed run starts a new one
 * @param to the side that is about to become (target) or has just become (source) the primary
 */
public record SequencesRequest(int attempt, int runAttempt, long generation, SequenceSide to) {

  /**
   * The status.sequences to record right after creating (or adopting) the Job. A retry keeps the
   * previous failure reason visible.
   */
  public SequencesStatus startedStatus(String job, Instant now, SequencesStatus previous) {
    SequencesStatus status = new SequencesStatus();
    status.attempt = attempt;
    status.runAttempt = runAttempt;
    status.generation = generation;
    status.to = to;
    status.job = job;
    status.state = RunState.Running;
    status.startedAt = Timestamps.format(now);
    if (previous != null && runAttempt > 1) {
      status.failureReason = previous.failureReason;
    }
    return status;
  }
}
