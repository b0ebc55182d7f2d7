package dev.cutover.flags;

import java.util.List;

/**
 * The rollout of every workload of spec.flags.restartWorkloads, in spec order. Complete when all
 * are complete; an empty list (no workloads to restart) is complete.
 */
public record RolloutReport(List<RolloutProgress> workloads) {

  public RolloutReport {
    workloads = List.copyOf(workloads);
  }

  public boolean complete() {
    return workloads.stream().allMatch(RolloutProgress::complete);
  }

  public List<RolloutProgress> missing() {
    return inState(RolloutProgress.State.MISSING);
  }

  public List<RolloutProgress> failed() {
    return inState(RolloutProgress.State.FAILED);
  }

  /** The workloads not yet complete, whatever the reason. */
  public List<RolloutProgress> pending() {
    return workloads.stream().filter(w -> !w.complete()).toList();
  }

  /** {@code Deployment/server: 1 of 3 updated replicas are available; ...} for the pending ones. */
  public String summary() {
    return String.join("; ", pending().stream().map(w -> w.workload() + ": " + w.message()).toList());
  }

  private List<RolloutProgress> inState(RolloutProgress.State state) {
    return workloads.stream().filter(w -> w.state() == state).toList();
  }
}
