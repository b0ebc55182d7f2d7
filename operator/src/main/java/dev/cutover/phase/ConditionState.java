package dev.cutover.phase;

/**
 * One condition as the decision wants it; {@link Decision#writeTo} turns it into a Kubernetes
 * Condition, keeping lastTransitionTime when the status did not change.
 *
 * @param type Ready, Progressing, Degraded, PreflightPassed, BackfillComplete or Verified
 * @param reason CamelCase
 * @param message what happened, what it means, what to do
 */
public record ConditionState(String type, Status status, String reason, String message) {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String PREFLIGHT_PASSED = "PreflightPassed";
  public static final String BACKFILL_COMPLETE = "BackfillComplete";
  public static final String VERIFIED = "Verified";

  /** The three condition statuses of the Kubernetes API conventions. */
  public enum Status {
    True,
    False,
    Unknown
  }

  static ConditionState of(String type, boolean value, String reason, String message) {
    return new ConditionState(type, value ? Status.True : Status.False, reason, message);
  }
}
