package dev.cutover.api;

/** Workload kinds the operator can restart and watch roll out. */
public enum WorkloadKind {
  Deployment,
  StatefulSet
}
