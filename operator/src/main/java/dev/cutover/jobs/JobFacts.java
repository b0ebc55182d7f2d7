package dev.cutover.jobs;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The parts of a worker Job and its pods that decide its outcome. */
record JobFacts(
    String name,
    RunKind kind,
    int attempt,
    boolean customTemplate,
    int completions,
    int succeeded,
    int failed,
    int active,
    int backoffLimit,
    Optional<JobCondition> complete,
    Optional<JobCondition> failure,
    List<PodReport> reports,
    String startedAt,
    String finishedAt) {

  static JobFacts of(Job job, List<Pod> pods) {
    Objects.requireNonNull(job, "job");
    if (job.getMetadata() == null || job.getMetadata().getName() == null) {
      throw new IllegalArgumentException("a Job without metadata.name cannot be read: pass a Job as returned by the API server");
    }
    String name = job.getMetadata().getName();
    RunKind kind = JobLabels.runKindOf(job).orElseThrow(() -> new IllegalArgumentException(
        "Job " + name + " has no valid cutover.dev/run label (backfill, verify, preflight or sequences): it is not a Cutover worker Job"));
    int attempt = JobLabels.attemptOf(job).orElseThrow(() -> new IllegalArgumentException(
        "Job " + name + " has no valid cutover.dev/attempt label: it is not a Cutover worker Job"));
    JobStatus status = job.getStatus() == null ? new JobStatus() : job.getStatus();
    var spec = job.getSpec();
    Optional<JobCondition> complete = condition(job, "Complete");
    Optional<JobCondition> failure = condition(job, "Failed");
    List<PodReport> reports = PodResults.latestPerIndex(job, pods == null ? List.of() : pods);
    return new JobFacts(
        name, kind, attempt, JobLabels.runsCustomTemplate(job),
        spec == null || spec.getCompletions() == null ? 1 : spec.getCompletions(),
        orZero(status.getSucceeded()), orZero(status.getFailed()), orZero(status.getActive()),
        spec == null || spec.getBackoffLimit() == null ? 6 : spec.getBackoffLimit(),
        complete, failure, reports,
        status.getStartTime() != null ? status.getStartTime() : job.getMetadata().getCreationTimestamp(),
        finishedAt(status, complete, failure, reports));
  }

  static boolean conditionTrue(Job job, String type) {
    return condition(job, type).isPresent();
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equalsIgnoreCase(c.getStatus()))
        .findFirst();
  }

  private static String finishedAt(JobStatus status, Optional<JobCondition> complete, Optional<JobCondition> failure,
      List<PodReport> reports) {
    if (failure.isPresent() && failure.get().getLastTransitionTime() != null) {
      return failure.get().getLastTransitionTime();
    }
    if (status.getCompletionTime() != null) {
      return status.getCompletionTime();
    }
    if (complete.isPresent() && complete.get().getLastTransitionTime() != null) {
      return complete.get().getLastTransitionTime();
    }
    // Counts without conditions yet: the last pod to terminate.
    return reports.stream().map(PodReport::finishedAt).filter(Objects::nonNull).max(String::compareTo).orElse(null);
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
