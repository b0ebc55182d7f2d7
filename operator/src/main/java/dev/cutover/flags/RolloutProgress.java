package dev.cutover.flags;

import dev.cutover.api.WorkloadKind;

/**
 * How far one workload's rollout of the current flags has got.
 *
 * @param kind Deployment or StatefulSet
 * @param name the workload's name
 * @param state complete, still progressing, stuck for a reason a person must fix, or missing
 * @param message what is awaited or wrong, as {@code kubectl rollout status} would say it
 */
public record RolloutProgress(WorkloadKind kind, String name, State state, String message) {

  public enum State {
    /** Every replica runs the pod template that carries the flags hash. */
    COMPLETE,
    /** Pods are still being replaced; wait. */
    PROGRESSING,
    /** The rollout cannot finish on its own (deadline exceeded, OnDelete strategy); see the message. */
    FAILED,
    /** The workload does not exist. */
    MISSING
  }

  /** {@code Deployment/server}. */
  public String workload() {
    return kind + "/" + name;
  }

  public boolean complete() {
    return state == State.COMPLETE;
  }
}
