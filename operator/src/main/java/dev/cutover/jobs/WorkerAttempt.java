package dev.cutover.jobs;

import dev.cutover.api.Migration;
import dev.cutover.api.SequenceSide;
import java.util.Objects;

/**
 * One attempt of one run of a Migration: what a worker Job is built for and found by.
 *
 * <p>The attempt number is the Job's identity within (Migration uid, run kind): {@link
 * WorkerJobs#ensure} adopts any Job that carries the same number, finished or not. A new run after a
 * finished one (a re-verification, a backfill after a rollback) must therefore take a higher number
 * than every earlier Job of that kind; {@link WorkerJobs#nextAttempt} gives one.
 *
 * @param migration the Migration, as read from the API server (it needs a name, namespace and uid)
 * @param kind backfill, verify, preflight or sequences
 * @param attempt from 1
 * @param repair verify only: pass {@code --repair} so the worker rewrites differing rows from the primary
 * @param targetIsPrimary the target takes the primary writes (reverse-shadow, new): a repair rewrites
 *     the source from the target ({@code --primary target})
 * @param backfillRun backfill only: the run this attempt belongs to (its first attempt's number);
 *     retries of a run resume its checkpoints, a new run copies everything again
 * @param sequencesTo sequences only: the side whose sequences move ({@code --to}); null for other kinds
 */
public record WorkerAttempt(
    Migration migration, RunKind kind, int attempt, boolean repair, boolean targetIsPrimary, int backfillRun,
    SequenceSide sequencesTo) {

  /** A run while the source is primary; a backfill attempt is its own run. */
  public WorkerAttempt(Migration migration, RunKind kind, int attempt, boolean repair) {
    this(migration, kind, attempt, repair, false, attempt, null);
  }

  /** A verification attempt. */
  public WorkerAttempt(Migration migration, RunKind kind, int attempt, boolean repair, boolean targetIsPrimary) {
    this(migration, kind, attempt, repair, targetIsPrimary, attempt, null);
  }

  /** A backfill attempt that belongs to the run started by attempt {@code backfillRun}. */
  public static WorkerAttempt backfill(Migration migration, int attempt, int backfillRun) {
    return new WorkerAttempt(migration, RunKind.BACKFILL, attempt, false, false, backfillRun, null);
  }

  /** A preflight attempt ({@code cutover preflight}). */
  public static WorkerAttempt preflight(Migration migration, int attempt) {
    return new WorkerAttempt(migration, RunKind.PREFLIGHT, attempt, false, false, attempt, null);
  }

  /** A sequences attempt ({@code cutover sequences --to <to>}). */
  public static WorkerAttempt sequences(Migration migration, int attempt, SequenceSide to) {
    return new WorkerAttempt(migration, RunKind.SEQUENCES, attempt, false, false, attempt,
        Objects.requireNonNull(to, "to"));
  }

  public WorkerAttempt {
    Objects.requireNonNull(migration, "migration");
    Objects.requireNonNull(kind, "kind");
    var meta = migration.getMetadata();
    String name = meta == null ? null : meta.getName();
    if (isBlank(name)) {
      throw new IllegalArgumentException("the Migration has no metadata.name; read it from the API server before building a Job");
    }
    if (meta.getNamespace() == null || meta.getNamespace().isBlank()) {
      throw new IllegalArgumentException("Migration " + name + " has no metadata.namespace; read it from the API server before building a Job");
    }
    if (isBlank(meta.getUid())) {
      throw new IllegalArgumentException("Migration " + meta.getNamespace() + "/" + name
          + " has no metadata.uid: Jobs are labelled and owned by uid, so read the Migration from the API server before building a Job");
    }
    if (migration.getSpec() == null) {
      throw new IllegalArgumentException("Migration " + meta.getNamespace() + "/" + name + " has no spec");
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be 1 or more for Migration " + meta.getNamespace() + "/" + name + ", got " + attempt);
    }
    if (backfillRun < 1 || backfillRun > attempt) {
      throw new IllegalArgumentException("backfillRun must be between 1 and the attempt (" + attempt + "), got " + backfillRun);
    }
    if ((kind == RunKind.SEQUENCES) != (sequencesTo != null)) {
      throw new IllegalArgumentException("the side to move sequences to is given for sequences runs, and only for them"
          + " (Migration " + meta.getNamespace() + "/" + name + ")");
    }
    if (repair && kind != RunKind.VERIFY) {
      throw new IllegalArgumentException("repair applies to verify runs only (Migration " + meta.getNamespace() + "/" + name + ")");
    }
  }

  /** A backfill attempt. */
  public static WorkerAttempt backfill(Migration migration, int attempt) {
    return new WorkerAttempt(migration, RunKind.BACKFILL, attempt, false);
  }

  /** A verify attempt, repairing when {@code spec.verification.repair} says so. */
  public static WorkerAttempt verify(Migration migration, int attempt) {
    var verification = migration == null || migration.getSpec() == null ? null : migration.getSpec().verification;
    return new WorkerAttempt(migration, RunKind.VERIFY, attempt, verification != null && verification.repair);
  }

  public String name() {
    return migration.getMetadata().getName();
  }

  public String namespace() {
    return migration.getMetadata().getNamespace();
  }

  public String uid() {
    return migration.getMetadata().getUid();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
