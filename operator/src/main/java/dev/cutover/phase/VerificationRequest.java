package dev.cutover.phase;

import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.VerificationPurpose;
import dev.cutover.api.VerificationStatus;
import java.time.Instant;

/**
 * What the engine asks for when it starts a verification Job. The reconciler keeps it in
 * status.verification and hands it back in {@link VerificationRun}.
 *
 * @param attempt never reused in the life of the Migration: the Job's {@code cutover.dev/attempt} label
 * @param runAttempt the try within the current run, from 1 (counts Jobs that failed, not mismatches)
 * @param generation the Migration's metadata.generation when the engine asked
 * @param purpose Check, Repair or Recheck; the worker gets {@code --repair} exactly when {@link #repair()}
 * @param phase the phase the flags are in while it runs; a gate only counts runs of the current phase
 * @param readPercent the reads served from the target while it runs
 */
public record VerificationRequest(
    int attempt, int runAttempt, long generation, VerificationPurpose purpose, Phase phase, int readPercent) {

  /** True when the worker must rewrite the differing rows from the primary ({@code verify --repair}). */
  public boolean repair() {
    return purpose == VerificationPurpose.Repair;
  }

  /** The status.verification to record right after creating (or adopting) the Job of this request. */
  public VerificationStatus startedStatus(String job, Instant now) {
    VerificationStatus status = new VerificationStatus();
    writeTo(status);
    status.job = job;
    status.state = RunState.Running;
    status.startedAt = Timestamps.format(now);
    return status;
  }

  /** Copies the request into status.verification; the reconciler adds the Job name and times. */
  public void writeTo(VerificationStatus status) {
    status.attempt = attempt;
    status.runAttempt = runAttempt;
    status.generation = generation;
    status.purpose = purpose;
    status.phase = phase;
    status.readPercent = readPercent;
  }
}
