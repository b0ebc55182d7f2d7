package dev.cutover.api;

/** What the operator is doing inside the current phase; shown in the Step printer column. */
public enum Step {
  Preflight("A preflight Job is checking tables, columns, types, keys, sequences and privileges before anything is written.", false),
  FlagsApplied("The flags of the current phase are in the ConfigMap.", false),
  WaitingForRollout("Waiting for the restarted workloads to finish their rollout.", false),
  Backfilling("A backfill Job is copying the source into the target.", false),
  Verifying("A verification Job is comparing source and target.", false),
  MovingSequences("A sequences Job is moving the sequences past every value used, onto the new primary.", false),
  Ramping("Reads are moving onto the target one read-ramp step at a time.", false),
  Baking("Holding reverse-shadow for spec.bake before moving to new.", false),
  Complete("The migration is in the desired phase and every gate of it is open.", true),
  Blocked("Progress is held: paused, refused, waiting for input, or a gate did not open.", false),
  Failed("A Job failed after spec.backfill.maxAttempts attempts; change the spec to retry.", true);

  private final String description;
  private final boolean terminal;

  Step(String description, boolean terminal) {
    this.description = description;
    this.terminal = terminal;
  }

  public String description() {
    return description;
  }

  /** True when nothing will change until the spec changes. */
  public boolean terminal() {
    return terminal;
  }
}
