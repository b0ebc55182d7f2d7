package dev.cutover.jobs;

import dev.cutover.api.BackfillStatus;
import dev.cutover.api.PreflightProblem;
import dev.cutover.api.PreflightStatus;
import dev.cutover.api.SequencesStatus;
import dev.cutover.api.RunState;
import dev.cutover.api.TableRows;
import dev.cutover.api.TableVerification;
import dev.cutover.api.VerificationStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;

/**
 * What a worker Job came to: running, succeeded or failed, why, and the per-table results summed
 * over its pods. Pure: give it the Job and its pods (see {@link WorkerJobs#outcome(Job)}).
 *
 * <p>State comes from the Job's Complete and Failed conditions, or from its counts while the
 * conditions are not written yet (succeeded == completions: done). One verify rule on top: the
 * worker exits 1 when it finds mismatches, which fails the Job (backoffLimit 0), yet the run did
 * finish and its answer is "not passed": such a Job is {@link RunState#Succeeded} with {@link
 * #passed()} false, as VerificationStatus documents. A default verify pod without a readable
 * result proves nothing, so that run is Failed (NoResult) and retryable.
 *
 * <p>Nothing from a termination message is echoed except the fields of a parsed WorkerResult,
 * which the worker keeps free of secrets; every text is single-line and bounded.
 */
public final class JobOutcome {
  private final String job;
  private final RunKind kind;
  private final int attempt;
  private final RunState state;
  private final String reason;
  private final String message;
  private final boolean retryable;
  private final Boolean passed;
  private final List<PodReport> pods;
  private final boolean customTemplate;
  private final String startedAt;
  private final String finishedAt;

  JobOutcome(JobFacts facts, RunState state, String reason, String message, boolean retryable, Boolean passed) {
    this.job = facts.name();
    this.kind = facts.kind();
    this.attempt = facts.attempt();
    this.state = state;
    this.reason = reason;
    this.message = StatusText.bounded(message, StatusText.MAX_MESSAGE);
    this.retryable = retryable;
    this.passed = passed;
    this.pods = List.copyOf(facts.reports());
    this.customTemplate = facts.customTemplate();
    this.startedAt = facts.startedAt();
    this.finishedAt = state == RunState.Running ? null : facts.finishedAt();
  }

  /** Reads a worker Job and the pods it created (pods of other Jobs are ignored). */
  public static JobOutcome read(Job job, List<Pod> pods) {
    return OutcomeRules.decide(JobFacts.of(job, pods));
  }

  /** True when the Job has a Complete or Failed condition: its pods are done and it may be pruned. */
  public static boolean isFinished(Job job) {
    return JobFacts.conditionTrue(job, "Complete") || JobFacts.conditionTrue(job, "Failed");
  }

  /** The Job's name. */
  public String job() {
    return job;
  }

  public RunKind kind() {
    return kind;
  }

  /** The attempt label of the Job. */
  public int attempt() {
    return attempt;
  }

  public RunState state() {
    return state;
  }

  /**
   * A short CamelCase reason: when Failed, the most specific known one (InvalidConfiguration,
   * StoreFailed, OOMKilled, NoResult, else the Job condition's: BackoffLimitExceeded,
   * DeadlineExceeded, ...); when Running, a reason the pod cannot start (CreateContainerConfigError,
   * ImagePullBackOff, ...) or null; when a verify found mismatches, MismatchesFound.
   */
  public String reason() {
    return reason;
  }

  /** A bounded, secret-free sentence for status and Events. */
  public String message() {
    return message;
  }

  /**
   * Whether another attempt could succeed: false when the worker said its input or configuration is
   * wrong (exit 2), which a new Job would only repeat.
   */
  public boolean retryable() {
    return retryable;
  }

  /**
   * Verify and preflight: true when the run finished with every pod's verdict ok; false on
   * mismatches or a refusal; null while running, on failure, or for a backfill or sequences run.
   */
  public Boolean passed() {
    return passed;
  }

  /** Backfill: rows copied per table, summed over the pods' results (so far, for a running or failed Job). */
  public List<TableRows> rows() {
    return TableTotals.rows(pods);
  }

  /** Verify: counts per table summed over the pods' results, with up to 10 sample keys each. */
  public List<TableVerification> verification() {
    return TableTotals.verification(pods);
  }

