package dev.cutover.phase;

import dev.cutover.api.RunState;
import dev.cutover.api.SequenceSide;
import dev.cutover.api.SequencesStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * The latest sequences move as the reconciler observed it.
 *
 * @param request what the engine asked for (its side)
 * @param job the Job's name, for messages (may be null)
 * @param state Running, Succeeded or Failed
 * @param createdAt when the Job was created, with the operator's clock
 * @param finishedAt when it finished (null while running)
 * @param sequences how many sequences it moved (when Succeeded)
 * @param failureReason why it failed (null unless Failed)
 */
public record SequencesRun(
    SequencesRequest request, String job, RunState state, Instant createdAt, Instant finishedAt, int sequences,
    String failureReason) {

  /** The run status.sequences records; empty when it records none. */
  public static Optional<SequencesRun> fromStatus(SequencesStatus status) {
    if (status == null || status.state == null || status.to == null) {
      return Optional.empty();
    }
    SequencesRequest request = new SequencesRequest(status.attempt,
        status.runAttempt == null ? 1 : status.runAttempt, status.generation == null ? 0 : status.generation, status.to,
        Timestamps.parse(status.phaseSince));
    return Optional.of(new SequencesRun(request, status.job, status.state, Timestamps.parse(status.startedAt),
        Timestamps.parse(status.finishedAt), status.sequences == null ? 0 : status.sequences,
        status.state == RunState.Failed ? status.failureReason : null));
  }

  /** True when the move was asked for in the stay that began at {@code phaseSince}. */
  boolean ofStay(Instant phaseSince) {
    return request.phaseSince() != null && request.phaseSince().equals(phaseSince);
  }

  SequenceSide to() {
    return request.to();
  }

  String name() {
    return "sequences move to the " + request.to() + " (attempt " + request.attempt()
        + (job == null ? "" : ", Job " + job) + ")";
  }
}
