package dev.cutover.phase;

import dev.cutover.api.Phase;
import dev.cutover.api.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Everything one decision is made from, with the small moves every rule shares. */
record Situation(MigrationPolicy policy, Observation observation, Progress progress, Instant now) {
  /** After acting: look again shortly to take the next step. */
  static final Duration SOON = Duration.ofSeconds(2);
  /** While a Job runs (its informer usually triggers earlier). */
  static final Duration JOB_POLL = Duration.ofSeconds(30);
  /** While workloads roll out. */
  static final Duration ROLLOUT_POLL = Duration.ofSeconds(10);
  /** While a referenced object is missing. */
  static final Duration MISSING_RETRY = Duration.ofSeconds(30);

  Phase phase() {
    return progress.phase();
  }

  long generation() {
    return observation.generation();
  }

  Optional<BackfillRun> backfill() {
    return observation.backfill();
  }

  Optional<VerificationRun> verification() {
    return observation.verification();
  }

  Optional<PreflightRun> preflight() {
    return observation.preflight();
  }

  Optional<SequencesRun> sequences() {
    return observation.sequences();
  }

  /** True when {@code time} is at or after the moment the current phase's write flags were applied. */
  boolean sincePhaseFlags(Instant time) {
    return time != null && progress.phaseSince() != null && !time.isBefore(progress.phaseSince());
  }

  int nextBackfillAttempt() {
    return backfill().map(run -> run.request().attempt() + 1).orElse(1);
  }

  int nextVerificationAttempt() {
    return verification().map(run -> run.request().attempt() + 1).orElse(1);
  }

  int nextPreflightAttempt() {
    return preflight().map(run -> run.request().attempt() + 1).orElse(1);
  }

  int nextSequencesAttempt() {
    return sequences().map(run -> run.request().attempt() + 1).orElse(1);
  }

  String configMap() {
    return "ConfigMap " + policy.configMapName();
  }

  /** Write the flags of {@code phase} as it is entered, and record the transition. */
  Outcome enter(Phase phase, String reason, String message) {
    Progress next = Progress.entered(phase, now);
    return Outcome.act(next, Step.FlagsApplied, reason, message, List.of(
        new Action.ApplyFlags(phase, next.flags()),
        new Action.RecordTransition(phase, next.readPercent(), reason, message)));
  }

  /** Move reads inside shadow to {@code percent}, and record the transition. */
  Outcome setReads(int percent, Step step, String reason, String message) {
    Progress next = progress.readsAt(percent, now);
    return Outcome.act(next, step, reason, message, List.of(
        new Action.ApplyFlags(next.phase(), next.flags()),
        new Action.RecordTransition(next.phase(), percent, reason, message)));
  }

  Outcome hold(Step step, String reason, String message, Duration requeueAfter) {
    return Outcome.hold(progress, step, reason, message, requeueAfter);
  }

  Outcome waitForRollout(String why) {
    return hold(Step.WaitingForRollout, "RolloutInProgress",
        "Waiting for every workload in spec.flags.restartWorkloads to finish rolling out with the flags now in "
            + configMap() + " (" + progress.flags().describe() + "); " + why
            + " If the rollout is stuck, look at the workload's pods (kubectl rollout status).",
        ROLLOUT_POLL);
  }

  static String ago(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 7200) {
      return (seconds / 60) + "m";
    }
    return (seconds / 3600) + "h" + ((seconds % 3600) / 60) + "m";
  }
}
