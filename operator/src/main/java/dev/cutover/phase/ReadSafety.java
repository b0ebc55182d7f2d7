package dev.cutover.phase;

import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.Step;
import dev.cutover.api.VerificationPurpose;
import java.util.Optional;

/**
 * A failed check drops reads to 0: while reads are served from the target in shadow, a
 * verification of this phase that found mismatches moves every read back to the source at once.
 * It is a safety move, not progress, so it happens while paused too. The gate before the read ramp
 * then decides what follows (repair, or Blocked with the mismatches).
 */
final class ReadSafety {
  private ReadSafety() {}

  static Optional<Outcome> dropReadsAfterMismatch(Situation s) {
    if (s.phase() != Phase.SHADOW || s.progress().readPercent() == 0) {
      return Optional.empty();
    }
    return s.verification()
        .filter(run -> run.state() == RunState.Succeeded && !run.passed())
        .filter(run -> run.request().purpose() != VerificationPurpose.Repair)
        .filter(run -> run.request().phase() == Phase.SHADOW && s.sincePhaseFlags(run.createdAt()))
        .map(run -> s.setReads(0, Step.FlagsApplied, "ReadsDropped",
            "The " + run.name() + " found " + run.totalMismatches() + " mismatching rows (" + run.mismatchSummary()
                + ") while " + s.progress().readPercent() + "% of reads came from the target; moved every read back"
                + " to the source and marked Verified=False. The read ramp starts again from its first step once a"
                + " verification passes."));
  }
}
