package dev.cutover.phase;

import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.Step;
import dev.cutover.api.VerificationPurpose;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A gate that opens only on a fresh, passing verification. Fresh means: taken in the current
 * phase; started at or after {@code since} (the moment the current phase's write flags were
 * applied, or a later one such as the start of a read-ramp step); started at or after the last
 * backfill finished; and finished no longer than spec.verification.maxAge ago. A stale result
 * never passes silently: a new verification starts. Only a Check or a Recheck opens the gate; a
 * Repair run is always followed by a Recheck.
 */
final class VerificationGate {
  private VerificationGate() {}

  /**
   * @param since the earliest start that counts
   * @param sinceWhat what happened at {@code since}, for messages ("the shadow flags were applied")
   * @param gate what waits for the verification, for messages ("before reads move to the target")
   * @return empty when the gate is open; otherwise what to do
   */
  static Optional<Outcome> require(Situation s, Instant since, String sinceWhat, String gate) {
    Optional<VerificationRun> latest = s.verification();
    if (latest.isEmpty()) {
      return Optional.of(start(s, VerificationPurpose.Check, 1, "VerificationStarted",
          "Started a verification " + gate + "."));
    }
    VerificationRun run = latest.get();
    Optional<String> stale = staleness(s, run, since, sinceWhat);
    if (run.state() == RunState.Running) {
      return Optional.of(stale.isEmpty() ? running(s, run, gate) : waitForEarlier(s, run, stale.get()));
    }
    if (stale.isPresent()) {
      boolean earlierPhase = run.request().phase() != s.phase();
      return Optional.of(start(s, VerificationPurpose.Check, 1, earlierPhase ? "VerificationStarted" : "VerificationStale",
          "Started a verification " + gate + ". " + stale.get()));
    }
    if (run.state() == RunState.Failed) {
      return Optional.of(jobFailed(s, run, gate));
    }
    return finished(s, run, gate);
  }

  /** Why {@code run} cannot open a gate that counts from {@code since}; empty when it is fresh enough to judge. */
  static Optional<String> staleness(Situation s, VerificationRun run, Instant since, String sinceWhat) {
    Phase phase = run.request().phase();
    if (phase != s.phase()) {
      return Optional.of("The last " + run.name() + " ran in " + phase + ", not in " + s.phase()
          + "; a gate counts only a verification taken in the current phase.");
    }
    // Status times are whole seconds. The engine starts a verification only after it saw what it
    // must follow, so one started in the same second as the backfill finished came after it.
    if (run.createdAt() == null || since == null || run.createdAt().isBefore(Timestamps.seconds(since))) {
      return Optional.of("The last " + run.name() + " started at " + Timestamps.format(run.createdAt())
          + ", before " + sinceWhat + " at " + Timestamps.format(since) + ".");
    }
    Instant backfilled = s.backfill().map(BackfillRun::finishedAt).orElse(null);
    if (backfilled != null && run.createdAt().isBefore(Timestamps.seconds(backfilled))) {
      return Optional.of("The last " + run.name() + " started at " + Timestamps.format(run.createdAt())
          + ", before the last backfill finished at " + Timestamps.format(backfilled) + ".");
    }
    return Optional.empty();
  }

  /** How long ago the run finished, when it is older than spec.verification.maxAge. */
  static Optional<Duration> expiredAge(Situation s, VerificationRun run) {
    Instant finished = run.finishedAt() != null ? run.finishedAt() : run.createdAt();
    Duration age = Duration.between(finished, s.now());
    return age.compareTo(s.policy().maxAge()) > 0 ? Optional.of(age) : Optional.empty();
  }

  private static Optional<Outcome> finished(Situation s, VerificationRun run, String gate) {
    if (run.request().purpose() == VerificationPurpose.Repair) {
      return Optional.of(start(s, VerificationPurpose.Recheck, 1, "RecheckStarted",
          "The " + run.name() + " rewrote " + run.repairSummary() + " from the primary; started a"
              + " verification again to confirm the repair " + gate + "."));
    }
    Optional<Duration> expired = expiredAge(s, run);
    if (run.passed()) {
      return expired.map(age -> start(s, VerificationPurpose.Check, 1, "VerificationExpired",
          "The last " + run.name() + " passed " + Situation.ago(age) + " ago, longer than spec.verification.maxAge ("
              + Situation.ago(s.policy().maxAge()) + "); started a new verification " + gate + "."));
    }
    if (run.request().purpose() == VerificationPurpose.Check && s.policy().repair()) {
      return Optional.of(start(s, VerificationPurpose.Repair, 1, "RepairStarted",
          "The " + run.name() + " found mismatches (" + run.mismatchSummary() + "); spec.verification.repair is"
              + " on, so a repair run rewrites them from the primary (" + primaryOf(s) + "), then verifies again."));
    }
    if (run.request().generation() < s.generation()) {
      return Optional.of(start(s, VerificationPurpose.Check, 1, "VerificationRestarted",
          "The spec changed since the " + run.name() + " found mismatches; started a new verification " + gate + "."));
    }
    if (expired.isPresent()) {
      return Optional.of(start(s, VerificationPurpose.Check, 1, "VerificationExpired",
          "The last " + run.name() + " found mismatches " + Situation.ago(expired.get())
              + " ago, longer than spec.verification.maxAge; started a new verification " + gate + "."));
    }
    return Optional.of(mismatches(s, run));
  }

