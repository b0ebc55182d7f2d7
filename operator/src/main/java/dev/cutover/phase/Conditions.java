package dev.cutover.phase;

import static dev.cutover.phase.ConditionState.BACKFILL_COMPLETE;
import static dev.cutover.phase.ConditionState.DEGRADED;
import static dev.cutover.phase.ConditionState.PREFLIGHT_PASSED;
import static dev.cutover.phase.ConditionState.PROGRESSING;
import static dev.cutover.phase.ConditionState.READY;
import static dev.cutover.phase.ConditionState.VERIFIED;

import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.Step;
import dev.cutover.api.VerificationPurpose;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The six conditions, derived from an outcome and what was observed; state after the decision's actions. */
final class Conditions {
  private static final Set<Step> MOVING = EnumSet.of(
      Step.Preflight, Step.FlagsApplied, Step.WaitingForRollout, Step.Backfilling, Step.Verifying,
      Step.MovingSequences, Step.Ramping, Step.Baking);

  private Conditions() {}

  /** {@code s} may be null when the spec is invalid or no flags have been written yet. */
  static List<ConditionState> of(Situation s, Observation observation, Outcome outcome) {
    return List.of(
        ConditionState.of(READY, outcome.step() == Step.Complete, outcome.reason(), outcome.message()),
        ConditionState.of(PROGRESSING, MOVING.contains(outcome.step()), outcome.reason(), outcome.message()),
        degraded(observation, outcome),
        preflight(observation, outcome, s == null ? Phase.OLD : s.phase()),
        s == null ? unknown(BACKFILL_COMPLETE, "NotStarted", "No flags have been written yet.") : backfill(s),
        s == null ? unknown(VERIFIED, "NotVerified", "No flags have been written yet.") : verified(s));
  }

  private static ConditionState degraded(Observation observation, Outcome outcome) {
    if (!observation.missing().isEmpty()) {
      return ConditionState.of(DEGRADED, true, "MissingObject", missingMessage(observation));
    }
    if (outcome.step() == Step.Failed || outcome.reason().equals("InvalidSpec")) {
      return ConditionState.of(DEGRADED, true, outcome.reason(), outcome.message());
    }
    return ConditionState.of(DEGRADED, false, "AsExpected",
        "Every referenced object exists and no Job has failed for good.");
  }

  static String missingMessage(Observation observation) {
    String objects = observation.missing().stream().map(MissingObject::describe).collect(Collectors.joining(", "));
    return "Referenced objects do not exist in the Migration's namespace: " + objects + ". Forward progress waits"
        + " until they exist (rollback still works unless the flags ConfigMap is the one missing); create them and"
        + " the operator carries on by itself.";
  }

  private static ConditionState preflight(Observation observation, Outcome outcome, Phase phase) {
    if (outcome.actions().stream().anyMatch(action -> action instanceof Action.StartPreflight)) {
      return unknown(PREFLIGHT_PASSED, "PreflightRunning",
          "A preflight Job is checking the tables, columns, types, keys, sequences and privileges.");
    }
    Optional<PreflightRun> latest = observation.preflight();
    if (latest.isEmpty()) {
      return unknown(PREFLIGHT_PASSED, "PreflightNotRun", phase == Phase.OLD
          ? "A preflight runs before the shadow flags are first written, when spec.phase moves past old."
          : "No preflight ran: the operator took over flags already past old.");
    }
    PreflightRun run = latest.get();
    return switch (run.state()) {
      case Running -> unknown(PREFLIGHT_PASSED, "PreflightRunning",
          "The " + run.name() + " is checking the tables, columns, types, keys, sequences and privileges.");
      case Failed -> unknown(PREFLIGHT_PASSED, "PreflightJobFailed",
          "The " + run.name() + " could not finish its checks: " + run.detail() + ".");
      case Succeeded -> run.passed()
          ? ConditionState.of(PREFLIGHT_PASSED, true, "PreflightPassed", "The " + run.name() + " found nothing"
              + " that stops the migration of generation " + run.request().generation() + ", at "
              + Timestamps.format(run.finishedAt()) + ".")
          : ConditionState.of(PREFLIGHT_PASSED, false, "PreflightFailed", "The " + run.name() + " refused generation "
              + run.request().generation() + " (" + run.problemCount() + " problems): " + run.problemSummary() + ".");
    };
  }

