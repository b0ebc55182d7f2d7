package dev.cutover.api;

/** Why a verification run was started; only a Check or a Recheck that passes opens a gate. */
public enum VerificationPurpose {
  /** Compare source and target. */
  Check,
  /** Compare, and rewrite the differing rows from the current primary (worker flag --repair). */
  Repair,
  /** Compare again after a Repair run. */
  Recheck
}