  private static Outcome mismatches(Situation s, VerificationRun run) {
    String held = s.phase() == Phase.SHADOW
        ? "Reads stay on the source and the migration does not move forward."
        : "The target stays primary with writes mirrored to the source; the move to new is held.";
    String repair = s.policy().repair()
        ? "The repair run did not make them agree."
        : "Set spec.verification.repair: true to rewrite them from the primary, or fix the rows yourself.";
    return s.hold(Step.Blocked, "MismatchesFound",
        "The " + run.name() + " found " + run.totalMismatches() + " mismatching rows: " + run.mismatchSummary()
            + " (spec.verification.maxMismatches is " + s.policy().maxMismatches() + "). " + held + " " + repair + " See status.verification.tables for sample keys; after fixing, edit the spec (any"
            + " change to metadata.generation) to verify again"
            + (s.phase() == Phase.REVERSE_SHADOW ? ", or roll back with spec.phase: shadow." : "."),
        expiryOf(s, run));
  }

  private static Duration expiryOf(Situation s, VerificationRun run) {
    Instant finished = run.finishedAt() != null ? run.finishedAt() : run.createdAt();
    Duration left = Duration.between(s.now(), finished.plus(s.policy().maxAge()));
    return left.isNegative() || left.isZero() ? Situation.SOON : left.plusSeconds(1);
  }

  private static Outcome jobFailed(Situation s, VerificationRun run, String gate) {
    int tries = run.request().runAttempt();
    int max = s.policy().maxAttempts();
    String why = run.failureReason() == null ? "no reason reported" : run.failureReason();
    VerificationPurpose purpose = run.request().purpose();
    if (tries < max) {
      String message = "The " + run.name() + " failed to run (try " + tries + " of " + max + "): " + why
          + ". Started try " + (tries + 1) + " as a new Job.";
      return start(s, purpose, tries + 1, "VerificationRetrying", message)
          .withActions(List.of(new Action.RecordEvent(Action.EventType.Warning, "VerificationAttemptFailed", message)));
    }
    if (run.request().generation() < s.generation()) {
      return start(s, VerificationPurpose.Check, 1, "VerificationRestarted",
          "The spec changed since the verification Job failed " + max + " times (last: " + why
              + "); started a new verification " + gate + ".");
    }
    return s.hold(Step.Failed, "VerificationJobFailed",
        "The verification Job failed " + tries + " times, the most spec.backfill.maxAttempts allows; last, "
            + run.name() + ": " + why + ". The flags stay where they are (" + s.progress().flags().describe()
            + "). Read the Job's pod logs, fix the cause, then edit the Migration's spec (any change to"
            + " metadata.generation) to verify again.",
        null);
  }

  private static Outcome running(Situation s, VerificationRun run, String gate) {
    return s.hold(Step.Verifying, "VerificationRunning",
        "The " + run.name() + " is comparing source and target " + gate + ".", Situation.JOB_POLL);
  }

  private static Outcome waitForEarlier(Situation s, VerificationRun run, String stale) {
    return s.hold(Step.Verifying, "WaitingForEarlierVerification",
        stale + " It is still running and cannot open the gate; a new verification starts when it ends.",
        Situation.JOB_POLL);
  }

  private static Outcome start(Situation s, VerificationPurpose purpose, int runAttempt, String reason, String message) {
    VerificationRequest request = new VerificationRequest(
        s.nextVerificationAttempt(), runAttempt, s.generation(), purpose, s.phase(), s.progress().readPercent());
    return Outcome.act(s.progress(), Step.Verifying, reason, message, List.of(new Action.StartVerification(request)));
  }

  private static String primaryOf(Situation s) {
    return s.progress().flags().primary() == FlagSet.Primary.SOURCE ? "the source" : "the target";
  }
}
