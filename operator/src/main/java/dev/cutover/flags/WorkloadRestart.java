package dev.cutover.flags;

import dev.cutover.api.WorkloadKind;

/**
 * What a restart request did to one workload of spec.flags.restartWorkloads.
 *
 * @param kind Deployment or StatefulSet
 * @param name the workload's name, in the Migration's namespace
 * @param outcome whether its pod template was stamped now, already carried the hash, or is missing
 */
public record WorkloadRestart(WorkloadKind kind, String name, Outcome outcome) {

  public enum Outcome {
    /** The pod template was stamped with the hash: the workload rolls its pods. */
    RESTARTED,
    /** The pod template already carries the hash: no second restart. */
    ALREADY_STAMPED,
    /** The workload does not exist. */
    MISSING
  }

  /** {@code Deployment/server}. */
  public String workload() {
    return kind + "/" + name;
  }
}
