package dev.cutover.phase;

import dev.cutover.api.Phase;
import dev.cutover.api.Step;
import java.util.Optional;

/**
 * Backward moves: immediate and ungated (no Job, no pause, no missing Secret holds them), one
 * flag write per reconcile, each intermediate state safe.
 *
 * <ul>
 *   <li>reverse-shadow to shadow: one write sets the primary back to the source and reads to 0
 *       together; writes stay mirrored both ways, so replicas on either flags see every write.
 *   <li>shadow to old: reads go to 0 first (their own write), and dual writes stop only once every
 *       replica has rolled out with reads at 0: a replica still reading the target after mirroring
 *       stopped would serve stale rows. If that rollout cannot finish, fix the workload or remove it
 *       from spec.flags.restartWorkloads.
 *   <li>reverse-shadow to old goes through both, in successive reconciles.
 *   <li>out of new: refused. The source missed every write made in new and Cutover has no reverse sync.
 * </ul>
 */
final class Rollback {
  private Rollback() {}

  /** The next backward step from {@code s.phase()} towards {@code desired}; desired is before the current phase. */
  static Outcome step(Situation s) {
    Phase desired = s.policy().desired();
    return switch (s.phase()) {
      case NEW -> refused(s, desired);
      case REVERSE_SHADOW -> s.enter(Phase.SHADOW, "RolledBack",
          "Rolled back from reverse-shadow to shadow (spec.phase is " + desired + "): the source is primary again"
              + " and every read is served from the source, in one flag write; writes stay mirrored to the target."
              + (desired == Phase.OLD ? " Dual writes stop once every replica has rolled out." : ""));
      case SHADOW -> toOld(s);
      case OLD -> throw new IllegalStateException("nothing is before old");
    };
  }

  private static Outcome toOld(Situation s) {
    if (s.progress().readPercent() > 0) {
      return s.setReads(0, Step.FlagsApplied, "ReadsDropped",
          "Rolling back to old: moved every read back to the source first (was " + s.progress().readPercent()
              + "% from the target); dual writes stop once every replica has rolled out with reads at 0.");
    }
    if (!s.observation().rolloutComplete()) {
      return s.waitForRollout("rolling back to old, dual writes stop only once no replica reads from the target."
          + " If the rollout cannot finish, fix the workload or remove it from spec.flags.restartWorkloads.");
    }
    return s.enter(Phase.OLD, "RolledBack",
        "Rolled back from shadow to old: the source is the only store written and read; writes are no longer"
            + " mirrored to the target. Moving forward again starts shadow over with a new backfill.");
  }

  /** The refusal, as a Blocked step; nothing is written. */
  static Outcome refused(Situation s, Phase desired) {
    return s.hold(Step.Blocked, "RollbackRefused",
        "spec.phase asks for " + desired + ", but the flags are in new since "
            + Timestamps.format(s.progress().phaseSince()) + ": the source has missed every write made since then,"
            + " and moving reads or writes back to it would lose them. Cutover has no reverse sync, so it refuses"
            + " every move out of new. Set spec.phase back to new; to go back anyway, first bring the source up"
            + " to date yourself (restore or reverse sync), then switch the flags in " + s.configMap()
            + " by hand and recreate the Migration.",
        null);
  }

  static Optional<Outcome> ifBackward(Situation s) {
    return s.policy().desired().isBefore(s.phase()) ? Optional.of(step(s)) : Optional.empty();
  }
}
