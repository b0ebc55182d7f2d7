package dev.cutover.reconciler;

import dev.cutover.api.FlagsStatus;
import dev.cutover.api.Migration;
import dev.cutover.api.MigrationStatus;
import dev.cutover.api.Phase;
import dev.cutover.flags.AppliedFlags;
import dev.cutover.flags.FlagConfigMap;
import dev.cutover.flags.FlagValues;
import dev.cutover.flags.WorkloadRollout;
import dev.cutover.jobs.RunKind;
import dev.cutover.jobs.WorkerJobs;
import dev.cutover.jobs.WorkerAttempt;
import dev.cutover.phase.Action;
import dev.cutover.phase.Decision;
import dev.cutover.phase.EventReason;
import dev.cutover.phase.Timestamps;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * Does what a decision asks, in order, recording on the status what each action did. An action
 * that fails throws: the caller writes no status and reconciles again, and every action is safe to
 * repeat (flags are patched to a value, Jobs are adopted by their attempt label).
 */
final class MigrationActions {
  private final FlagConfigMap flags;
  private final WorkloadRollout rollout;
  private final WorkerJobs jobs;
  private final MigrationEvents events;

  MigrationActions(FlagConfigMap flags, WorkloadRollout rollout, WorkerJobs jobs, MigrationEvents events) {
    this.flags = flags;
    this.rollout = rollout;
    this.jobs = jobs;
    this.events = events;
  }

  void perform(Migration migration, MigrationStatus status, Decision decision) {
    for (Action action : decision.actions()) {
      if (action instanceof Action.ApplyFlags apply) {
        applyFlags(migration, status, apply, decision);
      } else if (action instanceof Action.StartBackfill start) {
        // Retries of a run resume its checkpoints; the run is named by its first attempt.
        int run = start.request().attempt() - start.request().runAttempt() + 1;
        Job job = jobs.ensure(WorkerAttempt.backfill(migration, start.request().attempt(), run));
        status.backfill = start.request().startedStatus(job.getMetadata().getName(), decision.decidedAt(), status.backfill);
      } else if (action instanceof Action.StartVerification start) {
        Phase phase = start.request().phase();
        boolean targetIsPrimary = phase == Phase.REVERSE_SHADOW || phase == Phase.NEW;
        Job job = jobs.ensure(new WorkerAttempt(migration, RunKind.VERIFY, start.request().attempt(), start.request().repair(), targetIsPrimary));
        status.verification = start.request().startedStatus(job.getMetadata().getName(), decision.decidedAt());
      } else if (action instanceof Action.StartPreflight start) {
        Job job = jobs.ensure(WorkerAttempt.preflight(migration, start.request().attempt()));
        status.preflight = start.request().startedStatus(job.getMetadata().getName(), decision.decidedAt());
      } else if (action instanceof Action.StartSequences start) {
        Job job = jobs.ensure(WorkerAttempt.sequences(migration, start.request().attempt(), start.request().to()));
        status.sequences = start.request().startedStatus(job.getMetadata().getName(), decision.decidedAt(), status.sequences);
      } else if (action instanceof Action.RecordTransition transition) {
        events.normal(migration, EventReason.of(transition.reason()), transition.message());
      } else if (action instanceof Action.RecordEvent event) {
        events.record(migration, event.type(), EventReason.of(event.reason()), event.message());
      }
    }
  }

  private void applyFlags(Migration migration, MigrationStatus status, Action.ApplyFlags apply, Decision decision) {
    FlagValues values = FlagValues.forPhase(apply.phase(), apply.flags().readPercent(), migration.getSpec().readRamp.cohorts);
    AppliedFlags applied = flags.apply(migration, values);
    rollout.restart(migration, applied.hash());
    FlagsStatus recorded = new FlagsStatus();
    recorded.hash = applied.hash();
    recorded.appliedAt = Timestamps.format(decision.decidedAt());
    recorded.phase = apply.phase();
    recorded.readPercent = apply.flags().readPercent();
    status.flags = recorded;
  }
}
