package dev.cutover.reconciler;

import dev.cutover.phase.EventReason;

import dev.cutover.api.Migration;
import dev.cutover.api.MigrationStatus;
import dev.cutover.api.PreflightStatus;
import dev.cutover.api.RunState;
import dev.cutover.api.SequencesStatus;
import dev.cutover.jobs.JobOutcome;
import dev.cutover.jobs.RunKind;
import dev.cutover.jobs.WorkerJobs;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Optional;

/**
 * Keeps status.preflight and status.sequences up to date with their Jobs while they run, as the
 * observer does for backfills and verifications. startedAt stays the one recorded at creation, on
 * the operator's clock, which the engine compares with the phase's start.
 */
final class PreflightAndSequencesJobs {
  private final WorkerJobs jobs;

  PreflightAndSequencesJobs(WorkerJobs jobs) {
    this.jobs = jobs;
  }

  void refresh(Migration migration, MigrationStatus status) {
    refreshPreflight(migration, status.preflight);
    refreshSequences(migration, status.sequences);
  }

  private void refreshPreflight(Migration migration, PreflightStatus preflight) {
    if (preflight == null || preflight.state != RunState.Running) {
      return;
    }
    Optional<Job> job = jobs.find(migration, RunKind.PREFLIGHT, preflight.attempt);
    if (job.isEmpty()) {
      preflight.state = RunState.Failed;
      preflight.message = "JobDeleted: Job " + preflight.job + " no longer exists; a new attempt follows";
      return;
    }
    JobOutcome outcome = jobs.outcome(job.get());
    outcome.applyTo(preflight);
    pruneWhenFinished(migration, preflight.state, RunKind.PREFLIGHT);
  }

  private void refreshSequences(Migration migration, SequencesStatus sequences) {
    if (sequences == null || sequences.state != RunState.Running) {
      return;
    }
    Optional<Job> job = jobs.find(migration, RunKind.SEQUENCES, sequences.attempt);
    if (job.isEmpty()) {
      sequences.state = RunState.Failed;
      sequences.failureReason = "JobDeleted: Job " + sequences.job + " no longer exists; a new attempt follows";
      return;
    }
    jobs.outcome(job.get()).applyTo(sequences);
    pruneWhenFinished(migration, sequences.state, RunKind.SEQUENCES);
  }

  /**
   * Announces the runs that finished in this reconcile ({@code before} is the status as it was read,
   * {@code after} as the Jobs left it): a passed preflight and a move of the sequences are Events of
   * their own; a refusal and failures are announced by the engine's decision.
   */
  static void announce(Migration migration, MigrationStatus before, MigrationStatus after, MigrationEvents events) {
    if (before.preflight != null && before.preflight.state == RunState.Running && after.preflight != null
        && after.preflight.state == RunState.Succeeded && Boolean.TRUE.equals(after.preflight.passed)) {
      events.normal(migration, EventReason.PreflightPassed, "The preflight (Job " + after.preflight.job + ") found every table,"
          + " column, type, key, sequence and privilege in order for generation " + after.preflight.generation
          + "; nothing was written.");
    }
    if (before.sequences != null && before.sequences.state == RunState.Running && after.sequences != null
        && after.sequences.state == RunState.Succeeded) {
      long headroom = migration.getSpec().sequences == null ? 0 : migration.getSpec().sequences.headroom;
      events.normal(migration, EventReason.SequencesMoved, "Moved " + after.sequences.sequences + " sequences on the "
          + after.sequences.to + " (Job " + after.sequences.job + ") past every value either side has used, plus"
          + " spec.sequences.headroom (" + headroom + ").");
    }
  }

  private void pruneWhenFinished(Migration migration, RunState state, RunKind kind) {
    if (state != RunState.Running) {
      jobs.prune(migration, kind, WorkerJobs.DEFAULT_HISTORY);
    }
  }
}
