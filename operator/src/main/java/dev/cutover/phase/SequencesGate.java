package dev.cutover.phase;

import dev.cutover.api.Phase;
import dev.cutover.api.RunState;
import dev.cutover.api.SequenceSide;
import dev.cutover.api.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sequences follow the primary (docs/phases.md): every switch of the primary moves the sequences
 * feeding migrated columns past every value either side has used, plus spec.sequences.headroom.
 *
 * <p>Before shadow to reverse-shadow, once every other gate is open, a move to the target runs, and
 * the flip waits for it. The source keeps taking inserts until every replica writes to the target,
 * so the headroom must cover the inserts from the move to the end of the rollout; the move therefore
 * counts only while it is recent: finished at most {@link #RECENT} ago and started after the
 * verification that opened the gate finished. A move that something else outlived (a new
 * verification, a long pause) runs again: it is safe to repeat, a sequence never moves backwards.
 *
 * <p>The rollback reverse-shadow to shadow writes its flags at once, ungated; then, as the first
 * thing while the source is primary again (in shadow, or in old after rolling back further), a move
 * to the source runs before anything else moves forward, once every replica has rolled out (no
 * replica writes to the target any more, so the move sees every value it handed out). The
 * headroom is what makes waiting for it safe: the target's ids start past the source's by it.
 */
final class SequencesGate {
  /** How old a move to the target may be when the reverse-shadow flags go out. */
  static final Duration RECENT = Duration.ofMinutes(1);

  private SequencesGate() {}

  /** In shadow, every other gate open: empty when a recent move to the target succeeded; otherwise what to do. */
  static Optional<Outcome> beforeSwitch(Situation s) {
    Optional<SequencesRun> latest = s.sequences();
    Optional<SequencesRun> ours = latest
        .filter(run -> run.to() == SequenceSide.TARGET && run.ofStay(s.progress().phaseSince()));
    if (ours.isEmpty()) {
      if (latest.isPresent() && latest.get().state() == RunState.Running) {
        return Optional.of(waitForEarlier(s, latest.get()));
      }
      return Optional.of(start(s, SequenceSide.TARGET, 1, "SequencesStarted",
          "Every gate before reverse-shadow is open; started moving the target's sequences past every value"
              + " either side has used (plus spec.sequences.headroom, " + s.policy().headroom() + "), so the"
              + " application's first inserts on the target do not collide. The flags switch when it succeeded."));
    }
    SequencesRun run = ours.get();
    return switch (run.state()) {
      case Running -> Optional.of(running(s, run, "the target becomes primary when it succeeded"));
      case Failed -> Optional.of(failedBeforeSwitch(s, run));
      case Succeeded -> stale(s, run).map(why -> start(s, SequenceSide.TARGET, 1, "SequencesStale",
          why + " Moving the target's sequences again right before the switch."));
    };
  }

  /**
   * The source is primary (old, shadow) but the latest move went to the target outside this shadow
   * stay: the target was, or may have been, primary since. Empty when nothing is owed.
   */
  static Optional<Outcome> owedToSource(Situation s) {
    if (s.phase() != Phase.OLD && s.phase() != Phase.SHADOW) {
      return Optional.empty();
    }
    Optional<SequencesRun> latest = s.sequences();
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    SequencesRun run = latest.get();
    if (run.to() == SequenceSide.TARGET) {
      if (s.phase() == Phase.SHADOW && run.ofStay(s.progress().phaseSince())) {
        return Optional.empty();
      }
      if (run.state() == RunState.Running) {
        return Optional.of(waitForEarlier(s, run));
      }
      return Optional.of(start(s, SequenceSide.SOURCE, 1, "SequencesStarted",
          "The source is primary again; started moving its sequences past every value the target handed out"
              + " (plus spec.sequences.headroom, " + s.policy().headroom() + ") before anything else moves."));
    }
    return switch (run.state()) {
      case Running -> Optional.of(running(s, run, "the " + s.phase() + " gates wait for it"));
      case Succeeded -> Optional.empty();
      case Failed -> Optional.of(failedAfterRollback(s, run));
    };
  }

  /** Why a succeeded move to the target cannot open the switch any more; empty while it is recent. */
  private static Optional<String> stale(Situation s, SequencesRun run) {
    Instant finished = run.finishedAt() != null ? run.finishedAt() : run.createdAt();
    Duration age = Duration.between(finished, s.now());
    if (age.compareTo(RECENT) > 0) {
      return Optional.of("The last " + run.name() + " finished " + Situation.ago(age) + " ago, longer than the "
          + Situation.ago(RECENT) + " a move may be old when the primary switches (inserts on the source since"
          + " then eat into the headroom).");
    }
    Instant verified = s.verification().map(VerificationRun::finishedAt).orElse(null);
    if (verified != null && run.createdAt().isBefore(Timestamps.seconds(verified))) {
      return Optional.of("The last " + run.name() + " started before the verification that opened the gate"
          + " finished.");
    }
    return Optional.empty();
  }

  private static Outcome failedBeforeSwitch(Situation s, SequencesRun run) {
    Optional<Outcome> retry = retry(s, run);
    if (retry.isPresent()) {
      return retry.get();
    }
    return s.hold(Step.Failed, "SequencesFailed",
        "Moving the target's sequences failed " + run.request().runAttempt() + " times, the most"
            + " spec.backfill.maxAttempts allows; last, " + run.name() + ": " + why(run) + ". The source stays"
            + " primary and nothing is lost; the switch to reverse-shadow waits, since the application's inserts on"
            + " the target would collide with existing ids. Read the Job's pod logs, fix the cause (a sequence"
            + " missing on the target, its privileges), then edit the Migration's spec to try again.",
        null);
  }

  private static Outcome failedAfterRollback(Situation s, SequencesRun run) {
    Optional<Outcome> retry = retry(s, run);
    if (retry.isPresent()) {
      return retry.get();
    }
    return s.hold(Step.Blocked, "SequencesNotMoved",
        "The source's sequences have not moved since the target was primary: the " + run.name() + " failed "
            + run.request().runAttempt() + " times (last: " + why(run) + "). The application writes to the source"
            + " again, and after spec.sequences.headroom (" + s.policy().headroom() + ") inserts on a table its new"
            + " ids may collide with ids the target handed out. Fix the cause from the Job's pod logs, then edit"
            + " the Migration's spec to move them again, or run `cutover sequences -f migration.yaml --to source`"
            + " by hand. Nothing moves forward until they moved.",
        null);
  }

  private static Optional<Outcome> retry(Situation s, SequencesRun run) {
    int tries = run.request().runAttempt();
    int max = s.policy().maxAttempts();
    SequenceSide to = run.to();
    if (tries < max) {
      String message = "The " + run.name() + " failed (try " + tries + " of " + max + "): " + why(run)
          + ". Started try " + (tries + 1) + " as a new Job.";
      return Optional.of(start(s, to, tries + 1, "SequencesRetrying", message).withActions(List.of(
          new Action.RecordEvent(Action.EventType.Warning, "SequencesAttemptFailed", message))));
    }
    if (run.request().generation() < s.generation()) {
      return Optional.of(start(s, to, 1, "SequencesRestarted",
          "The spec changed since moving the " + to + "'s sequences failed " + max + " times (last: " + why(run)
              + "); started a new move with a fresh budget."));
    }
    return Optional.empty();
  }

  private static Outcome running(Situation s, SequencesRun run, String then) {
    return s.hold(Step.MovingSequences, "SequencesMoving",
        "The " + run.name() + " is setting each sequence past every value used, plus spec.sequences.headroom; "
            + then + ".", Situation.JOB_POLL);
  }

  private static Outcome waitForEarlier(Situation s, SequencesRun run) {
    return s.hold(Step.MovingSequences, "WaitingForEarlierSequences",
        "The " + run.name() + " is still running; the next move of the sequences starts when it ends.",
        Situation.JOB_POLL);
  }

  private static String why(SequencesRun run) {
    return run.failureReason() == null ? "no reason reported" : run.failureReason();
  }

  private static Outcome start(Situation s, SequenceSide to, int runAttempt, String reason, String message) {
    SequencesRequest request = new SequencesRequest(s.nextSequencesAttempt(), runAttempt, s.generation(), to,
        s.progress().phaseSince());
    return Outcome.act(s.progress(), Step.MovingSequences, reason, message, List.of(new Action.StartSequences(request)));
  }
}