  private static ConditionState backfill(Situation s) {
    if (s.phase() == Phase.OLD) {
      return ConditionState.of(BACKFILL_COMPLETE, false, "NotInShadow",
          "Backfills run in shadow, once writes are mirrored to the target; the flags are in old.");
    }
    if (s.phase() != Phase.SHADOW) {
      return ConditionState.of(BACKFILL_COMPLETE, true, "CompletedInShadow",
          "The backfill succeeded in shadow, before the target became primary.");
    }
    Optional<BackfillRun> current = s.backfill().filter(run -> s.sincePhaseFlags(run.createdAt()));
    if (current.isEmpty()) {
      return ConditionState.of(BACKFILL_COMPLETE, false, "BackfillPending",
          "A backfill starts once every replica mirrors writes to the target.");
    }
    BackfillRun run = current.get();
    return switch (run.state()) {
      case Succeeded -> ConditionState.of(BACKFILL_COMPLETE, true, "BackfillSucceeded",
          "The " + run.name() + " copied " + run.totalRows() + " rows into " + run.rowsByTable().size()
              + " tables, finished at " + Timestamps.format(run.finishedAt()) + ".");
      case Running -> ConditionState.of(BACKFILL_COMPLETE, false, "BackfillRunning",
          "The " + run.name() + " is copying the source into the target.");
      case Failed -> ConditionState.of(BACKFILL_COMPLETE, false, "BackfillFailed",
          "The " + run.name() + " failed: " + run.failureReason() + ".");
    };
  }

  private static ConditionState verified(Situation s) {
    Optional<VerificationRun> latest = s.verification();
    if (latest.isEmpty()) {
      return unknown(VERIFIED, "NotVerified", "No verification has run yet.");
    }
    VerificationRun run = latest.get();
    if (run.state() == RunState.Running) {
      return unknown(VERIFIED, "VerificationRunning", "The " + run.name() + " is comparing source and target.");
    }
    if (run.state() == RunState.Failed) {
      return unknown(VERIFIED, "VerificationJobFailed", "The " + run.name() + " failed to run: " + run.failureReason() + ".");
    }
    Optional<String> stale = VerificationGate.staleness(s, run, s.progress().phaseSince(), "the current flags were applied");
    if (stale.isPresent()) {
      return unknown(VERIFIED, "VerificationStale", stale.get() + " A new one runs before the next gate opens.");
    }
    if (run.request().purpose() == VerificationPurpose.Repair) {
      return unknown(VERIFIED, "AwaitingRecheck", "The " + run.name() + " rewrote " + run.repairSummary()
          + " from the primary; a verification runs again to confirm.");
    }
    if (!run.passed()) {
      return ConditionState.of(VERIFIED, false, "MismatchesFound", "The " + run.name() + " found "
          + run.totalMismatches() + " mismatching rows: " + run.mismatchSummary() + ".");
    }
    if (VerificationGate.expiredAge(s, run).isPresent()) {
      return unknown(VERIFIED, "VerificationExpired", "The last " + run.name() + " passed at "
          + Timestamps.format(run.finishedAt()) + ", longer ago than spec.verification.maxAge; a new one runs"
          + " before the next gate opens.");
    }
    return ConditionState.of(VERIFIED, true, "VerificationPassed", "The " + run.name() + " found source and target"
        + " equal (within spec.verification.maxMismatches) at " + Timestamps.format(run.finishedAt()) + ", in "
        + run.request().phase() + " at " + run.request().readPercent() + "% reads.");
  }

  private static ConditionState unknown(String type, String reason, String message) {
    return new ConditionState(type, ConditionState.Status.Unknown, reason, message);
  }
}
