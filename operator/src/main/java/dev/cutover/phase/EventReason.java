package dev.cutover.phase;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every reason an Event on a Migration can carry: the reasons of the engine's outcomes and
 * transitions (which are also the Ready and Progressing conditions' reasons) and the reconciler's own.
 * The engine names its reasons with plain strings; {@link #of} turns one into its constant where an
 * Event is recorded, and a test keeps every reason the engine names, and the README's table, equal
 * to this list. A new reason is one more constant here.
 */
public enum EventReason {
  Adopted("the Migration took over the phase its ConfigMap's flags express"),
  PhaseChanged("the flags moved to the next phase"),
  ReadRampStep("reads moved to the next step of spec.readRamp.steps"),
  ReadRampHolding("a ramp step is held for spec.readRamp.interval"),
  ReadsDropped("a failed check, or a rollback, dropped reads from the target to 0"),
  RolledBack("spec.phase moved backwards: the flags followed at once, without gates"),
  RollbackRefused("leaving new is refused: the source missed every write made in new"),
  FlagsDrifted("someone edited an owned flag key: it is put back; if the write flags changed, shadow starts over"),
  FlagsRewritten("the owned keys differed from what the phase renders to (hand edit, or spec.flags changed): rewritten"),
  FlagsReasserted("status.phaseSince was missing: the flags were written again and the gates start from there"),
  RolloutInProgress("a restarted workload has not finished rolling out"),
  BackfillStarted("a backfill Job was created"),
  BackfillRunning("the backfill Job is copying"),
  BackfillAttemptFailed("a backfill attempt failed; the message says why"),
  BackfillRetrying("a new backfill attempt follows a failed one"),
  BackfillRestarted("the spec changed after the backfill failed for good: a new run with a fresh budget of tries"),
  BackfillFailed("the backfill failed spec.backfill.maxAttempts times: fix the cause, then change the spec"),
  WaitingForEarlierBackfill("a backfill Job of an earlier run is still running"),
  VerificationStarted("a verification Job was created"),
  VerificationRunning("the verification Job is comparing"),
  VerificationAttemptFailed("a verification Job failed to run; the message says why"),
  VerificationRetrying("a new verification attempt follows a failed one"),
  VerificationRestarted("a new verification starts over (the spec changed after failures, or the old one no longer counts)"),
  VerificationJobFailed("the verification Job failed spec.backfill.maxAttempts times: fix the cause, then change the spec"),
  VerificationStale("the last verification predates the current flags or backfill: a new one runs"),
  VerificationExpired("the last verification is older than spec.verification.maxAge: a new one runs"),
  WaitingForEarlierVerification("a verification Job of an earlier request is still running"),
  MismatchesFound("a verification found rows that differ: shadow holds; the message names the tables"),
  RepairStarted("a repair run rewrites the differing rows from the primary"),
  RecheckStarted("a verification runs again after a repair"),
  PreflightStarted("a preflight Job was created: it checks both databases before anything is written"),
  PreflightRunning("the preflight Job is checking tables, columns, types, keys, sequences and privileges"),
  PreflightPassed("the preflight found every table, column, key, sequence and privilege the migration needs"),
  PreflightFailed("the preflight refused the migration: the message names each table and column; fix them, then edit the spec"),
  PreflightNotRun("no preflight has run for this spec yet (condition PreflightPassed only)"),
  PreflightAttemptFailed("a preflight Job failed to run (a store unreachable); the message says why"),
  PreflightRetrying("a new preflight attempt follows a failed one"),
  PreflightJobFailed("the preflight Job failed spec.backfill.maxAttempts times: fix the cause, then change the spec"),
  SequencesStarted("a sequences Job was created: it moves the sequences to the side that takes the primary writes"),
  SequencesMoving("the sequences Job is moving the sequences"),
  SequencesMoved("the sequences moved past every id either side used, plus spec.sequences.headroom"),
  SequencesStale("the last move of the sequences is too old for the switch: it runs again"),
  WaitingForEarlierSequences("a sequences Job of an earlier request is still running"),
  SequencesAttemptFailed("a sequences Job failed; the message says why"),
  SequencesRetrying("a new sequences attempt follows a failed one"),
  SequencesRestarted("the spec changed after the sequences failed for good: a new run with a fresh budget of tries"),
  SequencesFailed("moving the sequences to the target failed spec.backfill.maxAttempts times: the switch waits; fix the cause, then change the spec"),
  SequencesNotMoved("after a rollback the source's sequences could not be moved: its inserts may collide after spec.sequences.headroom; fix the cause and edit the spec, or run cutover sequences --to source by hand"),
  Baking("reverse-shadow is held for spec.bake"),
  Complete("the desired phase is reached and every gate of it is open"),
  Paused("spec.paused holds forward progress; rollback still works"),
  MissingObject("a referenced ConfigMap, Secret, key or workload does not exist"),
  InvalidSpec("the spec cannot be used; the message names the field"),
  ReconcileFailed("a reconcile failed (API server, conflict): retried with backoff; one Event, counted");

  private static final Map<String, EventReason> BY_NAME =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

  private final String meaning;

  EventReason(String meaning) {
    this.meaning = meaning;
  }

  /** What the reason means, for the README and reviewers. */
  public String meaning() {
    return meaning;
  }

  /**
   * Repeats are one Event whatever their message: a reconcile retried without limit must not leave
   * one Event per distinct error text. Every other reason is one Event per distinct message.
   */
  public boolean countsAcrossMessages() {
    return this == ReconcileFailed;
  }

  /**
   * The constant for a reason the engine named.
   *
   * @throws IllegalArgumentException for a reason with no constant (a test keeps this from happening)
   */
  public static EventReason of(String reason) {
    EventReason known = BY_NAME.get(reason);
    if (known == null) {
      throw new IllegalArgumentException("no EventReason named '" + reason + "': add it to dev.cutover.phase.EventReason");
    }
    return known;
  }
}
