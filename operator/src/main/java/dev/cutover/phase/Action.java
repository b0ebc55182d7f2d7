package dev.cutover.phase;

import dev.cutover.api.Phase;

/**
 * One thing the reconciler must do, in list order. When one fails, stop, do not write the
 * decision's status, and reconcile again: every decision is safe to repeat.
 */
public sealed interface Action {

  /**
   * Write {@code flags} into the owned keys of the flags ConfigMap, stamp their hash on every
   * spec.flags.restartWorkloads pod template, and record status.flags (hash, appliedAt = now,
   * phase, readPercent).
   */
  record ApplyFlags(Phase phase, FlagSet flags) implements Action {}

  /**
   * Create a backfill Job for {@code request} (adopting an existing Job with the same attempt label
   * instead), and record the request in status.backfill with state Running and startedAt = now.
   */
  record StartBackfill(BackfillRequest request) implements Action {}

  /**
   * Create a verification Job for {@code request} ({@code --repair} exactly when
   * {@link VerificationRequest#repair()}), adopting an existing one with the same attempt label, and
   * record the request in status.verification with state Running and startedAt = now.
   */
  record StartVerification(VerificationRequest request) implements Action {}

  /**
   * Create a preflight Job for {@code request} ({@code cutover preflight}), adopting an existing one
   * with the same attempt label, and record it in status.preflight with state Running and startedAt = now.
   */
  record StartPreflight(PreflightRequest request) implements Action {}

  /**
   * Create a sequences Job for {@code request} ({@code cutover sequences --to <side>}), adopting an
   * existing one with the same attempt label, and record it in status.sequences with state Running.
   */
  record StartSequences(SequencesRequest request) implements Action {}

  /**
   * The flags changed: append to status.history ({@link Decision#writeTo} does) and emit a Normal
   * Event with this reason and message.
   */
  record RecordTransition(Phase phase, int readPercent, String reason, String message) implements Action {}

  /** Emit a Kubernetes Event on the Migration. */
  record RecordEvent(EventType type, String reason, String message) implements Action {}

  /** The two Kubernetes Event types. */
  enum EventType {
    Normal,
    Warning
  }
}
