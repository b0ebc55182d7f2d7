package dev.cutover.phase;

import dev.cutover.api.Step;
import java.util.List;
import java.util.Optional;

/**
 * Step 2 inside shadow: a backfill Job started after the shadow flags were applied (and rolled
 * out) succeeded. Every entry into shadow, and every re-assertion of its write flags after a hand
 * edit, needs its own backfill: rows written while writes were not mirrored may be missing from
 * the target, and only a backfill started afterwards copies them.
 */
final class BackfillGate {
  private BackfillGate() {}

  /** Empty when the gate is open; otherwise what to do (start, wait, retry, fail). */
  static Optional<Outcome> check(Situation s) {
    Optional<BackfillRun> latest = s.backfill();
    if (latest.isEmpty()) {
      return Optional.of(start(s, 1, "BackfillStarted",
          "Dual writes are on and every replica runs the shadow flags; started a backfill that copies every table"
              + " from the source into the target."));
    }
    BackfillRun run = latest.get();
    boolean current = s.sincePhaseFlags(run.createdAt());
    return switch (run.state()) {
      case Running -> Optional.of(current ? running(s, run) : waitForEarlier(s, run));
      case Succeeded -> current ? Optional.empty() : Optional.of(start(s, 1, "BackfillStarted",
          "The last " + run.name() + " started before the shadow flags were applied at "
              + Timestamps.format(s.progress().phaseSince())
              + "; writes made while they were not mirrored may be missing from the target, so a new backfill started."));
      case Failed -> Optional.of(current ? failed(s, run) : start(s, 1, "BackfillStarted",
          "The last " + run.name() + " failed before the shadow flags were applied; started a new backfill."));
    };
  }

  private static Outcome running(Situation s, BackfillRun run) {
    return s.hold(Step.Backfilling, "BackfillRunning",
        "The " + run.name() + " (try " + run.request().runAttempt() + " of " + s.policy().maxAttempts()
            + ") is copying the source into the target; verification starts when it succeeds.",
        Situation.JOB_POLL);
  }

  private static Outcome waitForEarlier(Situation s, BackfillRun run) {
    return s.hold(Step.Backfilling, "WaitingForEarlierBackfill",
        "The " + run.name() + " started before the current shadow flags and is still running; it cannot count,"
            + " because writes made before the flags were mirrored may be missing from it. A new backfill starts"
            + " when it ends (delete the Job to start sooner).",
        Situation.JOB_POLL);
  }

  private static Outcome failed(Situation s, BackfillRun run) {
    int tries = run.request().runAttempt();
    int max = s.policy().maxAttempts();
    String why = run.failureReason() == null ? "no reason reported" : run.failureReason();
    if (tries < max) {
      String message = "The " + run.name() + " failed (try " + tries + " of " + max + "): " + why
          + ". Started try " + (tries + 1) + " as a new Job; the backfill resumes from its checkpoints.";
      return start(s, tries + 1, "BackfillRetrying", message)
          .withActions(List.of(new Action.RecordEvent(Action.EventType.Warning, "BackfillAttemptFailed", message)));
    }
    if (run.request().generation() < s.generation()) {
      return start(s, 1, "BackfillRestarted",
          "The spec changed since the backfill failed " + max + " times (last: " + why
              + "); started a new backfill with a fresh budget of " + max + " tries.");
    }
    return s.hold(Step.Failed, "BackfillFailed",
        "The backfill failed " + tries + " times, the most spec.backfill.maxAttempts allows; last, " + run.name()
            + ": " + why + ". The service keeps running in shadow on the source with writes mirrored, so nothing is"
            + " lost. Read the Job's pod logs, fix the cause, then edit the Migration's spec (any change to"
            + " metadata.generation) to start a new backfill, or set spec.phase: old to roll back.",
        null);
  }

  private static Outcome start(Situation s, int runAttempt, String reason, String message) {
    BackfillRequest request = new BackfillRequest(s.nextBackfillAttempt(), runAttempt, s.generation());
    return Outcome.act(s.progress(), Step.Backfilling, reason, message, List.of(new Action.StartBackfill(request)));
  }
}
