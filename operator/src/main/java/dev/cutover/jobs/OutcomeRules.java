package dev.cutover.jobs;

import dev.cutover.api.RunState;
import dev.cutover.api.TableRows;
import dev.cutover.api.TableVerification;
import dev.cutover.api.WorkerExit;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The rules that turn a Job's facts into its outcome; see {@link JobOutcome} for the contract. */
final class OutcomeRules {
  /** Waiting reasons after which a pod will not start by itself. */
  static final Set<String> CANNOT_START = Set.of(
      "CreateContainerConfigError", "CreateContainerError", "ErrImagePull", "ImagePullBackOff",
      "InvalidImageName", "ErrImageNeverPull", "RunContainerError");
  private static final int MAX_PODS_DESCRIBED = 3;

  private OutcomeRules() {}

  static JobOutcome decide(JobFacts f) {
    if (failed(f)) {
      if (f.kind() == RunKind.PREFLIGHT && allExited(f, WorkerExit.BAD_INPUT)) {
        return PreflightAndSequencesOutcome.refused(f);
      }
      return f.kind() == RunKind.VERIFY && !f.customTemplate() && foundMismatches(f) ? mismatches(f) : failure(f);
    }
    if (f.complete().isPresent() || (f.active() == 0 && f.succeeded() >= f.completions())) {
      return switch (f.kind()) {
        case VERIFY -> verified(f);
        case BACKFILL -> backfilled(f);
        case PREFLIGHT -> PreflightAndSequencesOutcome.passed(f);
        case SEQUENCES -> PreflightAndSequencesOutcome.moved(f);
      };
    }
    return running(f);
  }

  /** Every terminated pod ended with {@code exit} (and at least one did). */
  private static boolean allExited(JobFacts f, WorkerExit exit) {
    List<PodReport> terminated = f.reports().stream().filter(PodReport::terminated).toList();
    return !terminated.isEmpty()
        && terminated.stream().allMatch(r -> WorkerExit.of(r.effectiveExitCode()).equals(Optional.of(exit)));
  }

  private static boolean failed(JobFacts f) {
    return f.failure().isPresent()
        || (f.complete().isEmpty() && f.active() == 0 && f.failed() > f.backoffLimit());
  }

  /** The worker exits 1 when it compared everything and found rows that differ: a finished run. */
  private static boolean foundMismatches(JobFacts f) {
    List<Optional<WorkerExit>> exits = f.reports().stream().filter(PodReport::terminated)
        .map(r -> WorkerExit.of(r.result() == null ? null : r.result().exitCode)).toList();
    return !exits.isEmpty()
        && exits.stream().allMatch(e -> e.filter(exit -> exit == WorkerExit.OK || exit == WorkerExit.MISMATCHES).isPresent())
        && exits.contains(Optional.of(WorkerExit.MISMATCHES));
  }

  private static JobOutcome failure(JobFacts f) {
    String jobReason = f.failure().map(JobCondition::getReason).filter(OutcomeRules::present)
        .orElse(f.failure().isPresent() ? "JobFailed" : "PodFailed");
    List<PodReport> failing = f.reports().stream()
        .filter(r -> r.terminated() && !Objects.equals(r.effectiveExitCode(), 0)).toList();
    String reason = f.customTemplate() ? jobReason : workerReason(failing).orElse(jobReason);
    boolean retryable = f.customTemplate()
        || failing.stream().noneMatch(r -> WorkerExit.of(r.effectiveExitCode()).equals(Optional.of(WorkerExit.BAD_INPUT)));
    String condition = f.failure().map(JobCondition::getMessage).filter(OutcomeRules::present)
        .map(m -> ": " + StatusText.bounded(m, StatusText.MAX_DETAIL)).orElse("");
    return new JobOutcome(f, RunState.Failed, reason,
        "Job " + f.name() + " failed (" + jobReason + condition + ")" + describe(failing), retryable, null);
  }

  /** The most telling reason the worker pods give, over the Job's generic one. */
  private static Optional<String> workerReason(List<PodReport> failing) {
    for (PodReport pod : failing) {
      Optional<WorkerExit> exit = WorkerExit.of(pod.effectiveExitCode());
      if (exit.equals(Optional.of(WorkerExit.BAD_INPUT))) {
        return Optional.of("InvalidConfiguration");
      }
      if ("OOMKilled".equals(pod.terminatedReason())) {
        return Optional.of("OOMKilled");
      }
      if (exit.equals(Optional.of(WorkerExit.STORE_FAILED))) {
        return Optional.of("StoreFailed");
      }
    }
    return Optional.empty();
  }

