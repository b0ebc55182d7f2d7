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
 * @param phaseSince status.phaseSince when the move was asked for: the stay it belongs to. A move to
 *     the target opens the switch of that shadow stay only; compared by value, not by order, since a
 *     rollback may come within the same second as the move (status times are whole seconds)
 */
public record SequencesRequest(int attempt, int runAttempt, long generation, SequenceSide to, Instant phaseSince) {

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
    status.phaseSince = Timestamps.format(phaseSince);
    status.job = job;
    status.state = RunState.Running;
    status.startedAt = Timestamps.format(now);
    if (previous != null && runAttempt > 1) {
      status.failureReason = previous.failureReason;
    }
    return status;
  }
}
