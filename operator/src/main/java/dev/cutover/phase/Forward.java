package dev.cutover.phase;

import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Forward moves, one phase at a time, each behind its gate; and Complete when the flags are in
 * spec.phase with every gate of it open. Called only when spec.phase is the current phase or later.
 * Nothing here moves while the workloads are still rolling out the current flags.
 */
final class Forward {
  private Forward() {}

  static Outcome step(Situation s) {
    if (!s.observation().rolloutComplete()) {
      return s.waitForRollout(switch (s.phase()) {
        case SHADOW -> "no Job starts and reads do not move before every replica mirrors writes, or rows written"
            + " in between would be missing from the target.";
        default -> "the next step waits until every replica runs them.";
      });
    }
    return switch (s.phase()) {
      case OLD -> s.policy().desired() == Phase.OLD ? complete(s) : PreflightGate.check(s).orElseGet(() ->
          s.enter(Phase.SHADOW, "PhaseChanged",
              "Moved from old to shadow: writes are now mirrored to the target (source still primary, reads from"
                  + " the source). Next: the backfill, once every replica runs these flags."));
      case SHADOW -> shadow(s);
      case REVERSE_SHADOW -> reverseShadow(s);
      case NEW -> complete(s);
    };
  }

  /** Inside shadow, in order: backfill, verification, read ramp; then reverse-shadow if asked. */
  private static Outcome shadow(Situation s) {
    Optional<Outcome> gate = BackfillGate.check(s);
    if (gate.isPresent()) {
      return gate.get();
    }
    Progress p = s.progress();
    int reads = p.readPercent();
    if (reads == 0) {
      int first = s.policy().rampSteps().get(0);
      return VerificationGate.require(s, p.phaseSince(), "the shadow flags were applied",
              "before any read moves to the target")
          .orElseGet(() -> rampTo(s, first));
    }
    Instant stepSince = p.rampStepSince() != null ? p.rampStepSince() : p.phaseSince();
    Duration held = Duration.between(stepSince, s.now());
    Duration interval = s.policy().rampInterval();
    if (held.compareTo(interval) < 0) {
      return s.hold(Step.Ramping, "ReadRampHolding",
          reads + "% of reads come from the target since " + Timestamps.format(stepSince) + "; "
              + (reads < 100 ? "the next step (" + s.policy().nextRampStep(reads) + "%)" : "the end of the read ramp")
              + " comes after spec.readRamp.interval (" + Situation.ago(interval) + "), at "
              + Timestamps.format(stepSince.plus(interval)) + ".",
          interval.minus(held));
    }
    if (s.policy().verifyEachStep()) {
      gate = VerificationGate.require(s, stepSince, "reads moved to " + reads + "%",
          "at " + reads + "% reads (spec.readRamp.verifyEachStep)");
      if (gate.isPresent()) {
        return gate.get();
      }
    }
    if (reads < 100) {
      int next = s.policy().nextRampStep(reads);
      return VerificationGate.require(s, p.phaseSince(), "the shadow flags were applied",
              "before reads move to " + next + "%")
          .orElseGet(() -> rampTo(s, next));
    }
    if (s.policy().desired() == Phase.SHADOW) {
      return complete(s);
    }
    return VerificationGate.require(s, p.phaseSince(), "the shadow flags were applied",
            "before the target becomes primary (reverse-shadow)")
        .or(() -> SequencesGate.beforeSwitch(s))
        .orElseGet(() -> s.enter(Phase.REVERSE_SHADOW, "PhaseChanged",
            "Moved from shadow to reverse-shadow: the target is now primary and serves every read, its sequences"
                + " moved past every value used; writes are mirrored back to the source, so rolling back to shadow"
                + " stays cheap."));
  }

  private static Outcome rampTo(Situation s, int percent) {
    int position = s.policy().rampPosition(percent);
    return s.setReads(percent, Step.Ramping, "ReadRampStep",
        "Reads moved to " + percent + "% from the target (read-ramp step " + position + " of "
            + s.policy().rampSteps().size() + "); held for spec.readRamp.interval ("
            + Situation.ago(s.policy().rampInterval()) + ") before the next.");
  }

  /** reverse-shadow to new: bake, then a verification taken inside reverse-shadow. */
  private static Outcome reverseShadow(Situation s) {
    if (s.policy().desired() == Phase.REVERSE_SHADOW) {
      return complete(s);
    }
    Instant since = s.progress().phaseSince();
    Duration baked = Duration.between(since, s.now());
    Duration bake = s.policy().bake();
    if (baked.compareTo(bake) < 0) {
      return s.hold(Step.Baking, "Baking",
          "Holding reverse-shadow for spec.bake (" + Situation.ago(bake) + ") before moving to new, after which"
              + " rolling back needs a reverse sync; baked " + Situation.ago(baked) + ", done at "
              + Timestamps.format(since.plus(bake)) + ". Then a verification runs.",
          bake.minus(baked));
    }
    return VerificationGate.require(s, since, "the reverse-shadow flags were applied",
            "before moving to new, after which rolling back needs a reverse sync")
        .orElseGet(() -> s.enter(Phase.NEW, "PhaseChanged",
            "Moved from reverse-shadow to new: the target is the only store written and read; writes are no"
                + " longer mirrored to the source, so from here a rollback needs a reverse sync."));
  }

  static Outcome complete(Situation s) {
    return s.hold(Step.Complete, "Complete",
        "The flags are in " + s.phase() + " (" + s.progress().flags().describe() + ") as spec.phase asks, and"
            + " every gate of it is open.",
        untilVerificationExpires(s));
  }

  /** So that Verified turns Unknown when the passing verification ages past maxAge. */
  private static Duration untilVerificationExpires(Situation s) {
    return s.verification()
        .filter(run -> run.state() == RunState.Succeeded && run.passed() && run.request().phase() == s.phase())
        .filter(run -> VerificationGate.expiredAge(s, run).isEmpty())
        .map(run -> Duration.between(s.now(), (run.finishedAt() != null ? run.finishedAt() : run.createdAt())
            .plus(s.policy().maxAge())).plusSeconds(1))
        .orElse(null);
  }
}