  private static JobOutcome mismatches(JobFacts f) {
    return new JobOutcome(f, RunState.Succeeded, "MismatchesFound", differences(f) + missingResults(f), true, false);
  }

  private static JobOutcome verified(JobFacts f) {
    if (f.customTemplate()) {
      return new JobOutcome(f, RunState.Succeeded, null, "Job " + f.name() + " completed", true, true);
    }
    long withResult = f.reports().stream().filter(r -> r.result() != null).count();
    if (withResult < f.completions()) {
      return new JobOutcome(f, RunState.Failed, "NoResult",
          "Job " + f.name() + " completed but " + (f.completions() - withResult) + " of " + f.completions()
              + " verify pods left no readable result, so parity is not proven" + missingResults(f), true, null);
    }
    boolean ok = f.reports().stream().allMatch(r -> r.result() == null || r.result().ok);
    if (!ok) {
      return mismatches(f);
    }
    List<TableVerification> tables = TableTotals.verification(f.reports());
    long mismatches = tables.stream().mapToLong(t -> t.mismatches).sum();
    return new JobOutcome(f, RunState.Succeeded, null, tables.size() + " tables compared, "
        + mismatches + " mismatching rows (within maxMismatches)", true, true);
  }

  private static JobOutcome backfilled(JobFacts f) {
    List<TableRows> tables = TableTotals.rows(f.reports());
    long rows = tables.stream().mapToLong(t -> t.rows).sum();
    String message = f.customTemplate() && tables.isEmpty()
        ? "Job " + f.name() + " completed"
        : rows + " rows copied into " + tables.size() + " tables by " + f.completions() + " pods";
    return new JobOutcome(f, RunState.Succeeded, null,
        message + (f.customTemplate() ? "" : missingResults(f)), true, null);
  }

  private static JobOutcome running(JobFacts f) {
    for (PodReport pod : f.reports()) {
      if (pod.waitingReason() != null && CANNOT_START.contains(pod.waitingReason())) {
        return new JobOutcome(f, RunState.Running, pod.waitingReason(), "pod " + pod.pod() + " of Job " + f.name()
            + " cannot start: " + pod.waitingReason()
            + (pod.waitingMessage() == null ? "" : ": " + pod.waitingMessage()), true, null);
      }
    }
    return new JobOutcome(f, RunState.Running, null,
        "Job " + f.name() + ": " + f.succeeded() + " of " + f.completions() + " pods succeeded", true, null);
  }

  private static String differences(JobFacts f) {
    String tables = TableTotals.verification(f.reports()).stream()
        .filter(t -> t.mismatches > 0)
        .map(t -> t.name + ": " + t.mismatches + " rows (" + t.missingInTarget + " missing in target, "
            + t.missingInSource + " missing in source, " + t.different + " different)")
        .collect(Collectors.joining("; "));
    String errors = f.reports().stream().map(r -> r.result() == null ? null : r.result().error)
        .filter(OutcomeRules::present).findFirst().map(e -> ": " + StatusText.bounded(e, StatusText.MAX_DETAIL)).orElse("");
    return tables.isEmpty() ? "verification did not pass" + errors : "tables differ: " + tables;
  }

  private static String describe(List<PodReport> failing) {
    StringBuilder text = new StringBuilder();
    failing.stream().limit(MAX_PODS_DESCRIBED).forEach(pod -> {
      text.append("; pod ").append(pod.pod()).append(" (index ").append(pod.index()).append(")");
      if (pod.exitCode() != null) {
        text.append(" exit ").append(pod.exitCode());
      }
      if (present(pod.terminatedReason())) {
        text.append(" ").append(pod.terminatedReason());
      }
      if (pod.result() != null && present(pod.result().error)) {
        text.append(": ").append(StatusText.bounded(pod.result().error, StatusText.MAX_DETAIL));
      } else if (pod.problem() != null) {
        text.append(": ").append(pod.problem());
      }
    });
    if (failing.size() > MAX_PODS_DESCRIBED) {
      text.append("; and ").append(failing.size() - MAX_PODS_DESCRIBED).append(" more pods");
    }
    return text.toString();
  }

  private static String missingResults(JobFacts f) {
    List<String> pods = f.reports().stream().filter(r -> r.problem() != null).map(PodReport::pod).toList();
    if (pods.isEmpty()) {
      return "";
    }
    return "; " + pods.size() + " pods left no readable result: "
        + pods.stream().limit(MAX_PODS_DESCRIBED).collect(Collectors.joining(", "));
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
