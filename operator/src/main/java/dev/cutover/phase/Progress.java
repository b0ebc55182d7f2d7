package dev.cutover.phase;

import dev.cutover.api.MigrationStatus;
import dev.cutover.api.Phase;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the flags are, as the engine remembers it between reconciles: status.phase,
 * status.readPercent, status.rampStepSince and status.phaseSince. The engine reads it from the
 * status and returns the next one in its {@link Decision}.
 *
 * @param phase the phase the flags express
 * @param readPercent the reads served from the target now
 * @param rampStepSince when reads moved to {@code readPercent} (null when reads are at 0 in shadow,
 *     and outside shadow)
 * @param phaseSince when the write flags of {@code phase} were last applied: entering the phase, or
 *     re-asserting them after someone changed them by hand. Bake, and the freshness of backfills
 *     and verifications, count from here.
 */
public record Progress(Phase phase, int readPercent, Instant rampStepSince, Instant phaseSince) {

  /** The progress a status records; empty when it records no phase yet (a new Migration). */
  public static Optional<Progress> fromStatus(MigrationStatus status) {
    if (status == null || status.phase == null) {
      return Optional.empty();
    }
    int reads = status.phase == Phase.SHADOW
        ? Math.max(0, Math.min(100, status.readPercent))
        : FlagSet.entryReadPercent(status.phase);
    return Optional.of(new Progress(
        status.phase, reads, Timestamps.parse(status.rampStepSince), Timestamps.parse(status.phaseSince)));
  }

  /** Just entered {@code phase} at {@code now}, with its entry read percentage. */
  static Progress entered(Phase phase, Instant now) {
    return new Progress(phase, FlagSet.entryReadPercent(phase), null, now);
  }

  /** The flags this progress expresses. */
  public FlagSet flags() {
    return FlagSet.forPhase(phase, readPercent);
  }

  Progress readsAt(int percent, Instant now) {
    return new Progress(phase, percent, percent == 0 ? null : now, phaseSince);
  }

  /** The write flags were put back at {@code now}: the phase starts over (reads at its entry value). */
  Progress restartedAt(Instant now) {
    return entered(phase, now);
  }
}
