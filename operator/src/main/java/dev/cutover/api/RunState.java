package dev.cutover.api;

/** The state of one backfill or verification run. */
public enum RunState {
  Running,
  Succeeded,
  Failed
}
