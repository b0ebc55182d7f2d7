package dev.cutover.sandbox;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the Job controller tracks for one Job: which completion indexes are waiting, running and
 * done, how many pods failed against {@code backoffLimit} (default 6), and the Job's status by the
 * rules of {@code batch/v1}: Complete (with SuccessCriteriaMet) once every completion succeeded,
 * Failed (with FailureTarget) once failures exceed backoffLimit or activeDeadlineSeconds passed,
 * written only when no pod is still running (except for a deadline, whose pods the sandbox cannot
 * kill).
 */
final class JobRun {
  static final int DEFAULT_BACKOFF_LIMIT = 6;

  private final Job job;
  private final int completions;
  private final int parallelism;
  private final int backoffLimit;
  private final boolean indexed;
  private final Deque<Integer> pending = new ArrayDeque<>();
  private final SortedSet<Integer> active = new TreeSet<>();
  private final SortedSet<Integer> succeeded = new TreeSet<>();
  private final List<String> pods = new ArrayList<>();
  private int failedPods;
  private Instant startTime;
  private Instant completionTime;
  private String failureReason;
  private String failureMessage;

  JobRun(Job job) {
    this.job = job;
    var spec = job.getSpec();
    this.completions = spec.getCompletions() == null ? 1 : spec.getCompletions();
    this.parallelism = spec.getParallelism() == null ? 1 : Math.max(0, spec.getParallelism());
    this.backoffLimit = spec.getBackoffLimit() == null ? DEFAULT_BACKOFF_LIMIT : spec.getBackoffLimit();
    this.indexed = "Indexed".equals(spec.getCompletionMode());
    for (int index = 0; index < completions; index++) {
      pending.add(index);
    }
  }

  Job job() {
    return job;
  }

  String name() {
    return job.getMetadata().getName();
  }

  String uid() {
    return job.getMetadata().getUid();
  }

  boolean indexed() {
    return indexed;
  }

  int completions() {
    return completions;
  }

  synchronized List<String> pods() {
    return List.copyOf(pods);
  }

  synchronized void podCreated(String pod) {
    pods.add(pod);
  }

  /** The next completion index to start a pod for, within parallelism, unless the Job is finished. */
  synchronized Optional<Integer> startNext() {
    if (failureReason != null || completionTime != null || active.size() >= parallelism || pending.isEmpty()) {
      return Optional.empty();
    }
    int index = pending.poll();
    active.add(index);
    if (startTime == null) {
      startTime = Instant.now();
    }
    return Optional.of(index);
  }

  /** A pod of {@code index} terminated; a failed one is replaced until backoffLimit is exceeded. */
  synchronized void podFinished(int index, boolean succeededPod) {
    active.remove(index);
    if (succeededPod) {
      succeeded.add(index);
      if (succeeded.size() == completions) {
        completionTime = Instant.now();
      }
      return;
    }
    failedPods++;
    if (failedPods > backoffLimit) {
      fail("BackoffLimitExceeded", "Job has reached the specified backoff limit");
    } else {
      pending.addFirst(index);
    }
  }

  /** Fails the Job once activeDeadlineSeconds passed; true when that happened now. */
  synchronized boolean checkDeadline(Instant now) {
    Long deadline = job.getSpec().getActiveDeadlineSeconds();
    if (deadline == null || startTime == null || terminal() || failureReason != null) {
      return false;
    }
    if (now.isAfter(startTime.plusSeconds(deadline))) {
      fail("DeadlineExceeded", "Job was active longer than specified deadline");
      return true;
    }
    return false;
  }

  private void fail(String reason, String message) {
    if (failureReason == null) {
      failureReason = reason;
      failureMessage = message;
    }
  }

  /** True when the Job's status says Complete or Failed. */
  synchronized boolean terminal() {
    return completionTime != null
        || failureReason != null && (active.isEmpty() || "DeadlineExceeded".equals(failureReason));
  }

  synchronized JobStatus status() {
    JobStatus status = new JobStatus();
    status.setStartTime(startTime == null ? null : startTime.toString());
    status.setActive(terminal() ? 0 : active.size());
    status.setReady(terminal() ? 0 : active.size());
    status.setTerminating(0);
    status.setSucceeded(succeeded.size());
    status.setFailed(failedPods);
    status.setUncountedTerminatedPods(new UncountedTerminatedPods());
    if (indexed) {
      status.setCompletedIndexes(ranges(succeeded));
    }
    List<JobCondition> conditions = new ArrayList<>();
    if (completionTime != null) {
      conditions.add(condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"));
      conditions.add(condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods"));
      status.setCompletionTime(completionTime.toString());
    } else if (terminal()) {
      conditions.add(condition("FailureTarget", failureReason, failureMessage));
      conditions.add(condition("Failed", failureReason, failureMessage));
    }
    status.setConditions(conditions);
    return status;
  }

  private static JobCondition condition(String type, String reason, String message) {
    String now = Instant.now().toString();
    return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
        .withLastProbeTime(now).withLastTransitionTime(now).build();
  }

  /** Completed indexes as the Job controller writes them: {@code 0,2-4}. */
  static String ranges(SortedSet<Integer> indexes) {
    List<String> parts = new ArrayList<>();
    Integer start = null;
    Integer previous = null;
    for (int index : indexes) {
      if (start == null) {
        start = index;
      } else if (index != previous + 1) {
        parts.add(start.equals(previous) ? start.toString() : start + "-" + previous);
        start = index;
      }
      previous = index;
    }
    if (start != null) {
      parts.add(start.equals(previous) ? start.toString() : start + "-" + previous);
    }
    return String.join(",", parts);
  }
}