  /** Verify: mismatching rows over all tables. */
  public long mismatches() {
    return verification().stream().mapToLong(t -> t.mismatches).sum();
  }

  /** Preflight: the first problems of a refusal (at most PreflightStatus.MAX_PROBLEMS), each naming its table and column. */
  public List<PreflightProblem> problems() {
    return PreflightAndSequencesOutcome.problems(pods);
  }

  /** Preflight: how many problems the worker listed in its result. */
  public int problemCount() {
    return PreflightAndSequencesOutcome.problemCount(pods);
  }

  /** Sequences: how many sequences the worker moved. */
  public int sequencesMoved() {
    return PreflightAndSequencesOutcome.sequencesMoved(pods);
  }

  /** The last pod of each completion index, in index order. */
  public List<PodReport> pods() {
    return pods;
  }

  /** Terminated pods with no readable result, as "pod: why" (expected for a custom template that writes none). */
  public List<String> podsWithoutResult() {
    List<String> names = new ArrayList<>();
    pods.stream().filter(p -> p.problem() != null).forEach(p -> names.add(p.pod() + ": " + p.problem()));
    return names;
  }

  /** Whether the Job runs spec.backfill.template, for which the JSON result is optional. */
  public boolean customTemplate() {
    return customTemplate;
  }

  /** When the Job started (RFC 3339): its status.startTime, else its creation. */
  public String startedAt() {
    return startedAt;
  }

  /** When the Job finished (RFC 3339), null while running. */
  public String finishedAt() {
    return finishedAt;
  }

  public boolean isRunning() {
    return state == RunState.Running;
  }

  /**
   * Writes what this Job says into a backfill status: job, attempt, state, tables, finishedAt, and
   * startedAt when not set yet (it is the first attempt's). failureReason is set when Failed,
   * cleared when Succeeded and kept while Running, so the last failure stays visible during a retry.
   */
  public void applyTo(BackfillStatus status) {
    status.job = job;
    status.attempt = attempt;
    status.state = state;
    status.tables = rows();
    status.finishedAt = finishedAt;
    if (status.startedAt == null) {
      status.startedAt = startedAt;
    }
    if (state == RunState.Failed) {
      status.failureReason = reason + ": " + message;
    } else if (state == RunState.Succeeded) {
      status.failureReason = null;
    }
  }

  /**
   * Writes what this Job says into a verification status: job, attempt, state, passed, startedAt,
   * finishedAt, mismatches, message, tables. phase and readPercent are the caller's: they describe
   * the flags when the Job was started.
   */
  public void applyTo(VerificationStatus status) {
    status.job = job;
    status.attempt = attempt;
    status.state = state;
    status.passed = passed;
    status.startedAt = startedAt;
    status.finishedAt = finishedAt;
    status.tables = verification();
    status.mismatches = status.tables.stream().mapToLong(t -> t.mismatches).sum();
    status.message = message;
  }

  /**
   * Writes what this Job says into a preflight status: job, attempt, state, passed, finishedAt, the
   * first problems and their count, message. startedAt is the caller's (the operator's clock).
   */
  public void applyTo(PreflightStatus status) {
    status.job = job;
    status.attempt = attempt;
    status.state = state;
    status.passed = passed;
    status.finishedAt = finishedAt;
    status.problems = problems();
    status.problemCount = state == RunState.Running ? null : problemCount();
    status.message = state == RunState.Failed ? reason + ": " + message : message;
  }

  /**
   * Writes what this Job says into a sequences status: job, attempt, state, finishedAt; on success
   * syncedAt and the count of sequences moved, on failure failureReason. to and startedAt are the
   * caller's.
   */
  public void applyTo(SequencesStatus status) {
    status.job = job;
    status.attempt = attempt;
    status.state = state;
    status.finishedAt = finishedAt;
    if (state == RunState.Succeeded) {
      status.syncedAt = finishedAt;
      status.sequences = sequencesMoved();
      status.failureReason = null;
    } else if (state == RunState.Failed) {
      status.failureReason = reason + ": " + message;
    }
  }

  @Override
  public String toString() {
    return "JobOutcome{" + job + " " + kind.value() + " attempt " + attempt + ": " + state
        + (reason == null ? "" : " " + reason) + "}";
  }
}
